//! Reading JSONL corpora through the real binary: bounded, never hanging, and
//! precise about what could not be read.

mod common;
use common::*;
use std::fs;
use std::io::Write;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// Run seedlint, killing it if it has not exited in 30 s (a hang), with its exit code and stderr.
fn run_bounded(dir: &std::path::Path, args: &[&str]) -> (Option<i32>, String) {
    let mut child =
        Command::new(bin()).args(args).current_dir(dir).stdout(Stdio::null()).stderr(Stdio::piped()).spawn().unwrap();
    let deadline = Instant::now() + Duration::from_secs(30);
    while child.try_wait().unwrap().is_none() {
        if Instant::now() > deadline {
            child.kill().unwrap();
            let _ = child.wait();
            return (None, "hung: killed after 30 s".into());
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    let out = child.wait_with_output().unwrap();
    (out.status.code(), String::from_utf8_lossy(&out.stderr).into_owned())
}

/// A zstd bomb: one 64 MB frame of a single record that never ends (no newline),
/// repeated `frames` times: about 2 KB of file per 64 MB of decoded bytes.
fn zstd_bomb(frames: usize) -> Vec<u8> {
    let mut frame = zstd::stream::write::Encoder::new(Vec::new(), 1).unwrap();
    frame.write_all(b"{\"id\": \"bomb\", \"text\": \"").unwrap();
    frame.write_all(&vec![b'a'; 64 << 20]).unwrap();
    let frame = frame.finish().unwrap();
    frame.repeat(frames)
}

#[test]
fn a_zstd_bomb_is_refused_with_a_clear_error_not_an_abort() {
    let d = tempfile::tempdir().unwrap();
    let bomb = zstd_bomb(40);
    assert!(bomb.len() < 500_000, "{}", bomb.len());
    fs::write(d.path().join("bomb.jsonl.zst"), &bomb).unwrap();
    for args in [&["check", "bomb.jsonl.zst"][..], &["clean", "bomb.jsonl.zst", "-o", "out.jsonl"]] {
        let (code, stderr) = run_bounded(d.path(), args);
        assert_eq!(code, Some(2), "{args:?}: {stderr}");
        assert!(
            stderr.contains("line 1: record is 2684 MB, over the 64 MB limit (raise it with --max-record-size)"),
            "{args:?}: {stderr}"
        );
    }
    let (code, stderr) = run_bounded(d.path(), &["check", "--max-corpus-size", "1000", "bomb.jsonl.zst"]);
    assert_eq!(code, Some(2), "{stderr}");
    assert!(
        stderr.contains("bomb.jsonl.zst: reading stopped: at line 1: the decoded corpus is over the 1000 MB limit (raise it with --max-corpus-size)"),
        "{stderr}"
    );
}

#[test]
fn a_zstd_frame_declaring_a_huge_window_is_an_error() {
    let d = tempfile::tempdir().unwrap();
    let mut e = zstd::stream::write::Encoder::new(Vec::new(), 1).unwrap();
    e.window_log(31).unwrap();
    e.long_distance_matching(true).unwrap();
    e.write_all(b"{\"id\": \"a\", \"text\": \"x\"}\n").unwrap();
    fs::write(d.path().join("wide.jsonl.zst"), e.finish().unwrap()).unwrap();
    let (code, stderr) = run_bounded(d.path(), &["check", "wide.jsonl.zst"]);
    assert_eq!(code, Some(2), "{stderr}");
    assert!(stderr.contains("wide.jsonl.zst: reading stopped"), "{stderr}");
}

#[test]
fn a_record_over_the_limit_is_skipped_and_the_others_are_read() {
    let d = tempfile::tempdir().unwrap();
    let long = format!("{{\"id\": \"long\", \"text\": \"{}\"}}\n", "نص ".repeat(400_000));
    let short = "{\"id\": \"short\", \"text\": \"عاجل\\nنص\\n\"}\n";
    fs::write(d.path().join("in.jsonl"), format!("{short}{long}{short}")).unwrap();
    let r = run_in(d.path(), &["check", "--format", "json", "--max-record-size", "1", "in.jsonl"]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(
        r.stderr.contains(
            "in.jsonl: line 2: record is 2 MB, over the 1 MB limit (raise it with --max-record-size); record skipped"
        ),
        "{}",
        r.stderr
    );
    let v: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    let records: Vec<u64> =
        v["findings"].as_array().unwrap().iter().map(|f| f["document"]["record"].as_u64().unwrap()).collect();
    assert!(records.contains(&1) && records.contains(&3) && !records.contains(&2), "{records:?}");
    // Raised, the same record is read.
    let r = run_in(d.path(), &["check", "--max-record-size", "3", "in.jsonl"]);
    assert!(!r.stderr.contains("over the"), "{}", r.stderr);

    let r = run_in(d.path(), &["clean", "--max-record-size", "1", "in.jsonl", "-o", "out.jsonl"]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(r.stderr.contains("line 2: record is 2 MB, over the 1 MB limit"), "{}", r.stderr);
    assert!(r.stderr.contains("; not in the output"), "{}", r.stderr);

    // A text file given to `clean` is one document, under the same limit.
    fs::write(d.path().join("long.txt"), "نص ".repeat(400_000)).unwrap();
    let r = run_in(d.path(), &["clean", "--max-record-size", "1", "long.txt", "-o", "long.clean.txt"]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(
        r.stderr.contains("error: long.txt: file is 2 MB, over the 1 MB limit (raise it with --max-record-size)"),
        "{}",
        r.stderr
    );
    assert!(!d.path().join("long.clean.txt").exists());
}

#[test]
fn a_fifo_named_as_a_corpus_is_refused_not_waited_on() {
    let d = tempfile::tempdir().unwrap();
    assert!(Command::new("mkfifo").arg(d.path().join("pipe.jsonl")).status().unwrap().success());
    for args in [
        &["check", "pipe.jsonl"][..],
        &["clean", "pipe.jsonl", "-o", "out.jsonl"],
        &["index", "build", "pipe.jsonl", "-o", "x.idx"],
        &["entities", "pipe.jsonl"],
    ] {
        let (code, stderr) = run_bounded(d.path(), args);
        assert_eq!(code, Some(2), "{args:?}: {stderr}");
        assert!(
            stderr.contains("pipe.jsonl: is a FIFO (named pipe), not a regular file; not read"),
            "{args:?}: {stderr}"
        );
    }
}

#[test]
fn a_lone_surrogate_is_named_with_its_place() {
    let d = tempfile::tempdir().unwrap();
    let corpus = concat!(
        "{\"id\": \"a\", \"text\": \"\\ud83d\\ude00 ok \\\\ud800 is text\"}\n",
        "{\"id\": \"b\", \"text\": \"abc \\ud800 def\"}\n"
    );
    fs::write(d.path().join("in.jsonl"), corpus).unwrap();
    let r = run_in(d.path(), &["check", "in.jsonl"]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(
        r.stderr.contains(
            "in.jsonl: line 2: not JSON: `\\ud800` at byte offset 25 of the record is a lone surrogate (half of a UTF-16 pair, not a character); record skipped"
        ),
        "{}",
        r.stderr
    );
    assert!(!r.stderr.contains("line 1"), "{}", r.stderr);
}

#[test]
fn check_reports_a_truncated_archive_after_the_records_before_it() {
    let d = tempfile::tempdir().unwrap();
    let Some(path) = shared_corpus("almayadeen-2023-02.jsonl") else { return };
    let corpus = std::fs::read(path).unwrap();
    let compressed = zstd::stream::encode_all(&corpus[..], 3).unwrap();
    fs::write(d.path().join("cut.jsonl.zst"), &compressed[..compressed.len() / 2]).unwrap();
    let r = run_in(d.path(), &["check", "--format", "json", "cut.jsonl.zst"]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(r.stderr.contains("cut.jsonl.zst: reading stopped: at line "), "{}", r.stderr);
    let v: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    let last = v["findings"].as_array().unwrap().iter().filter_map(|f| f["document"]["record"].as_u64()).max();
    assert!(last.is_some_and(|n| n > 150), "records before the break were checked: {last:?}");
}
