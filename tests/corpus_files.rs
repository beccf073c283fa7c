//! JSONL corpora: findings are those of the same texts as files, addressed by document.

mod common;
use common::*;
use std::collections::BTreeSet;

type Key = (String, String, u64, u64, u64, u64);

fn keys_of(report: &serde_json::Value, doc_of: impl Fn(&serde_json::Value) -> String) -> BTreeSet<Key> {
    report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            let n = |k: &str| f[k].as_u64().unwrap();
            (doc_of(f), f["code"].as_str().unwrap().to_string(), n("line"), n("column"), n("end_line"), n("end_column"))
        })
        .collect()
}

#[test]
fn jsonl_plain_gzip_and_zstd_give_the_files_findings_with_ids() {
    let from_files = keys_of(&json(&["check", "--format", "json", "seeds"]), |f| {
        let p = f["path"].as_str().unwrap();
        p.trim_start_matches("seeds/").trim_end_matches(".txt").to_string()
    });
    assert!(from_files.len() > 100);
    for file in ["tests/data/seeds.jsonl", "tests/data/seeds.jsonl.gz", "tests/data/seeds.jsonl.zst"] {
        let report = json(&["check", "--format", "json", file]);
        assert!(report["errors"].as_array().unwrap().is_empty(), "{file}: {}", report["errors"]);
        let from_records = keys_of(&report, |f| f["document"]["id"].as_str().unwrap().to_string());
        assert_eq!(from_records, from_files, "{file}");
        let first = &report["findings"][0];
        assert_eq!(first["path"], file);
        assert!(first["document"]["url"].as_str().unwrap().starts_with("https://news.example.ma/"));
        assert!(first["document"]["record"].as_u64().unwrap() >= 1);
    }
}

#[test]
fn a_corrupt_record_is_one_error_and_the_rest_is_checked() {
    let dir = tempfile::tempdir().unwrap();
    let good = std::fs::read_to_string(root().join("tests/data/seeds.jsonl")).unwrap();
    let lines: Vec<&str> = good.lines().collect();
    let corrupt =
        format!("{}\n{}\n{{\"id\": \"broken\", \"text\": \"نص\n{}\n", lines[0], lines[1], lines[2..].join("\n"));
    std::fs::write(dir.path().join("c.jsonl"), corrupt).unwrap();
    let r = run_in(dir.path(), &["check", "--format", "json", "c.jsonl"]);
    assert_eq!(r.code, 2, "a bad record is an error");
    let v: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    let errors = v["errors"].as_array().unwrap();
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(errors[0]["message"].as_str().unwrap().starts_with("line 3: not JSON"), "{errors:?}");
    let docs: BTreeSet<&str> =
        v["findings"].as_array().unwrap().iter().map(|f| f["document"]["id"].as_str().unwrap()).collect();
    assert_eq!(docs.len(), 5, "every good record was checked: {docs:?}");
    let human = run_in(dir.path(), &["check", "c.jsonl", "--select", "SL303"]);
    assert!(human.stdout.contains("--> c.jsonl [document 003_a657676852228bce on line 5]:6:1"), "{}", human.stdout);
}

#[test]
fn a_records_site_comes_from_its_url_and_brings_its_settings() {
    let dir = tempfile::tempdir().unwrap();
    let body = "قال وزير الخارجية إن المفاوضات ستستأنف الأسبوع المقبل في العاصمة بعد توقف دام أشهر.";
    let more = "وأضاف أن الوفد المفاوض جاهز لتقديم مقترحات جديدة تتعلق بالحدود والمعابر والأسرى.";
    let text = format!("{body}\nشارك هذا المقال عبر تطبيق الموقع\n{more}\n");
    let record = |id: &str, url: &str| serde_json::json!({"id": id, "url": url, "text": text}).to_string();
    let corpus = [
        record("a", "https://www.almayadeen.net/news/1"),
        record("b", "https://english.almayadeen.net/news/2"),
        record("c", "https://hespress.com/3"),
    ]
    .join("\n");
    std::fs::write(dir.path().join("c.jsonl"), corpus).unwrap();
    std::fs::write(
        dir.path().join("seedlint.toml"),
        "[sites.\"almayadeen.net\"]\nline-phrases = [\"شارك هذا المقال عبر تطبيق الموقع\"]\n\
         [sites.\"almayadeen.net\".severity]\nSL101 = \"error\"\n",
    )
    .unwrap();
    let v = json_in(dir.path(), &["check", "--format", "json", "c.jsonl"]);
    let found: Vec<(String, String, String, u64)> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            let s = |k: &str| f[k].as_str().unwrap().to_string();
            (f["document"]["id"].as_str().unwrap().to_string(), s("code"), s("severity"), f["line"].as_u64().unwrap())
        })
        .collect();
    // The site and its subdomains get the line as boilerplate, at the site's severity; the other site does not.
    assert_eq!(
        found,
        vec![("a".into(), "SL101".into(), "error".into(), 2), ("b".into(), "SL101".into(), "error".into(), 2)],
        "{v}"
    );
    assert!(v["findings"][0]["message"].as_str().unwrap().contains("for site \"almayadeen.net\""), "{v}");
}

#[test]
fn text_files_and_corpus_files_in_one_run_are_reported_in_order() {
    let txt = json(&["check", "--format", "json", "seeds"]);
    let jsonl = json(&["check", "--format", "json", "tests/data/seeds.jsonl"]);
    let both = json(&["check", "--format", "json", "--statistics", "seeds", "tests/data/seeds.jsonl"]);
    let paths: Vec<&str> = both["findings"].as_array().unwrap().iter().map(|f| f["path"].as_str().unwrap()).collect();
    let n = |v: &serde_json::Value| v["findings"].as_array().unwrap().len();
    assert_eq!(paths.len(), n(&txt) + n(&jsonl), "every finding once");
    // Streamed in file order: all of seeds/ (sorted), then the corpus file's records.
    let first_jsonl = paths.iter().position(|p| p.ends_with(".jsonl")).unwrap();
    assert!(paths[..first_jsonl].iter().all(|p| p.starts_with("seeds/")), "{paths:?}");
    assert!(paths[first_jsonl..].iter().all(|p| p.ends_with(".jsonl")), "{paths:?}");
    assert!(paths[..first_jsonl].windows(2).all(|w| w[0] <= w[1]), "{paths:?}");
    let total: u64 = both["statistics"].as_array().unwrap().iter().map(|r| r["count"].as_u64().unwrap()).sum();
    assert_eq!(total as usize, paths.len(), "statistics count what was streamed");
}
