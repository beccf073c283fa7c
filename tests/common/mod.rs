#![allow(dead_code)]
//! Helpers for tests that run the real `seedlint` binary.

pub mod lsp;

use std::path::{Path, PathBuf};
use std::process::Command;

pub fn bin() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_seedlint"))
}

pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A real corpus from `../shared/corpora/` (third-party data is read there, never
/// copied into the repository). When it is missing the test says so on stderr and
/// is skipped, unless `SEEDLINT_REQUIRE_CORPORA=1` (CI sets it), which makes a
/// missing corpus a failure: CI can never pass by skipping.
pub fn shared_corpus(name: &str) -> Option<PathBuf> {
    let path = root().join("../shared/corpora").join(name);
    if path.is_file() {
        return Some(path);
    }
    let required = std::env::var("SEEDLINT_REQUIRE_CORPORA").is_ok_and(|v| v == "1");
    assert!(!required, "{} is missing and SEEDLINT_REQUIRE_CORPORA=1", path.display());
    eprintln!("skipped: {} is missing (see ../shared/corpora/README.md)", path.display());
    None
}

pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

pub fn run_in(dir: &Path, args: &[&str]) -> Run {
    let out = Command::new(bin()).args(args).current_dir(dir).env("NO_COLOR", "1").output().expect("run seedlint");
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

pub fn run(args: &[&str]) -> Run {
    run_in(&root(), args)
}

pub fn json(args: &[&str]) -> serde_json::Value {
    json_in(&root(), args)
}

#[allow(dead_code)]
pub fn json_in(dir: &Path, args: &[&str]) -> serde_json::Value {
    let r = run_in(dir, args);
    serde_json::from_str(&r.stdout).unwrap_or_else(|e| panic!("not JSON ({e}): {}\n{}", r.stdout, r.stderr))
}

pub fn seed(prefix: &str) -> String {
    let dir = root().join("seeds");
    let name = std::fs::read_dir(&dir)
        .unwrap()
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .find(|n| n.starts_with(prefix))
        .unwrap_or_else(|| panic!("no seed {prefix}"));
    format!("seeds/{name}")
}
