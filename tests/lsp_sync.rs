//! Incremental sync through the real server: a long seeded sequence of random
//! edits (Arabic, Hebrew, Latin, emoji, CRLF, lone CR, NBSP; random positions in
//! UTF-16 or UTF-8, in and past lines, inside surrogate pairs) is sent over stdio.
//! After every edit the server's text equals a reference model's, and its
//! diagnostics equal the engine's on that full text, computed from scratch.
//!
//! `SEEDLINT_SYNC_EDITS` sets the number of edits (default 400; CI runs 3000).

mod common;
use common::lsp::{keys as actual, Client, Key};
use proptest::prelude::*;
use proptest::strategy::ValueTree;
use proptest::test_runner::{Config, RngAlgorithm, TestRng, TestRunner};
use seedlint_engine::{Engine, LineIndex};
use serde_json::json;
use std::collections::BTreeSet;

fn fragment() -> impl Strategy<Value = String> {
    prop_oneof![
        Just(String::new()),
        Just("ب".to_string()),
        Just("عـاجـل\n".to_string()),
        Just("בני גנץ".to_string()),
        Just("Benny".to_string()),
        Just("😀".to_string()),
        Just("\r\n".to_string()),
        Just("\r".to_string()),
        Just("\n".to_string()),
        Just("\u{00A0}".to_string()),
        Just("  ".to_string()),
        Just("الأكثر قراءة\n".to_string()),
        Just("قال وزير الدفاع الإسرائيلي بيني غانتس، إن الرباط وتل أبيب بحاجة لتعميق التحالفات.\n".to_string()),
        "[\\u{0621}-\\u{064A} ،.]{1,8}",
    ]
}

/// Byte offset of an LSP position by the specification's rules (independent of the server's code).
fn offset(text: &str, line: u32, character: u32, utf8: bool) -> usize {
    let bytes = text.as_bytes();
    let mut starts = vec![0];
    for (i, &b) in bytes.iter().enumerate() {
        if b == b'\n' || (b == b'\r' && bytes.get(i + 1) != Some(&b'\n')) {
            starts.push(i + 1);
        }
    }
    let Some(&start) = starts.get(line as usize) else { return text.len() };
    let rest = &text[start..];
    let content = &rest[..rest.find(['\n', '\r']).unwrap_or(rest.len())];
    let mut units = 0usize;
    for (i, c) in content.char_indices() {
        let w = if utf8 { c.len_utf8() } else { c.len_utf16() };
        if units + w > character as usize {
            return start + i;
        }
        units += w;
    }
    start + content.len()
}

fn expected(text: &str, utf8: bool) -> BTreeSet<Key> {
    let idx = LineIndex::new(text);
    let col = |p: seedlint_engine::Position| if utf8 { p.utf8_column } else { p.utf16_column } as u64;
    Engine::default()
        .check(text)
        .iter()
        .map(|f| {
            let (s, e) = (idx.position(text, f.range.start), idx.position(text, f.range.end));
            (f.code.to_string(), s.line as u64, col(s), e.line as u64, col(e))
        })
        .collect()
}

fn run(utf8: bool, edits: usize, seed: u8) {
    let mut c = Client::spawn();
    let caps = if utf8 { json!({"general": {"positionEncodings": ["utf-8"]}}) } else { json!({}) };
    c.initialize(caps, None);
    let uri = "untitled:sync";
    let mut text = String::from("عنوان\r\nنص 😀 هنا\n");
    c.open(uri, &text);
    c.diagnostics(uri, 1);

    let mut runner = TestRunner::new_with_rng(Config::default(), TestRng::from_seed(RngAlgorithm::ChaCha, &[seed; 32]));
    let step = (0u32..14, 0u32..20, 0u32..3, 0u32..20, fragment());
    for k in 0..edits {
        let (line, ch, extra, end_ch, insert) = step.new_tree(&mut runner).unwrap().current();
        let (end_line, end_char) = if extra == 0 { (line, ch.max(end_ch)) } else { (line + extra, end_ch) };
        let version = k as i64 + 2;
        c.notify(
            "textDocument/didChange",
            json!({"textDocument": {"uri": uri, "version": version}, "contentChanges": [{
                "range": {"start": {"line": line, "character": ch}, "end": {"line": end_line, "character": end_char}}, "text": insert}]}),
        );
        let a = offset(&text, line, ch, utf8);
        let b = offset(&text, end_line, end_char, utf8);
        text.replace_range(a.min(b)..a.max(b), &insert);

        let server = c.request("seedlint/documentText", json!({"uri": uri}));
        assert_eq!(server["version"], json!(version));
        assert_eq!(server["text"].as_str().unwrap(), text, "text diverged after edit {k}");
        let report = c.request("textDocument/diagnostic", json!({"textDocument": {"uri": uri}}));
        assert_eq!(
            actual(report["items"].as_array().unwrap()),
            expected(&text, utf8),
            "diagnostics diverged after edit {k}: {text:?}"
        );
    }
    eprintln!("{edits} edits ({}) matched", if utf8 { "UTF-8" } else { "UTF-16" });
}

fn edits() -> usize {
    std::env::var("SEEDLINT_SYNC_EDITS").ok().and_then(|v| v.parse().ok()).unwrap_or(400)
}

#[test]
fn random_edits_in_utf16_keep_text_and_diagnostics_exact() {
    run(false, edits(), 7);
}

#[test]
fn random_edits_in_utf8_keep_text_and_diagnostics_exact() {
    run(true, edits(), 11);
}
