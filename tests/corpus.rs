//! Precision on real data: 413 AlMayadeen articles (tests/data). Their interior
//! lines are article text, including short headings and list items; the lead
//! paragraph repeated as the last line is the corpus's known junk.

mod common;
use common::*;

#[test]
fn almayadeen_article_lines_are_left_alone() {
    let dir = tempfile::tempdir().unwrap();
    let Some(path) = shared_corpus("almayadeen-2023-02.jsonl") else { return };
    let jsonl = std::fs::read_to_string(path).unwrap();
    let mut docs = 0;
    for line in jsonl.lines() {
        let v: serde_json::Value = serde_json::from_str(line).unwrap();
        let id = v["id"].as_str().unwrap();
        std::fs::write(dir.path().join(format!("{id}.txt")), v["text"].as_str().unwrap()).unwrap();
        docs += 1;
    }
    assert_eq!(docs, 413);
    let r = json(&["check", "--format", "json", "--fail-on", "never", dir.path().to_str().unwrap()]);
    let findings = r["findings"].as_array().unwrap();
    let furniture: Vec<_> =
        findings.iter().filter(|f| f["category"] == "boilerplate" || f["category"] == "metadata").collect();
    assert!(furniture.is_empty(), "article lines taken for boilerplate/metadata: {furniture:#?}");

    // The lead repeated as the last line: README says 401 of 413 articles.
    let mut repeated_lead = 0;
    for entry in std::fs::read_dir(dir.path()).unwrap() {
        let path = entry.unwrap().path();
        let text = std::fs::read_to_string(&path).unwrap();
        let last_line = text.lines().count() as u64;
        let p = path.to_string_lossy();
        if findings
            .iter()
            .any(|f| f["path"] == *p && f["code"] == "SL301" && f["line"] == last_line && f["related"][0]["line"] == 1)
        {
            repeated_lead += 1;
        }
    }
    assert!(repeated_lead >= 395, "only {repeated_lead} repeated leads found");
}
