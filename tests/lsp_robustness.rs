//! The server survives hostile input: each case is sent to the real binary, and
//! then the server must still answer a hover on a known finding correctly.

mod common;
use common::lsp::{Client, PROBE};
use serde_json::{json, Value};

/// Open a small document with a known finding (line 1 is a breaking-news tag).
fn start() -> Client {
    let mut c = Client::spawn();
    c.initialize(json!({}), None);
    c.open_probe();
    c
}

#[test]
fn wrong_content_length() {
    let mut c = start();
    // Too short: the body is cut, so it is not JSON; the rest of it precedes the next header.
    let body = json!({"jsonrpc": "2.0", "id": 77, "method": "textDocument/hover",
        "params": {"textDocument": {"uri": PROBE}, "position": {"line": 0, "character": 1}}})
    .to_string();
    c.send_raw_framed(format!("Content-Length: {}\r\n\r\n{}", body.len() - 10, body).as_bytes());
    assert_eq!(c.wait_response_null_id()["error"]["code"], -32700);
    // A header with a Content-Length that is not a number is skipped.
    c.send_raw_framed(b"Content-Length: lots\r\n\r\n");
    c.still_answers();
}

#[test]
fn versions_going_backwards_and_edits_for_unopened_documents_are_logged() {
    let mut c = start();
    c.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": PROBE, "version": 0}, "contentChanges": [{
        "range": {"start": {"line": 9, "character": 0}, "end": {"line": 9, "character": 0}}, "text": "ذيل"}]}),
    );
    c.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": "untitled:nope", "version": 3}, "contentChanges": [{"text": "x"}]}),
    );
    c.notify("textDocument/didOpen", json!({"textDocument": {"uri": 5}}));
    c.still_answers();
    // The warnings are logged by the handlers, which may finish after the hover's answer.
    let logged = |c: &mut Client, needle: &'static str| {
        c.wait_notification("window/logMessage", |p| p["message"].as_str().unwrap_or_default().contains(needle));
    };
    logged(&mut c, "version went from 1 to 0");
    logged(&mut c, "not open: untitled:nope");
    let text = c.request("seedlint/documentText", json!({"uri": PROBE}));
    assert!(text["text"].as_str().unwrap().ends_with("ذيل"), "the edit is applied in the order received");
}

#[test]
fn a_hundred_documents_open_at_once() {
    let mut c = start();
    for i in 0..100 {
        c.open(&format!("untitled:many{i}"), &format!("الأكثر قراءة\nنص رقم {i} من الوثيقة الطويلة بما يكفي هنا.\n"));
    }
    for i in 0..100 {
        let d = c.diagnostics(&format!("untitled:many{i}"), 1);
        assert_eq!(d[0]["code"], "SL101", "document {i}");
    }
    c.still_answers();
}

#[test]
fn a_document_of_one_ten_megabyte_line() {
    let mut c = start();
    let line = "ب".repeat(5_000_000); // 10 MB of UTF-8
    c.open("untitled:line", &line);
    let d = c.diagnostics("untitled:line", 1);
    assert!(
        d.iter().any(|d| d["code"] == "SL404"),
        "the run is reported: {:?}",
        d.iter().map(|d| &d["code"]).collect::<Vec<_>>()
    );
    let hover = c.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": "untitled:line"}, "position": {"line": 0, "character": 4_000_000}}),
    );
    assert!(hover["contents"]["value"].as_str().unwrap().contains("5000000-character run"));
    c.still_answers();
}

#[test]
fn a_hundred_megabyte_document_is_held_but_not_linted() {
    let mut c = start();
    let para = "وقال المسؤول إن الاتفاق الموقع بين البلدين يفتح الطريق أمام تعاون أوسع في مجالات عديدة.\n";
    let text = para.repeat(100_000_000 / para.len() + 1);
    assert!(text.len() >= 100_000_000);
    c.open("untitled:huge", &text);
    let hover = c.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": "untitled:huge"}, "position": {"line": 3, "character": 2}}),
    );
    assert_eq!(hover, Value::Null);
    let warned = c.wait_notification("window/showMessage", |p| {
        p["message"].as_str().unwrap_or_default().contains("over the 32 MB limit")
    });
    assert!(warned["message"].as_str().unwrap().contains("untitled:huge is 100 MB"));
    // Edits to it are still applied (the server keeps the text; it only does not lint it).
    c.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": "untitled:huge", "version": 2}, "contentChanges": [{
        "range": {"start": {"line": 0, "character": 0}, "end": {"line": 0, "character": 0}}, "text": "عاجل\n"}]}),
    );
    let head = c.request("seedlint/documentText", json!({"uri": "untitled:huge"}));
    assert!(head["text"].as_str().unwrap().starts_with("عاجل\nوقال المسؤول"));
    c.still_answers();
}

#[test]
fn a_broken_config_is_reported_and_the_last_good_one_keeps_working() {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("seedlint.toml");
    std::fs::write(&config, "[rules]\nignore = [\"SL101\"]\n").unwrap();
    let file = dir.path().join("a.txt");
    let text = "عاجل\n\nنص\n\n\n\nنص آخر\n";
    std::fs::write(&file, text).unwrap();
    let mut c = Client::spawn();
    c.initialize(json!({}), Some(dir.path()));
    let uri = format!("file://{}", file.display());
    c.open(&uri, text);
    let first = c.diagnostics(&uri, 1);
    assert!(first.iter().all(|d| d["code"] != "SL101") && first.iter().any(|d| d["code"] == "SL505"), "{first:?}");

    std::fs::write(&config, "[rules]\nignore = [\"SL101\"]\nfrobnicate = true\n").unwrap();
    c.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": format!("file://{}", config.display()), "type": 2}]}),
    );
    let shown =
        c.wait_notification("window/showMessage", |p| p["message"].as_str().unwrap_or_default().contains("frobnicate"));
    let message = shown["message"].as_str().unwrap();
    assert!(message.contains("seedlint.toml:3:1: unknown field `frobnicate`"), "{message}");
    assert!(message.contains("using the last good configuration"), "{message}");
    // Still linted, still without SL101: the last good configuration.
    let again = c.diagnostics(&uri, 1);
    assert!(again.iter().all(|d| d["code"] != "SL101") && again.iter().any(|d| d["code"] == "SL505"), "{again:?}");
    assert!(c.is_running());
}
