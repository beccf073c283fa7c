#![allow(dead_code)]
//! A minimal LSP client for tests: frames JSON-RPC over the real binary's stdio,
//! answers the server's requests, and keeps notifications for inspection.

use serde_json::{json, Value};
use std::io::{BufRead, BufReader, Read, Write};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{channel, Receiver, RecvTimeoutError};
use std::time::{Duration, Instant};

pub struct Client {
    child: Child,
    stdin: ChildStdin,
    rx: Receiver<Value>,
    next_id: i64,
    /// Notifications received and not yet consumed.
    pub notifications: Vec<Value>,
    /// `workspace/applyEdit` requests received (their `edit`), answered with `applied: true`.
    pub applied_edits: Vec<Value>,
}

pub const TIMEOUT: Duration = Duration::from_secs(20);

impl Client {
    pub fn spawn() -> Client {
        Client::spawn_with_env(&[])
    }

    pub fn spawn_with_env(env: &[(&str, &str)]) -> Client {
        Client::spawn_with(env, &[])
    }

    /// A server with `env` set and the variables `removed` unset.
    pub fn spawn_with(env: &[(&str, &str)], removed: &[&str]) -> Client {
        let mut command = Command::new(env!("CARGO_BIN_EXE_seedlint"));
        for name in removed {
            command.env_remove(name);
        }
        let mut child = command
            .arg("lsp")
            .envs(env.iter().copied())
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("start seedlint lsp");
        let stdin = child.stdin.take().unwrap();
        let stdout = child.stdout.take().unwrap();
        let (tx, rx) = channel();
        std::thread::spawn(move || {
            let mut reader = BufReader::new(stdout);
            loop {
                let mut length = None;
                loop {
                    let mut header = String::new();
                    if reader.read_line(&mut header).unwrap_or(0) == 0 {
                        return;
                    }
                    let header = header.trim_end();
                    if header.is_empty() {
                        break;
                    }
                    if let Some(v) = header.strip_prefix("Content-Length: ") {
                        length = v.parse::<usize>().ok();
                    }
                }
                let Some(n) = length else { return };
                let mut body = vec![0; n];
                if reader.read_exact(&mut body).is_err() {
                    return;
                }
                if let Ok(v) = serde_json::from_slice::<Value>(&body) {
                    if tx.send(v).is_err() {
                        return;
                    }
                }
            }
        });
        Client { child, stdin, rx, next_id: 1, notifications: Vec::new(), applied_edits: Vec::new() }
    }

    pub fn send_raw(&mut self, body: &[u8]) {
        let _ = write!(self.stdin, "Content-Length: {}\r\n\r\n", body.len());
        let _ = self.stdin.write_all(body);
        let _ = self.stdin.flush();
    }

    /// Write bytes as they are (headers included).
    pub fn send_raw_framed(&mut self, bytes: &[u8]) {
        let _ = self.stdin.write_all(bytes);
        let _ = self.stdin.flush();
    }

    /// Wait for an error response with a null id (the answer to an unparseable message).
    pub fn wait_response_null_id(&mut self) -> Value {
        let deadline = Instant::now() + TIMEOUT;
        loop {
            match self.rx.recv_timeout(deadline.saturating_duration_since(Instant::now())) {
                Ok(msg) => {
                    if let Some(resp) = self.handle(msg) {
                        if resp["id"].is_null() {
                            return resp;
                        }
                    }
                }
                Err(_) => panic!("no error response"),
            }
        }
    }

    pub fn send(&mut self, msg: &Value) {
        self.send_raw(msg.to_string().as_bytes());
    }

    pub fn notify(&mut self, method: &str, params: Value) {
        self.send(&json!({"jsonrpc": "2.0", "method": method, "params": params}));
    }

    /// Handle one incoming message: answer server requests, keep notifications, return responses.
    fn handle(&mut self, msg: Value) -> Option<Value> {
        match (msg.get("id"), msg.get("method")) {
            (Some(id), Some(method)) => {
                let result = match method.as_str() {
                    Some("workspace/applyEdit") => {
                        self.applied_edits.push(msg["params"]["edit"].clone());
                        json!({"applied": true})
                    }
                    Some("workspace/configuration") => json!([]),
                    _ => Value::Null,
                };
                let id = id.clone();
                self.send(&json!({"jsonrpc": "2.0", "id": id, "result": result}));
                None
            }
            (None, Some(_)) => {
                self.notifications.push(msg);
                None
            }
            _ => Some(msg),
        }
    }

    /// Send a request and wait for its response (the whole response object).
    pub fn request_full(&mut self, method: &str, params: Value) -> Value {
        let id = self.next_id;
        self.next_id += 1;
        self.send(&json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}));
        self.wait_response(id)
    }

    pub fn wait_response(&mut self, id: i64) -> Value {
        let deadline = Instant::now() + TIMEOUT;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.rx.recv_timeout(left) {
                Ok(msg) => {
                    if let Some(resp) = self.handle(msg) {
                        if resp["id"] == json!(id) {
                            return resp;
                        }
                    }
                }
                Err(RecvTimeoutError::Timeout) => panic!("no response to request {id}"),
                Err(RecvTimeoutError::Disconnected) => {
                    panic!("server closed its output (request {id})")
                }
            }
        }
    }

    /// Send a request and return its `result`, panicking on an error response.
    pub fn request(&mut self, method: &str, params: Value) -> Value {
        let resp = self.request_full(method, params);
        assert!(resp.get("error").is_none(), "{method} failed: {resp}");
        resp["result"].clone()
    }

    /// Wait for a notification matching `pred`, consuming it.
    pub fn wait_notification(&mut self, method: &str, pred: impl Fn(&Value) -> bool) -> Value {
        let deadline = Instant::now() + TIMEOUT;
        loop {
            if let Some(i) = self.notifications.iter().position(|n| n["method"] == method && pred(&n["params"])) {
                return self.notifications.remove(i)["params"].clone();
            }
            let left = deadline.saturating_duration_since(Instant::now());
            match self.rx.recv_timeout(left) {
                Ok(msg) => {
                    self.handle(msg);
                }
                Err(_) => panic!("no {method} notification arrived; got: {:#?}", self.notifications),
            }
        }
    }

    /// The next diagnostics for `uri` that satisfy `pred`, skipping earlier ones.
    pub fn diagnostics_until(&mut self, uri: &str, pred: impl Fn(&[Value]) -> bool) -> Vec<Value> {
        let p = self.wait_notification("textDocument/publishDiagnostics", |p| {
            p["uri"] == uri && pred(p["diagnostics"].as_array().map(Vec::as_slice).unwrap_or(&[]))
        });
        p["diagnostics"].as_array().cloned().unwrap_or_default()
    }

    /// Wait until the server reports the end of its workspace indexing.
    pub fn wait_indexed(&mut self) -> Value {
        self.wait_notification("$/progress", |p| p["value"]["kind"] == "end")["value"].clone()
    }

    /// Diagnostics published for `uri` at exactly `version`.
    pub fn diagnostics(&mut self, uri: &str, version: i64) -> Vec<Value> {
        let p = self.wait_notification("textDocument/publishDiagnostics", |p| {
            p["uri"] == uri && p["version"] == json!(version)
        });
        p["diagnostics"].as_array().cloned().unwrap_or_default()
    }

    pub fn initialize(&mut self, capabilities: Value, root: Option<&std::path::Path>) -> Value {
        let root_uri = root.map(|r| format!("file://{}", r.display()));
        let result = self.request(
            "initialize",
            json!({"processId": null, "rootUri": root_uri, "capabilities": capabilities,
                   "workspaceFolders": root_uri.as_ref().map(|u| json!([{"uri": u, "name": "ws"}]))}),
        );
        self.notify("initialized", json!({}));
        result
    }

    pub fn open(&mut self, uri: &str, text: &str) {
        self.notify(
            "textDocument/didOpen",
            json!({"textDocument": {"uri": uri, "languageId": "plaintext", "version": 1, "text": text}}),
        );
    }

    pub fn shutdown_and_exit(mut self) -> i32 {
        self.request("shutdown", Value::Null);
        self.notify("exit", Value::Null);
        let deadline = Instant::now() + TIMEOUT;
        loop {
            if let Ok(Some(status)) = self.child.try_wait() {
                return status.code().unwrap_or(-1);
            }
            if Instant::now() > deadline {
                let _ = self.child.kill();
                panic!("server did not exit after `exit`");
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// The server's process id.
    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    pub fn is_running(&mut self) -> bool {
        matches!(self.child.try_wait(), Ok(None))
    }
}

/// A document with a known finding (line 1 is a breaking-news tag), for tests that
/// abuse the server and then check that it still answers right.
pub const PROBE: &str = "untitled:probe";

impl Client {
    pub fn open_probe(&mut self) {
        self.open(PROBE, "عاجل\nقال وزير الدفاع الإسرائيلي بيني غانتس، إن الرباط وتل أبيب بحاجة لتعميق التحالفات.\n");
        assert_eq!(self.diagnostics(PROBE, 1)[0]["code"], "SL101");
    }

    /// The server is running and answers a hover on the probe's finding, correctly.
    pub fn still_answers(&mut self) {
        let hover = self.request(
            "textDocument/hover",
            json!({"textDocument": {"uri": PROBE}, "position": {"line": 0, "character": 1}}),
        );
        let md = hover["contents"]["value"].as_str().unwrap_or_default();
        assert!(md.contains("SL101") && md.contains("breaking-news tag"), "hover after the abuse: {hover}");
        assert!(self.is_running());
    }
}

impl Drop for Client {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Byte offset of an LSP position in `text`, in UTF-16 (`utf16`) or UTF-8 units.
pub fn offset(text: &str, line: u64, character: u64, utf16: bool) -> usize {
    let mut start = 0;
    for _ in 0..line {
        match text[start..].find('\n') {
            Some(i) => start += i + 1,
            None => return text.len(),
        }
    }
    let end = text[start..].find(['\n', '\r']).map_or(text.len(), |i| start + i);
    let mut units = 0;
    for (i, c) in text[start..end].char_indices() {
        if units >= character as usize {
            return start + i;
        }
        units += if utf16 { c.len_utf16() } else { c.len_utf8() };
    }
    end
}

/// Apply LSP `TextEdit`s (UTF-16 positions) to `text`.
pub fn apply_edits(text: &str, edits: &[Value]) -> String {
    let mut spans: Vec<(usize, usize, String)> = edits
        .iter()
        .map(|e| {
            let r = &e["range"];
            let a = offset(text, r["start"]["line"].as_u64().unwrap(), r["start"]["character"].as_u64().unwrap(), true);
            let b = offset(text, r["end"]["line"].as_u64().unwrap(), r["end"]["character"].as_u64().unwrap(), true);
            (a, b, e["newText"].as_str().unwrap().to_string())
        })
        .collect();
    spans.sort_by_key(|s| std::cmp::Reverse(s.0));
    let mut out = text.to_string();
    for (a, b, t) in spans {
        out.replace_range(a..b, &t);
    }
    out
}

/// A diagnostic as (code, start line, start character, end line, end character).
pub type Key = (String, u64, u64, u64, u64);

pub fn keys(diags: &[Value]) -> std::collections::BTreeSet<Key> {
    diags
        .iter()
        .map(|d| {
            let r = &d["range"];
            let n = |v: &Value| v.as_u64().unwrap_or(u64::MAX);
            (
                d["code"].as_str().unwrap_or_default().to_string(),
                n(&r["start"]["line"]),
                n(&r["start"]["character"]),
                n(&r["end"]["line"]),
                n(&r["end"]["character"]),
            )
        })
        .collect()
}
