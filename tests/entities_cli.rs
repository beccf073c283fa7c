//! `seedlint entities`, user knowledge bases in seedlint.toml, and entity
//! spelling consistency across a corpus: the real binary on real files.

mod common;
use common::*;
use serde_json::Value;

fn jsonl(stdout: &str) -> Vec<Value> {
    stdout.lines().map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}"))).collect()
}

#[test]
fn lists_the_people_places_and_organisations_of_each_seed() {
    let r = run(&["entities", "seeds/"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    // One section per seed, in order.
    let headers: Vec<&str> = r.stdout.lines().filter(|l| l.starts_with("seeds/")).collect();
    assert_eq!(headers.len(), 5, "{}", r.stdout);
    let section = |prefix: &str| -> String {
        let start = r.stdout.find(&format!("seeds/{prefix}")).unwrap();
        let rest = &r.stdout[start..];
        let end = rest[1..].find("\nseeds/").map(|e| e + 1).unwrap_or(rest.len());
        rest[..end].to_string()
    };
    let s002 = section("002");
    for expected in [
        "person        بيني غانتس (Benny Gantz)  ×15  [benny-gantz]",
        "person        عبد اللطيف لوديي (Abdellatif Loudiyi)  ×7",
        "place         الرباط (Rabat)",
        "organisation  القوات المسلحة الملكية (Royal Moroccan Armed Forces)",
    ] {
        assert!(s002.contains(expected), "missing {expected:?} in\n{s002}");
    }
    // Every spelling and script of Gantz in seed 002 is listed under one entity.
    let gantz = s002.lines().find(|l| l.contains("[benny-gantz]")).unwrap();
    for form in ["בני גנץ", "Benny Gantz", "بنيامين غانتز", "غانتس"] {
        assert!(gantz.contains(form), "{gantz}");
    }
    assert!(section("004").contains("organisation  مجموعة إن إس أو (NSO Group)"), "{}", section("004"));

    let docs = jsonl(&run(&["entities", "--format", "json", "--kind", "person", "seeds/"]).stdout);
    assert_eq!(docs.len(), 5);
    assert!(docs.iter().all(|d| d["entities"].as_array().unwrap().iter().all(|e| e["kind"] == "person")));
    let first = &docs[1]["entities"][0];
    assert_eq!(first["id"], "benny-gantz");
    assert_eq!(first["first"]["line"], 1);
}

#[test]
fn user_knowledge_base_extends_the_builtin_one_and_errors_name_the_entry() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("seedlint.toml"), "[entities]\nknowledge-base = [\"kb/people.toml\"]\n").unwrap();
    std::fs::create_dir(dir.path().join("kb")).unwrap();
    std::fs::write(
        dir.path().join("kb/people.toml"),
        "[[entity]]\nid = \"youssef-amrani\"\nkind = \"person\"\nname = { ar = \"يوسف العمراني\", en = \"Youssef Amrani\" }\n\
         spellings = { \"يوسف العمرانى\" = \"يوسف العمراني\", \"يوسف لعمراني\" = \"يوسف العمراني\" }\n\n\
         [[entity]]\nid = \"benny-gantz\"\naliases = [\"جانتس\"]\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("a.txt"),
        "قال يوسف العمراني إن اللقاء مع جانتس كان مثمرا وسيفتح آفاقا جديدة للتعاون بين البلدين.\nوأضاف يوسف لعمراني أن الزيارة المقبلة ستكون في الرباط خلال الأسابيع المقبلة.\n",
    )
    .unwrap();
    let docs = jsonl(&run_in(dir.path(), &["entities", "--format", "json", "a.txt"]).stdout);
    let ids: Vec<&str> = docs[0]["entities"].as_array().unwrap().iter().map(|e| e["id"].as_str().unwrap()).collect();
    assert_eq!(ids, ["youssef-amrani", "benny-gantz", "capital:MA:rabat"]);
    // The user's variant spelling is flagged, with the fix to the preferred one.
    let check = json_in(dir.path(), &["check", "--format", "json", "--select", "SL701", "a.txt"]);
    let f = &check["findings"][0];
    assert_eq!(f["rule"], "entity-spelling");
    assert_eq!(f["line"], 2);
    assert_eq!(f["fix"]["edits"][0]["content"], "يوسف العمراني");

    // A broken entry: the file, the line and the entry are named, and nothing is checked.
    std::fs::write(dir.path().join("kb/people.toml"), "[[entity]]\nid = \"x\"\nname = { en = \"X\" }\n").unwrap();
    let r = run_in(dir.path(), &["check", "a.txt"]);
    assert_eq!(r.code, 2, "{}", r.stdout);
    assert!(r.stderr.contains("kb/people.toml:2:1: entity `x`: `kind` is missing"), "{}", r.stderr);
}

#[test]
fn a_variant_spelling_is_flagged_when_the_corpus_spells_it_otherwise() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a.txt"), "وأضاف غانتز أن التعاون بين البلدين سيتعمق في السنوات المقبلة.\n")
        .unwrap();
    std::fs::write(dir.path().join("b.txt"), "قال وزير الدفاع بيني غانتس إن الزيارة تاريخية وغير مسبوقة.\n").unwrap();
    let alone = json_in(dir.path(), &["check", "--format", "json", "--select", "SL701", "a.txt"]);
    assert_eq!(alone["findings"].as_array().unwrap().len(), 0, "one document alone is consistent");
    let corpus = json_in(dir.path(), &["check", "--format", "json", "--select", "SL701", "--corpus", "."]);
    let findings = corpus["findings"].as_array().unwrap();
    assert_eq!(findings.len(), 1, "{findings:?}");
    assert!(findings[0]["path"].as_str().unwrap().ends_with("a.txt"));
    assert!(
        findings[0]["message"].as_str().unwrap().contains("in 1 other document of the corpus"),
        "{}",
        findings[0]["message"]
    );
}

#[test]
fn spelling_consistency_on_the_seeds() {
    // Seed 001 writes عبداللطيف لوديي and elsewhere لوديي; seed 002 writes بنيامين غانتز
    // beside بيني غانتس, בני גנץ and Benny Gantz.
    let r = json(&["check", "--format", "json", "--select", "SL701", "seeds/"]);
    let found: Vec<(String, u64, String)> = r["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            let path = f["path"].as_str().unwrap();
            (
                path[6..9].to_string(),
                f["line"].as_u64().unwrap(),
                f["fix"]["edits"][0]["content"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert_eq!(
        found,
        [
            ("001".to_string(), 16, "عبد اللطيف لوديي".to_string()),
            ("002".to_string(), 54, "بيني غانتس".to_string()),
            ("002".to_string(), 56, "بيني غانتس".to_string()),
            ("002".to_string(), 68, "بيني غانتس".to_string()),
        ]
    );
}

#[test]
fn jsonl_records_are_documents_and_a_bad_record_is_reported_not_fatal() {
    let dir = tempfile::tempdir().unwrap();
    let seeds = std::fs::read_to_string(root().join("tests/data/seeds.jsonl")).unwrap();
    let mut lines: Vec<&str> = seeds.lines().collect();
    lines.insert(2, "{not json");
    std::fs::write(dir.path().join("c.jsonl"), lines.join("\n") + "\n").unwrap();
    let r = run_in(dir.path(), &["entities", "--format", "json", "--no-unknown", "c.jsonl"]);
    assert_eq!(r.code, 2, "a bad record makes the run fail: {}", r.stderr);
    assert!(r.stderr.contains("c.jsonl:3:"), "the bad record is named: {}", r.stderr);
    let docs = jsonl(&r.stdout);
    assert_eq!(docs.len(), 5, "every good record is still listed");
    assert!(docs.iter().all(|d| d["document"].as_str().unwrap().starts_with("c.jsonl#")));
    assert!(docs.iter().any(|d| d["entities"].as_array().unwrap().iter().any(|e| e["id"] == "benny-gantz")));
}
