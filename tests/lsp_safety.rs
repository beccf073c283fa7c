//! The server as a target: input meant to hang, exhaust or mislead it, and requests
//! meant to make it write outside the workspace. Each case runs the real binary over
//! stdio; afterwards the server must still answer, and answer right.

mod common;
use common::lsp::Client;
use serde_json::{json, Value};

const PROBE: &str = "untitled:probe";

/// A server with a small document that has a known finding (line 1 is a breaking-news tag).
fn start() -> Client {
    let mut c = Client::spawn();
    c.initialize(json!({}), None);
    open_probe(&mut c);
    c
}

fn open_probe(c: &mut Client) {
    c.open(PROBE, "عاجل\nقال وزير الدفاع الإسرائيلي بيني غانتس، إن الرباط وتل أبيب بحاجة لتعميق التحالفات.\n");
    assert_eq!(c.diagnostics(PROBE, 1)[0]["code"], "SL101");
}

/// The server still answers a hover on the probe's finding, correctly.
fn still_answers(c: &mut Client) {
    let hover = c.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": PROBE}, "position": {"line": 0, "character": 1}}),
    );
    let md = hover["contents"]["value"].as_str().unwrap_or_default();
    assert!(md.contains("SL101") && md.contains("breaking-news tag"), "hover after the abuse: {hover}");
    assert!(c.is_running());
}

fn error_message(response: &Value) -> String {
    response["error"]["message"].as_str().unwrap_or_default().to_string()
}

#[test]
fn header_junk_without_an_end_is_dropped_and_the_next_message_is_read() {
    let mut c = start();
    // 16 MB with no blank line: buffered whole and rescanned on every read, this took minutes.
    let junk = vec![b'x'; 16 * 1024 * 1024];
    c.send_raw_framed(&junk);
    let error = c.wait_response_null_id();
    assert_eq!(error["error"]["code"], -32700);
    assert!(error_message(&error).contains("without ending"), "{error}");
    still_answers(&mut c);
}

#[test]
fn a_lone_surrogate_is_called_a_lone_surrogate() {
    let mut c = start();
    c.send_raw(br#"{"jsonrpc":"2.0","id":5,"method":"textDocument/hover","params":{"x":"\ud800"}}"#);
    let error = c.wait_response_null_id();
    assert_eq!(error["error"]["code"], -32700);
    let message = error_message(&error);
    assert!(message.contains("lone surrogate") && !message.contains("end of hex escape"), "{message}");
    still_answers(&mut c);
}
