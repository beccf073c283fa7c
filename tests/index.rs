//! `seedlint index build/merge` and `check --index`: shard summaries merge
//! associatively into exactly the index of the whole corpus, and checking against
//! the merged index finds the corpus's learned boilerplate in every shard.

mod common;
use common::*;
use std::path::Path;

/// The AlMayadeen corpus in `n` JSONL shards under `dir`; None when it is missing.
fn shards(dir: &Path, n: usize) -> Option<Vec<String>> {
    let corpus = std::fs::read_to_string(shared_corpus("almayadeen-2023-02.jsonl")?).unwrap();
    let lines: Vec<&str> = corpus.lines().collect();
    let per = lines.len().div_ceil(n);
    lines
        .chunks(per)
        .enumerate()
        .map(|(i, chunk)| {
            let p = dir.join(format!("shard-{i}.jsonl"));
            std::fs::write(&p, chunk.join("\n") + "\n").unwrap();
            p.file_name().unwrap().to_string_lossy().into_owned()
        })
        .collect::<Vec<_>>()
        .into()
}

fn ok(dir: &Path, args: &[&str]) -> String {
    let r = run_in(dir, args);
    assert_eq!(r.code, 0, "{args:?}: {}{}", r.stdout, r.stderr);
    r.stdout
}

#[test]
fn shard_summaries_merge_into_the_whole_index() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let Some(names) = shards(d, 4) else { return };
    let mut all = vec!["index", "build", "-o", "all.idx"];
    all.extend(names.iter().map(String::as_str));
    ok(d, &all);
    for (i, n) in names.iter().enumerate() {
        ok(d, &["index", "build", "-o", &format!("part-{i}.idx"), n]);
    }
    ok(d, &["index", "merge", "part-0.idx", "part-1.idx", "part-2.idx", "part-3.idx", "-o", "merged.idx"]);
    // ((0 1) 2 3) and (0 (1 (2 3))): merging is associative.
    ok(d, &["index", "merge", "part-0.idx", "part-1.idx", "-o", "01.idx"]);
    ok(d, &["index", "merge", "01.idx", "part-2.idx", "part-3.idx", "-o", "left.idx"]);
    ok(d, &["index", "merge", "part-2.idx", "part-3.idx", "-o", "23.idx"]);
    ok(d, &["index", "merge", "part-1.idx", "23.idx", "-o", "123.idx"]);
    ok(d, &["index", "merge", "part-0.idx", "123.idx", "-o", "right.idx"]);
    let read = |n: &str| std::fs::read(d.join(n)).unwrap();
    assert_eq!(read("merged.idx"), read("all.idx"), "merged shards equal one build over all");
    assert_eq!(read("left.idx"), read("all.idx"));
    assert_eq!(read("right.idx"), read("all.idx"));
    let info = ok(d, &["index", "info", "all.idx"]);
    assert!(info.starts_with("all.idx: 413 documents, "), "{info}");

    // Checking against the merged index finds paragraphs repeated across the whole
    // corpus, in every shard, pointing at documents of other shards; without it, none.
    let mut check = vec!["check", "--format", "json", "--select", "SL104,SL305", "--index", "merged.idx"];
    check.extend(names.iter().map(String::as_str));
    let with = json_in(d, &check);
    let findings = with["findings"].as_array().unwrap();
    let repeated: Vec<_> = findings.iter().filter(|f| f["code"] == "SL305").collect();
    assert!(repeated.len() > 50, "only {} cross-document duplicates", repeated.len());
    let shard_of = |id: &str| -> usize {
        let corpus = std::fs::read_to_string(shared_corpus("almayadeen-2023-02.jsonl").unwrap()).unwrap();
        let at = corpus.lines().position(|l| l.contains(&format!("\"{id}\""))).unwrap();
        at / corpus.lines().count().div_ceil(4)
    };
    let mut across = 0;
    for (i, n) in names.iter().enumerate() {
        let mine: Vec<_> = repeated.iter().filter(|f| f["path"] == n.as_str()).collect();
        assert!(!mine.is_empty(), "no cross-document duplicates found in {n}");
        for f in mine {
            let other = f["related"][0]["path"].as_str().unwrap();
            assert!(!other.contains("[document"), "the other copy is named by its own document id: {other}");
            if shard_of(other) != i {
                across += 1;
            }
        }
    }
    assert!(across > 0, "no duplicate was traced to another shard");
    let mut plain = vec!["check", "--format", "json", "--select", "SL104,SL305"];
    plain.extend(names.iter().map(String::as_str));
    assert_eq!(json_in(d, &plain)["findings"].as_array().unwrap().len(), 0);

    // An unreadable file is reported and left out; the rest is still indexed.
    std::fs::write(d.join("binary.txt"), b"\xff\xfe\x00\x01 not text").unwrap();
    let r = run_in(d, &["index", "build", "-o", "partial.idx", &names[0], "binary.txt"]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(r.stderr.contains("binary.txt"), "{}", r.stderr);
    assert_eq!(read("partial.idx"), read("part-0.idx"), "the readable shard is indexed as on its own");

    // A broken index is an error naming the file, and nothing is checked.
    std::fs::write(d.join("bad.idx"), b"SLIDX\0\x01\nxx").unwrap();
    let r = run_in(d, &["check", "--index", "bad.idx", &names[0]]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("bad.idx: truncated"), "{}", r.stderr);
}

#[test]
fn index_files_follow_the_umask_and_a_full_disk_names_the_index() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(d.join("a.txt"), "سطر أول من النص\nسطر ثان من النص\n").unwrap();
    // The test runs under the umask it was given; a file made by `index build` must get
    // the same mode as any other new file there.
    std::fs::write(d.join("plain"), "").unwrap();
    let expected = std::fs::metadata(d.join("plain")).unwrap().permissions().mode() & 0o777;
    ok(d, &["index", "build", "-o", "a.idx", "a.txt"]);
    ok(d, &["index", "merge", "a.idx", "-o", "m.idx"]);
    for name in ["a.idx", "m.idx"] {
        let mode = std::fs::metadata(d.join(name)).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, expected, "{name}: {mode:o}, not {expected:o}");
    }

    if !std::process::Command::new("unshare").args(["-m", "true"]).status().is_ok_and(|s| s.success()) {
        eprintln!("skipped the full-disk half: cannot make a mount namespace (unshare -m) for a small tmpfs");
        return;
    }
    let big: String = (0..40_000).map(|i| format!("سطر رقم {i} من نص طويل\n")).collect();
    std::fs::write(d.join("big.txt"), big).unwrap();
    std::fs::create_dir(d.join("full")).unwrap();
    let script = format!(
        "mount -t tmpfs -o size=64k tmpfs full && {} index build big.txt -o full/big.idx; echo \"exit=$?\"; ls -A full",
        bin().display()
    );
    let r = std::process::Command::new("unshare").args(["-m", "sh", "-c", &script]).current_dir(d).output().unwrap();
    let (stdout, stderr) = (String::from_utf8_lossy(&r.stdout), String::from_utf8_lossy(&r.stderr));
    assert!(stdout.contains("exit=2"), "{stdout}{stderr}");
    assert_eq!(stderr.trim(), "error: full/big.idx: No space left on device", "{stderr}");
    assert_eq!(stdout.lines().last(), Some("exit=2"), "no temporary file is left: {stdout}");
}

#[test]
fn check_with_an_index_file_finds_what_check_corpus_finds() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let Some(mut names) = shards(d, 4) else { return };
    for seed in std::fs::read_dir(root().join("seeds")).unwrap() {
        let seed = seed.unwrap().path();
        let name = seed.file_name().unwrap().to_string_lossy().into_owned();
        std::fs::copy(&seed, d.join(&name)).unwrap();
        names.push(name);
    }
    // A variant spelling alone in its file is flagged only by what the other files say.
    std::fs::write(d.join("variant.txt"), "وأضاف غانتز أن التعاون العسكري سيتعمق بين البلدين في الأشهر المقبلة.\n")
        .unwrap();
    std::fs::write(d.join("proper.txt"), "قال وزير الدفاع بيني غانتس إن الزيارة تاريخية وإن التعاون سيتعمق.\n")
        .unwrap();
    names.extend(["variant.txt".to_string(), "proper.txt".to_string()]);
    // `check --corpus` indexes text files before JSONL records; merged in that order,
    // the parts are the same index, so the same other document is named.
    names.sort_by_key(|n| (n.ends_with(".jsonl"), n.clone()));
    for (i, n) in names.iter().enumerate() {
        ok(d, &["index", "build", "-o", &format!("part-{i}.idx"), n]);
    }
    let mut merge = vec!["index".to_string(), "merge".into()];
    merge.extend((0..names.len()).map(|i| format!("part-{i}.idx")));
    merge.extend(["-o".into(), "merged.idx".into()]);
    ok(d, &merge.iter().map(String::as_str).collect::<Vec<_>>());

    let findings = |how: &[&str]| {
        let mut args = vec!["check", "--format", "json", "--select", "ALL"];
        args.extend(how);
        args.extend(names.iter().map(String::as_str));
        json_in(d, &args)["findings"].as_array().unwrap().clone()
    };
    let corpus = findings(&["--corpus"]);
    let indexed = findings(&["--index", "merged.idx"]);
    let count = |f: &[serde_json::Value], code: &str| f.iter().filter(|f| f["code"] == code).count();
    assert!(count(&corpus, "SL305") > 50, "{} SL305", count(&corpus, "SL305"));
    let spelled: Vec<_> = corpus.iter().filter(|f| f["code"] == "SL701" && f["path"] == "variant.txt").collect();
    assert_eq!(spelled.len(), 1, "{spelled:?}");
    assert_eq!(count(&indexed, "SL701"), count(&corpus, "SL701"));
    assert_eq!(indexed.len(), corpus.len(), "check --index and check --corpus find different numbers");
    for (a, b) in indexed.iter().zip(&corpus) {
        assert_eq!(a, b, "check --index and check --corpus disagree");
    }
}
