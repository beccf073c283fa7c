//! `seedlint train` and `[classifier] model`, through the real binary.

mod common;

use common::{json_in, root, run_in};
use std::path::PathBuf;

/// The folder of the labelled corpora, None (the test skipped) when they are missing.
fn shared_corpora() -> Option<PathBuf> {
    let labelled =
        ["multisite-dev.jsonl", "multisite-dev.labels.tsv", "extraction-dev.jsonl", "almayadeen-2023-02.jsonl"];
    let mut dir = None;
    for name in labelled {
        dir = common::shared_corpus(name)?.parent().map(PathBuf::from);
    }
    dir
}

/// The built-in model is what the command written at its top makes of the labels.
#[test]
fn the_builtin_line_model_is_reproduced_by_its_own_command() {
    let Some(_corpora) = shared_corpora() else { return };
    let model = std::fs::read_to_string(root().join("crates/seedlint_engine/data/line_model.tsv")).unwrap();
    let command = model
        .lines()
        .find_map(|l| l.strip_prefix("# trained by: seedlint train "))
        .expect("the model names the command that trained it");
    let out = tempfile::tempdir().unwrap();
    let fresh_path = out.path().join("model.tsv");
    let mut args: Vec<String> = vec!["train".into()];
    let mut words = command.split(' ');
    while let Some(w) = words.next() {
        if w == "-o" {
            words.next();
            args.push("-o".into());
            args.push(fresh_path.to_string_lossy().into_owned());
        } else {
            args.push(w.into());
        }
    }
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let r = run_in(&root(), &args);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let fresh = std::fs::read_to_string(&fresh_path).unwrap();
    let numbers = |m: &str| m.lines().filter(|l| !l.starts_with('#')).map(str::to_string).collect::<Vec<_>>();
    assert_eq!(numbers(&fresh), numbers(&model), "retrain and commit the model: {command}");
}

#[test]
fn a_model_trained_on_a_users_labels_is_used_through_seedlint_toml() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    // A small corpus where the site's furniture is one-word Latin lines among Arabic prose.
    let prose = "قال وزير الدفاع إن الحكومة ستعمل على تعزيز التعاون مع الدول المجاورة في المجالات كلها، وأضاف أن الخطة تبدأ قريبا.";
    let mut corpus = String::new();
    let mut labels = String::from("id\tline\tlabel\n");
    for i in 0..12 {
        let text = format!("Menu\nSport\n{prose} {i}\n{prose}\nLogin\n");
        corpus.push_str(&serde_json::json!({"id": format!("d{i}"), "url": format!("https://site{}.example/a", i % 3), "text": text}).to_string());
        corpus.push('\n');
        for (line, label) in [(1, "J"), (2, "J"), (3, "C"), (4, "C"), (5, "J")] {
            labels.push_str(&format!("d{i}\t{line}\t{label}\n"));
        }
    }
    std::fs::write(d.join("corpus.jsonl"), &corpus).unwrap();
    std::fs::write(d.join("labels.tsv"), &labels).unwrap();
    let r = run_in(
        d,
        &["train", "--labels", "labels.tsv", "corpus.jsonl", "-o", "model.tsv", "--max-article-rate", "0.05"],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.contains("from 3 sites"), "{}", r.stdout);
    let model = std::fs::read_to_string(d.join("model.tsv")).unwrap();
    assert!(model.starts_with("# seedlint line model"), "{model}");

    std::fs::write(d.join("page.txt"), format!("Menu\nSport\n{prose}\n{prose} وقال.\nLogin\n")).unwrap();
    std::fs::write(d.join("seedlint.toml"), "[classifier]\nmodel = \"model.tsv\"\n").unwrap();
    let report = json_in(d, &["check", "--format", "json", "--select", "SL105", "page.txt"]);
    let lines: Vec<u64> = report["findings"].as_array().unwrap().iter().map(|f| f["line"].as_u64().unwrap()).collect();
    assert_eq!(lines, vec![1, 2, 5], "{report:#}");
    let first = &report["findings"][0];
    assert!(first["message"].as_str().unwrap().starts_with("Junk line, learned score"), "{first:#}");
    assert!(!first["detail"]["signals"].as_array().unwrap().is_empty(), "{first:#}");

    // A threshold of 1 turns the classifier off; an unreadable model is a config error naming the key.
    std::fs::write(d.join("seedlint.toml"), "[classifier]\nmodel = \"model.tsv\"\nthreshold = 1.0\n").unwrap();
    let report = json_in(d, &["check", "--format", "json", "--select", "SL105", "page.txt"]);
    assert!(report["findings"].as_array().unwrap().is_empty(), "{report:#}");
    std::fs::write(d.join("bad.tsv"), "feature\tno-such-feature\t1\n").unwrap();
    std::fs::write(d.join("seedlint.toml"), "[classifier]\nmodel = \"bad.tsv\"\n").unwrap();
    let r = run_in(d, &["check", "page.txt"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("`classifier.model`") && r.stderr.contains("unknown feature"), "{}", r.stderr);
    // Outside the project, a model is refused like a knowledge base.
    std::fs::write(d.join("seedlint.toml"), "[classifier]\nmodel = \"/etc/passwd\"\n").unwrap();
    let r = run_in(d, &["check", "page.txt"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("outside the project"), "{}", r.stderr);
}

#[test]
fn bad_labels_are_errors_that_name_the_file_and_line() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(d.join("c.jsonl"), "{\"id\": \"a\", \"text\": \"x\\ny\"}\n").unwrap();
    std::fs::write(d.join("l.tsv"), "id\tline\tlabel\na\t1\tX\n").unwrap();
    let r = run_in(d, &["train", "--labels", "l.tsv", "c.jsonl", "-o", "m.tsv"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("l.tsv:2: label `X` is neither J nor C"), "{}", r.stderr);
    std::fs::write(d.join("l.tsv"), "id\tline\tlabel\nnope\t1\tJ\n").unwrap();
    let r = run_in(d, &["train", "--labels", "l.tsv", "c.jsonl", "-o", "m.tsv"]);
    assert!(r.stderr.contains("document `nope` is in none of the corpora given"), "{}", r.stderr);
    std::fs::write(d.join("l.tsv"), "id\tline\tlabel\na\t1\tJ\n").unwrap();
    let r = run_in(d, &["train", "--labels", "l.tsv", "c.jsonl", "-o", "m.tsv"]);
    assert!(r.stderr.contains("needs both junk (J) and article (C) lines"), "{}", r.stderr);
    assert!(!d.join("m.tsv").exists());
}
