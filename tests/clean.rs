//! `seedlint clean` through the real binary: lossless, idempotent, reversible.

mod common;
use common::*;
use seedlint::clean::{restore, Drop};
use std::collections::HashMap;
use std::fs;
use std::io::Read;

fn read_jsonl(path: &std::path::Path) -> Vec<serde_json::Value> {
    let mut s = String::new();
    if path.extension().is_some_and(|e| e == "zst") {
        zstd::stream::read::Decoder::new(fs::File::open(path).unwrap()).unwrap().read_to_string(&mut s).unwrap();
    } else {
        s = fs::read_to_string(path).unwrap();
    }
    s.lines().map(|l| serde_json::from_str(l).unwrap()).collect()
}

#[test]
fn clean_is_reversible_and_idempotent() {
    let d = tempfile::tempdir().unwrap();
    let input = root().join("tests/data/seeds.jsonl.gz");
    let out = d.path().join("clean.jsonl.zst");
    let r = run_in(d.path(), &["clean", input.to_str().unwrap(), "-o", out.to_str().unwrap()]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.starts_with("5 document(s), 5 changed"), "{}", r.stdout);

    let original: HashMap<String, String> = read_jsonl(&root().join("tests/data/seeds.jsonl"))
        .into_iter()
        .map(|v| (v["id"].as_str().unwrap().to_string(), v["text"].as_str().unwrap().to_string()))
        .collect();
    let cleaned = read_jsonl(&out);
    assert_eq!(cleaned.len(), 5);
    let keys: Vec<&str> = cleaned[0].as_object().unwrap().keys().map(String::as_str).collect();
    assert_eq!(keys, ["id", "url", "title", "text", "seedlint"], "fields keep their order; the score is added");
    let score = &cleaned[0]["seedlint"];
    assert!(score["kept"].as_f64().unwrap() < 1.0 && score["removed_spans"]["boilerplate"].as_u64().unwrap() >= 6);

    // The drop log, replayed backwards, restores every document byte for byte.
    let drops: Vec<Drop> = fs::read_to_string(d.path().join("clean.jsonl.zst.drops.jsonl"))
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(drops.len(), 5);
    for (doc, drop) in cleaned.iter().zip(&drops) {
        let id = doc["id"].as_str().unwrap();
        assert_eq!(drop.id, id);
        assert_eq!(restore(doc["text"].as_str().unwrap(), &drop.spans), original[id], "{id}");
        for s in &drop.spans {
            assert!(!s.reason.is_empty());
        }
    }
    let teaser = drops[0].spans.iter().find(|s| s.text.contains("حاتم عمور")).unwrap();
    assert_eq!((teaser.code.as_deref(), teaser.rule.as_deref()), (Some("SL102"), Some("teaser-list")));

    // Cleaning twice changes nothing the second time.
    let again = d.path().join("again.jsonl.zst");
    let r = run_in(d.path(), &["clean", out.to_str().unwrap(), "-o", again.to_str().unwrap()]);
    assert!(r.stdout.starts_with("5 document(s), 0 changed"), "{}", r.stdout);
    assert_eq!(read_jsonl(&again), cleaned);
}

#[test]
fn dry_run_writes_nothing_and_text_files_clean_too() {
    let d = tempfile::tempdir().unwrap();
    let r = run_in(d.path(), &["clean", root().join("tests/data/seeds.jsonl").to_str().unwrap(), "--dry-run"]);
    assert_eq!(r.code, 0);
    assert!(r.stdout.contains("[dry run: nothing written]") && r.stdout.contains("SL101"), "{}", r.stdout);
    assert_eq!(fs::read_dir(d.path()).unwrap().count(), 0);

    let seed = root().join(seed("003"));
    let out = d.path().join("003.txt");
    assert_eq!(run_in(d.path(), &["clean", seed.to_str().unwrap(), "-o", out.to_str().unwrap()]).code, 0);
    let cleaned = fs::read_to_string(&out).unwrap();
    assert!(!cleaned.contains("اترك تعليق") && cleaned.contains("الفاروق بلخير"));
    let drop: Drop =
        serde_json::from_str(fs::read_to_string(d.path().join("003.txt.drops.jsonl")).unwrap().trim()).unwrap();
    assert_eq!(restore(&cleaned, &drop.spans), fs::read_to_string(&seed).unwrap());
}

#[test]
fn a_bad_record_is_copied_unchanged_and_reported() {
    let d = tempfile::tempdir().unwrap();
    let input = d.path().join("in.jsonl");
    fs::write(&input, "{\"id\": \"a\", \"text\": \"عاجل\\nنص طويل بما يكفي هنا.\\n\"}\n{broken\n").unwrap();
    let out = d.path().join("out.jsonl");
    let r = run_in(d.path(), &["clean", "in.jsonl", "-o", "out.jsonl"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("in.jsonl: line 2: not JSON") && r.stderr.contains("copied unchanged"), "{}", r.stderr);
    let lines: Vec<String> = fs::read_to_string(&out).unwrap().lines().map(str::to_string).collect();
    assert_eq!(lines.len(), 2);
    assert_eq!(lines[1], "{broken");
    assert!(!lines[0].contains("عاجل"));
}

#[test]
fn clean_never_writes_over_its_input() {
    let d = tempfile::tempdir().unwrap();
    let input = d.path().join("in.jsonl");
    let original = "{\"id\": \"a\", \"text\": \"عاجل\\nنص\\n\"}\n";
    fs::write(&input, original).unwrap();
    let r = run_in(d.path(), &["clean", "in.jsonl", "-o", "./in.jsonl"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("error: --output (./in.jsonl) is the input"), "{}", r.stderr);
    let r = run_in(d.path(), &["clean", "in.jsonl", "-o", "out.jsonl", "--log", "in.jsonl"]);
    assert!(r.stderr.contains("the drop log (in.jsonl) is the input"), "{}", r.stderr);
    let r = run_in(d.path(), &["clean", "in.jsonl", "-o", "out.jsonl", "--log", "out.jsonl"]);
    assert!(r.stderr.contains("the drop log and --output are the same file"), "{}", r.stderr);
    assert_eq!(fs::read_to_string(&input).unwrap(), original, "the input is untouched");
    assert!(!d.path().join("out.jsonl").exists());
}

#[test]
fn clean_applies_each_records_site_settings() {
    let d = tempfile::tempdir().unwrap();
    let body = "قال وزير الخارجية إن المفاوضات ستستأنف الأسبوع المقبل في العاصمة بعد توقف دام أشهر.";
    let text = format!("{body}\nشارك هذا المقال عبر تطبيق الموقع\n");
    let record = |id: &str, url: &str| serde_json::json!({"id": id, "url": url, "text": text}).to_string();
    let corpus = [record("a", "https://www.almayadeen.net/1"), record("c", "https://hespress.com/2")].join("\n");
    fs::write(d.path().join("in.jsonl"), corpus + "\n").unwrap();
    fs::write(
        d.path().join("seedlint.toml"),
        "[sites.\"almayadeen.net\"]\nline-phrases = [\"شارك هذا المقال عبر تطبيق الموقع\"]\n",
    )
    .unwrap();
    let r = run_in(d.path(), &["clean", "in.jsonl", "-o", "out.jsonl"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let out = read_jsonl(&d.path().join("out.jsonl"));
    assert_eq!(out[0]["text"], format!("{body}\n"), "the site's line is removed from its record");
    assert_eq!(out[1]["text"], text, "another site's record keeps it");
}
