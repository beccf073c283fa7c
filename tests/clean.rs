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

#[test]
fn clean_refuses_an_output_or_log_that_is_a_hard_link_of_the_input() {
    let d = tempfile::tempdir().unwrap();
    let original = "{\"id\": \"a\", \"text\": \"عاجل\\nنص\\n\"}\n";
    fs::write(d.path().join("in.jsonl"), original).unwrap();
    fs::hard_link(d.path().join("in.jsonl"), d.path().join("out.jsonl")).unwrap();
    let r = run_in(d.path(), &["clean", "in.jsonl", "-o", "out.jsonl"]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(r.stderr.contains("--output (out.jsonl) is the input, or a link to it"), "{}", r.stderr);
    fs::hard_link(d.path().join("in.jsonl"), d.path().join("log.jsonl")).unwrap();
    let r = run_in(d.path(), &["clean", "in.jsonl", "-o", "new.jsonl", "--log", "log.jsonl"]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(r.stderr.contains("the drop log (log.jsonl) is the input, or a link to it"), "{}", r.stderr);
    assert_eq!(fs::read_to_string(d.path().join("in.jsonl")).unwrap(), original, "the input is untouched");
    assert!(!d.path().join("new.jsonl").exists());
}

/// The Al Mayadeen corpus, `copies` times over, as one JSONL file in `dir`; None when it is missing.
fn big_corpus(dir: &std::path::Path, copies: usize) -> Option<std::path::PathBuf> {
    let corpus = std::fs::read_to_string(shared_corpus("almayadeen-2023-02.jsonl")?).unwrap();
    let path = dir.join("big.jsonl");
    fs::write(&path, corpus.repeat(copies)).unwrap();
    Some(path)
}

#[test]
fn a_clean_killed_midway_leaves_the_old_output_whole() {
    let d = tempfile::tempdir().unwrap();
    let Some(input) = big_corpus(d.path(), 10) else { return };
    let out = d.path().join("out.jsonl");
    let old = "{\"id\": \"old\", \"text\": \"a previous good output\"}\n";
    fs::write(&out, old).unwrap();
    let mut child = std::process::Command::new(bin())
        .args(["clean", input.to_str().unwrap(), "-o", out.to_str().unwrap()])
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    // Kill it once some records are written (to the temporary file, or, before the
    // fix, to the output itself); the timeout only guards against a hang.
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
    let mut killed = false;
    while std::time::Instant::now() < deadline {
        let temp_written = fs::read_dir(d.path()).unwrap().filter_map(Result::ok).any(|e| {
            e.file_name().to_string_lossy().starts_with(".out.jsonl.") && e.metadata().is_ok_and(|m| m.len() > 0)
        });
        let out_touched = fs::read_to_string(&out).map_or(true, |s| s != old);
        if temp_written || out_touched {
            child.kill().unwrap();
            killed = child.wait().unwrap().code().is_none();
            break;
        }
        if child.try_wait().unwrap().is_some() {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(2));
    }
    let _ = child.kill();
    let _ = child.wait();
    assert!(killed, "clean was not killed midway");
    assert_eq!(fs::read_to_string(&out).unwrap(), old, "the old output is still whole");
    assert!(!d.path().join("out.jsonl.drops.jsonl").exists(), "no drop log without its output");
}

#[test]
fn a_failed_write_names_the_file_and_leaves_nothing_half_written() {
    let d = tempfile::tempdir().unwrap();
    let input = root().join("tests/data/seeds.jsonl");
    // The drop log cannot be created: the output must not be written either.
    let r = run_in(d.path(), &["clean", input.to_str().unwrap(), "-o", "out.jsonl", "--log", "missing/drops.jsonl"]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(r.stderr.contains("error: missing/drops.jsonl: no such file or directory"), "{}", r.stderr);
    assert!(!d.path().join("out.jsonl").exists(), "an output without its drop log");
    assert_eq!(fs::read_dir(d.path()).unwrap().count(), 0, "no temporary file is left behind");
}

#[test]
fn a_full_disk_names_the_output_and_keeps_the_old_one() {
    // A small tmpfs in a private mount namespace stands for a full disk; without
    // the privilege to make one, there is nothing to test here.
    if !std::process::Command::new("unshare").args(["-m", "true"]).status().is_ok_and(|s| s.success()) {
        eprintln!("skipped: cannot make a mount namespace (unshare -m) to mount a small tmpfs");
        return;
    }
    let d = tempfile::tempdir().unwrap();
    let Some(input) = big_corpus(d.path(), 1) else { return };
    let full = d.path().join("full");
    fs::create_dir(&full).unwrap();
    let script = format!(
        "mount -t tmpfs -o size=256k tmpfs {full} && printf 'old\\n' > {full}/out.jsonl && \
         {bin} clean {input} -o {full}/out.jsonl; echo \"exit=$?\"; cat {full}/out.jsonl; ls -A {full}",
        full = full.display(),
        bin = bin().display(),
        input = input.display()
    );
    let r = std::process::Command::new("unshare").args(["-m", "sh", "-c", &script]).output().unwrap();
    let (stdout, stderr) = (String::from_utf8_lossy(&r.stdout), String::from_utf8_lossy(&r.stderr));
    let target = format!("{}/out.jsonl", full.display());
    assert!(stdout.contains("exit=2"), "{stdout}{stderr}");
    assert!(stderr.contains(&format!("error: {target}: No space left on device")), "{stderr}");
    assert!(!stderr.contains("os error") && !stderr.contains("/.out.jsonl."), "{stderr}");
    let after: Vec<&str> = stdout.lines().skip_while(|l| !l.starts_with("exit=")).skip(1).collect();
    assert_eq!(after, ["old", "out.jsonl"], "the old output is whole and no temporary file is left");
}

#[test]
fn a_truncated_archive_keeps_every_record_decoded_before_the_break() {
    let d = tempfile::tempdir().unwrap();
    let Some(path) = shared_corpus("almayadeen-2023-02.jsonl") else { return };
    let corpus = std::fs::read(path).unwrap();
    let compressed = zstd::stream::encode_all(&corpus[..], 3).unwrap();
    let cut = &compressed[..compressed.len() / 2];
    fs::write(d.path().join("cut.jsonl.zst"), cut).unwrap();
    // What a decoder can get out of the cut archive: its complete lines.
    let mut decoded = Vec::new();
    let _ = zstd::stream::read::Decoder::new(cut).unwrap().read_to_end(&mut decoded);
    let complete = decoded.iter().filter(|&&b| b == b'\n').count();
    assert!(complete > 100, "{complete}");

    let r = run_in(d.path(), &["clean", "cut.jsonl.zst", "-o", "out.jsonl"]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(
        r.stderr.contains(&format!("cut.jsonl.zst: reading stopped: at line {}: ", complete + 1))
            && r.stderr.contains("the records before it are kept"),
        "{}",
        r.stderr
    );
    let kept = read_jsonl(&d.path().join("out.jsonl"));
    assert_eq!(kept.len(), complete, "every record decoded before the break is kept");
    assert!(r.stdout.starts_with(&format!("{complete} document(s)")), "{}", r.stdout);
}

#[test]
fn invalid_utf8_in_a_record_is_reported_and_the_record_copied_byte_for_byte() {
    let d = tempfile::tempdir().unwrap();
    let good = "{\"id\": \"a\", \"text\": \"عاجل\\nنص طويل بما يكفي هنا.\\n\"}\n";
    let mut bad = b"{\"id\": \"b\", \"text\": \"ab".to_vec();
    bad.extend_from_slice(b"\xFFcd\"}\n");
    fs::write(d.path().join("in.jsonl"), [good.as_bytes(), &bad].concat()).unwrap();
    let r = run_in(d.path(), &["clean", "in.jsonl", "-o", "out.jsonl"]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(
        r.stderr.contains(
            "in.jsonl: line 2: not valid UTF-8: invalid byte 0xFF at byte offset 23 of the record; copied unchanged"
        ),
        "{}",
        r.stderr
    );
    let out = fs::read(d.path().join("out.jsonl")).unwrap();
    assert!(out.ends_with(&bad), "the record is copied byte for byte, not with U+FFFD");
    let drops = fs::read_to_string(d.path().join("out.jsonl.drops.jsonl")).unwrap();
    assert_eq!(drops.lines().count(), 1, "only the good record was changed: {drops}");

    let r = run_in(d.path(), &["check", "in.jsonl"]);
    assert_eq!(r.code, 2, "{}{}", r.stdout, r.stderr);
    assert!(
        r.stderr.contains("line 2: not valid UTF-8: invalid byte 0xFF at byte offset 23 of the record; record skipped"),
        "{}",
        r.stderr
    );
}

/// Byte ranges and codes of the first check's findings, per document id.
fn first_check(dir: &std::path::Path, corpus: &str) -> HashMap<String, Vec<(String, std::ops::Range<usize>)>> {
    let v = json_in(dir, &["check", "--format", "json", corpus]);
    let mut by_doc: HashMap<String, Vec<(String, std::ops::Range<usize>)>> = HashMap::new();
    for f in v["findings"].as_array().unwrap() {
        let r = f["byte_range"].as_array().unwrap();
        let range = r[0].as_u64().unwrap() as usize..r[1].as_u64().unwrap() as usize;
        let id = f["document"]["id"].as_str().unwrap().to_string();
        by_doc.entry(id).or_default().push((f["code"].as_str().unwrap().to_string(), range));
    }
    by_doc
}

/// Every span of the drop log restores its document and names a rule whose finding,
/// in the first check, lies on the span's text; offsets in characters match the bytes.
fn assert_log_is_an_audit_trail(dir: &std::path::Path, corpus: &str, output: &str) {
    let findings = first_check(dir, corpus);
    let original: HashMap<String, String> = read_jsonl(&dir.join(corpus))
        .into_iter()
        .map(|v| (v["id"].as_str().unwrap().to_string(), v["text"].as_str().unwrap().to_string()))
        .collect();
    let cleaned: HashMap<String, String> = read_jsonl(&dir.join(output))
        .into_iter()
        .map(|v| (v["id"].as_str().unwrap().to_string(), v["text"].as_str().unwrap().to_string()))
        .collect();
    let log = fs::read_to_string(dir.join(format!("{output}.drops.jsonl"))).unwrap();
    for line in log.lines() {
        let drop: Drop = serde_json::from_str(line).unwrap();
        let text = &original[&drop.id];
        assert_eq!(&restore(&cleaned[&drop.id], &drop.spans), text, "{}", drop.id);
        for s in &drop.spans {
            let code = s.code.as_deref().unwrap_or_else(|| panic!("{}: a span without a rule: {s:?}", drop.id));
            assert!(s.rule.is_some() && !s.reason.is_empty(), "{s:?}");
            let reported = findings
                .get(&drop.id)
                .into_iter()
                .flatten()
                .any(|(c, r)| c == code && r.start < s.end.max(s.start + 1) && s.start < r.end.max(r.start + 1));
            // Whitespace a removal leaves behind (blank lines) is fixed with its own rule and reason.
            let space = |t: &str| t.chars().all(char::is_whitespace);
            let follow_up = space(&s.text) && space(&s.replacement);
            assert!(
                reported || follow_up,
                "{}: span {}..{} ({code}) {:?}: no such finding in the first check",
                drop.id,
                s.start,
                s.end,
                s.text
            );
            assert_eq!(s.char_start, text[..s.start].chars().count());
            assert_eq!(s.char_end, text[..s.end].chars().count());
        }
    }
}

#[test]
fn clean_removes_only_what_check_reported_and_the_closing_list_stays() {
    let d = tempfile::tempdir().unwrap();
    let Some(path) = shared_corpus("almayadeen-2023-02.jsonl") else { return };
    let corpus = std::fs::read_to_string(path).unwrap();
    let record = corpus.lines().find(|l| l.contains("\"id\": \"1678794\"")).unwrap();
    fs::write(d.path().join("r.jsonl"), format!("{record}\n")).unwrap();
    let r = run_in(d.path(), &["clean", "r.jsonl", "-o", "out.jsonl"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let text = read_jsonl(&d.path().join("out.jsonl"))[0]["text"].as_str().unwrap().to_string();
    for item in ["الاستمرار في التحركات الميدانية", "تصعيد المقاومة الفلسطينية", "الاستعداد لمعارك كبيرة وشاملة"]
    {
        assert!(text.contains(item), "the closing list lost {item:?}");
    }
    assert!(!r.stdout.contains("SL102") && !r.stdout.contains("follow-up"), "{}", r.stdout);
    assert_log_is_an_audit_trail(d.path(), "r.jsonl", "out.jsonl");

    // `check --diff` on the same text removes no list item either.
    let original: serde_json::Value = serde_json::from_str(record).unwrap();
    fs::write(d.path().join("r.txt"), original["text"].as_str().unwrap()).unwrap();
    let diff = run_in(d.path(), &["check", "--diff", "r.txt"]).stdout;
    let removed: Vec<&str> = diff.lines().filter(|l| l.starts_with('-') && !l.starts_with("---")).collect();
    assert!(!removed.is_empty(), "{diff}");
    for line in &removed {
        let added = diff
            .lines()
            .any(|l| l.starts_with('+') && l[1..].replace(' ', "") == line[1..].replace([' ', '\u{a0}'], ""));
        assert!(added || line.contains("قمة العقبة"), "removed without a finding: {line}");
    }
}

#[test]
fn every_span_of_the_drop_log_names_a_rule_the_first_check_reported() {
    let d = tempfile::tempdir().unwrap();
    fs::copy(root().join("tests/data/seeds.jsonl"), d.path().join("seeds.jsonl")).unwrap();
    let Some(path) = shared_corpus("almayadeen-2023-02.jsonl") else { return };
    let corpus = std::fs::read_to_string(path).unwrap();
    let some: String = corpus.lines().take(60).map(|l| format!("{l}\n")).collect();
    fs::write(d.path().join("news.jsonl"), some).unwrap();
    for name in ["seeds.jsonl", "news.jsonl"] {
        let r = run_in(d.path(), &["clean", name, "-o", &format!("clean-{name}")]);
        assert_eq!(r.code, 0, "{}", r.stderr);
        assert!(!r.stdout.contains("follow-up"), "{}", r.stdout);
        assert_log_is_an_audit_trail(d.path(), name, &format!("clean-{name}"));
    }
}

/// A site's own footer on every page of a JSONL corpus: only what repeats across the
/// corpus gives it away.
fn corpus_with_a_footer(dir: &std::path::Path) -> std::path::PathBuf {
    // A site line no single page gives away; only its recurrence across the records does.
    let footer = "** ملف الأسبوع يصدر كل خميس بإشراف قسم التحقيقات.";
    let bodies = [
        "قال وزير الخارجية في مؤتمر صحفي عقده اليوم إن المحادثات ستستأنف الأسبوع المقبل في العاصمة.",
        "أعلنت وزارة الصحة تسجيل انخفاض في عدد الإصابات للأسبوع الثالث على التوالي في معظم المحافظات.",
        "افتتح المعرض الدولي للكتاب أبوابه أمس بمشاركة مئات من دور النشر العربية والأجنبية.",
        "ارتفعت أسعار النفط في تعاملات اليوم بعد قرار المنتجين خفض الإنتاج حتى نهاية العام.",
        "فاز المنتخب الوطني على نظيره بهدفين دون رد في المباراة التي أقيمت مساء أمس.",
    ];
    let path = dir.join("site.jsonl");
    let lines: Vec<String> = bodies
        .iter()
        .enumerate()
        .map(|(i, b)| serde_json::json!({"id": format!("d{i}"), "text": format!("{b}\n{footer}\n")}).to_string())
        .collect();
    fs::write(&path, lines.join("\n") + "\n").unwrap();
    path
}

#[test]
fn clean_with_corpus_or_index_removes_what_recurs_across_records_and_both_agree() {
    let d = tempfile::tempdir().unwrap();
    let input = corpus_with_a_footer(d.path());
    let input = input.to_str().unwrap();
    let out = |name: &str| d.path().join(name).to_str().unwrap().to_string();
    let texts = |name: &str| -> Vec<String> {
        read_jsonl(&d.path().join(name)).iter().map(|v| v["text"].as_str().unwrap().to_string()).collect()
    };

    let r = run_in(d.path(), &["clean", input, "--unsafe-fixes", "-o", &out("alone.jsonl")]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(texts("alone.jsonl").iter().all(|t| t.contains("ملف الأسبوع")), "one page alone does not show it");

    let r = run_in(d.path(), &["clean", input, "--unsafe-fixes", "--corpus", "-o", &out("corpus.jsonl")]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.contains("SL104"), "{}", r.stdout);
    let cleaned = texts("corpus.jsonl");
    assert_eq!(cleaned.len(), 5);
    for t in &cleaned {
        assert!(!t.contains("ملف الأسبوع"), "{t}");
        assert!(t.split_whitespace().count() > 10, "the article stays: {t}");
    }
    let drops = fs::read_to_string(d.path().join("corpus.jsonl.drops.jsonl")).unwrap();
    assert!(drops.contains("appears in 5 of 5 files"), "{drops}");

    // The same corpus through an index file gives the same output byte for byte.
    let r = run_in(d.path(), &["index", "build", input, "-o", &out("site.idx")]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let r =
        run_in(d.path(), &["clean", input, "--unsafe-fixes", "--index", &out("site.idx"), "-o", &out("index.jsonl")]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(fs::read(d.path().join("index.jsonl")).unwrap(), fs::read(d.path().join("corpus.jsonl")).unwrap());
}

#[test]
fn check_corpus_counts_the_records_of_a_jsonl_file() {
    let d = tempfile::tempdir().unwrap();
    let input = corpus_with_a_footer(d.path());
    let r = run_in(d.path(), &["check", "--corpus", "--format", "json", "--fail-on", "never", input.to_str().unwrap()]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let report: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    let sl104 = report["findings"].as_array().unwrap().iter().filter(|f| f["code"] == "SL104").count();
    assert_eq!(sl104, 5, "{}", r.stdout);
}
