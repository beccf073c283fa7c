//! Open documents, kept as ropes, and the one place where edits are applied.
//!
//! # Ordering
//!
//! tower-lsp-server may run notification handlers concurrently (tower-lsp #284,
//! tower-lsp-server #36), so a `didChange` applied inside an async handler can be
//! applied out of order. Here edits are not applied in handlers at all:
//! [`Ordered`] wraps the service, and its `Service::call`, which the transport
//! invokes once per message, sequentially, in the order the client sent them,
//! applies `didOpen`/`didChange`/`didClose` to the store synchronously before the
//! handler's future even exists. Nothing is awaited on the way. Handlers then only
//! schedule analysis of the snapshot they find, tagged with a generation number;
//! results for an older generation are dropped.

use ropey::Rope;
use serde::Deserialize;
use serde_json::Value;
use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::{Arc, Mutex, MutexGuard};
use std::task::{Context, Poll};
use tower_lsp_server::jsonrpc::{Request, Response};
use tower_lsp_server::ls_types::{
    DidChangeTextDocumentParams, DidCloseTextDocumentParams, DidOpenTextDocumentParams, Position,
    TextDocumentContentChangeEvent, Uri,
};

use super::analysis::Analysis;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    Utf8,
    Utf16,
}

pub struct Doc {
    pub rope: Rope,
    pub version: i32,
    /// Bumped on every change; analysis results carry the generation they saw.
    pub generation: u64,
    pub path: Option<PathBuf>,
    pub analysis: Option<Arc<Analysis>>,
    /// The client pulls diagnostics for this document (so none are pushed).
    pub pull: bool,
    /// Per-line results of this document's earlier analyses, so that the analysis
    /// after a keystroke redoes only the changed lines (and the document-wide rules).
    /// Shared with the analysis running in the background; analyses of one document
    /// take turns on it.
    pub memo: Arc<std::sync::Mutex<seedlint_engine::LineMemo>>,
}

impl Doc {
    pub fn text(&self) -> String {
        self.rope.to_string()
    }
}

pub struct StoreInner {
    pub docs: HashMap<Uri, Doc>,
    pub encoding: Encoding,
    /// Set by `initialize`, cleared by `shutdown`: document notifications outside
    /// that window are ignored, as the protocol asks.
    pub accepting: bool,
    /// `shutdown` was received.
    pub shut_down: bool,
    next_generation: u64,
    /// Problems met while applying notifications, for the handlers to log.
    pub warnings: Vec<String>,
}

#[derive(Clone)]
pub struct Store(Arc<Mutex<StoreInner>>);

impl Default for Store {
    fn default() -> Self {
        Store(Arc::new(Mutex::new(StoreInner {
            docs: HashMap::new(),
            encoding: Encoding::Utf16,
            accepting: false,
            shut_down: false,
            next_generation: 0,
            warnings: Vec::new(),
        })))
    }
}

impl Store {
    pub fn lock(&self) -> MutexGuard<'_, StoreInner> {
        // A panic elsewhere must not take the documents with it.
        self.0.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Apply a document notification. Called from `Ordered::call`, in arrival order.
    pub fn apply(&self, method: &str, params: Option<&Value>) {
        let mut s = self.lock();
        if !s.accepting {
            return;
        }
        // Deserialize from the borrowed value: a 100 MB document is not copied twice.
        let params = params.unwrap_or(&Value::Null);
        let result = match method {
            "textDocument/didOpen" => {
                DidOpenTextDocumentParams::deserialize(params).map(|p| s.open(p)).map_err(|e| e.to_string())
            }
            "textDocument/didChange" => {
                DidChangeTextDocumentParams::deserialize(params).map_err(|e| e.to_string()).and_then(|p| s.change(p))
            }
            "textDocument/didClose" => DidCloseTextDocumentParams::deserialize(params)
                .map(|p| {
                    s.docs.remove(&p.text_document.uri);
                })
                .map_err(|e| e.to_string()),
            _ => Ok(()),
        };
        if let Err(e) = result {
            s.warnings.push(format!("{method}: {e}"));
        }
    }
}

impl StoreInner {
    pub fn generation(&mut self) -> u64 {
        self.next_generation += 1;
        self.next_generation
    }

    fn open(&mut self, p: DidOpenTextDocumentParams) {
        let generation = self.generation();
        let uri = p.text_document.uri;
        let path = super::uri::to_path(&uri);
        self.docs.insert(
            uri,
            Doc {
                rope: Rope::from_str(&p.text_document.text),
                version: p.text_document.version,
                generation,
                path,
                analysis: None,
                pull: false,
                memo: Arc::default(),
            },
        );
    }

    fn change(&mut self, p: DidChangeTextDocumentParams) -> Result<(), String> {
        let generation = self.generation();
        let encoding = self.encoding;
        let uri = p.text_document.uri;
        let Some(doc) = self.docs.get_mut(&uri) else {
            return Err(format!("change for a document that is not open: {}", uri.as_str()));
        };
        let mut warning = None;
        if p.text_document.version <= doc.version {
            warning = Some(format!(
                "version went from {} to {} for {}; applied in the order received",
                doc.version,
                p.text_document.version,
                uri.as_str()
            ));
        }
        for change in &p.content_changes {
            apply_change(&mut doc.rope, change, encoding);
        }
        doc.version = p.text_document.version;
        doc.generation = generation;
        doc.analysis = None;
        match warning {
            Some(w) => Err(w),
            None => Ok(()),
        }
    }
}

/// Char index in `rope` of an LSP position. Lines past the end clamp to the end
/// of the document, columns past the end of a line clamp to the line's end, and a
/// column inside a character (half of a surrogate pair, the middle of a UTF-8
/// sequence) moves to that character's start.
pub fn position_to_char(rope: &Rope, pos: Position, encoding: Encoding) -> usize {
    let line = pos.line as usize;
    if line >= rope.len_lines() {
        return rope.len_chars();
    }
    let start = rope.line_to_char(line);
    let slice = rope.line(line);
    let mut len = slice.len_chars();
    // Exclude the terminator (\n, \r\n or \r): a position never points inside it.
    if len > 0 && slice.char(len - 1) == '\n' {
        len -= 1;
    }
    if len > 0 && slice.char(len - 1) == '\r' {
        len -= 1;
    }
    let end = start + len;
    let character = pos.character as usize;
    match encoding {
        Encoding::Utf16 => {
            let first = rope.char_to_utf16_cu(start);
            let last = rope.char_to_utf16_cu(end);
            let target = (first + character).min(last);
            rope.utf16_cu_to_char(target).clamp(start, end)
        }
        Encoding::Utf8 => {
            let first = rope.char_to_byte(start);
            let last = rope.char_to_byte(end);
            let target = (first + character).min(last);
            rope.byte_to_char(target).clamp(start, end)
        }
    }
}

pub fn apply_change(rope: &mut Rope, change: &TextDocumentContentChangeEvent, encoding: Encoding) {
    match change.range {
        None => *rope = Rope::from_str(&change.text),
        Some(range) => {
            let a = position_to_char(rope, range.start, encoding);
            let b = position_to_char(rope, range.end, encoding);
            let (a, b) = (a.min(b), a.max(b));
            rope.remove(a..b);
            rope.insert(a, &change.text);
        }
    }
}

/// The service wrapper that applies document edits in arrival order (see the module docs).
pub struct Ordered<S> {
    inner: S,
    store: Store,
}

impl<S> Ordered<S> {
    pub fn new(inner: S, store: Store) -> Self {
        Ordered { inner, store }
    }
}

impl<S> tower::Service<Request> for Ordered<S>
where
    S: tower::Service<Request, Response = Option<Response>>,
{
    type Response = S::Response;
    type Error = S::Error;
    type Future = S::Future;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, req: Request) -> Self::Future {
        if matches!(req.method(), "textDocument/didOpen" | "textDocument/didChange" | "textDocument/didClose") {
            self.store.apply(req.method(), req.params());
        }
        self.inner.call(req)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tower_lsp_server::ls_types::Range;

    fn pos(line: u32, character: u32) -> Position {
        Position { line, character }
    }

    fn edit(rope: &mut Rope, a: (u32, u32), b: (u32, u32), text: &str, enc: Encoding) {
        let change = TextDocumentContentChangeEvent {
            range: Some(Range { start: pos(a.0, a.1), end: pos(b.0, b.1) }),
            range_length: None,
            text: text.into(),
        };
        apply_change(rope, &change, enc);
    }

    #[test]
    fn utf16_and_utf8_positions_in_arabic_and_emoji() {
        // "ب😀ع": ب is 1 UTF-16 unit / 2 bytes, 😀 is 2 units / 4 bytes.
        let mut r = Rope::from_str("x\r\nب😀ع\n");
        edit(&mut r, (1, 3), (1, 3), "X", Encoding::Utf16);
        assert_eq!(r.to_string(), "x\r\nب😀Xع\n");
        let mut r = Rope::from_str("x\r\nب😀ع\n");
        edit(&mut r, (1, 6), (1, 6), "X", Encoding::Utf8);
        assert_eq!(r.to_string(), "x\r\nب😀Xع\n");
        // Inside the surrogate pair: the start of the emoji.
        let r = Rope::from_str("ب😀ع");
        assert_eq!(position_to_char(&r, pos(0, 2), Encoding::Utf16), 1);
        // Inside a UTF-8 sequence: the start of the character.
        assert_eq!(position_to_char(&r, pos(0, 1), Encoding::Utf8), 0);
    }

    #[test]
    fn out_of_range_positions_clamp() {
        let mut r = Rope::from_str("ab\r\ncd");
        assert_eq!(position_to_char(&r, pos(0, 99), Encoding::Utf16), 2, "end of line, before CRLF");
        assert_eq!(position_to_char(&r, pos(9, 0), Encoding::Utf16), 6);
        edit(&mut r, (0, 1), (7, 7), "Z", Encoding::Utf16);
        assert_eq!(r.to_string(), "aZ");
    }

    #[test]
    fn lone_cr_is_a_line_break() {
        let r = Rope::from_str("a\rb\nc");
        assert_eq!(r.len_lines(), 3);
        assert_eq!(position_to_char(&r, pos(1, 0), Encoding::Utf16), 2);
    }

    mod sync {
        //! Incremental edits on the rope against an independent reference: a plain
        //! String and a direct reading of the LSP position rules.
        use super::*;
        use proptest::prelude::*;

        /// Byte offset of an LSP position in `text`, by the specification's rules.
        fn reference_offset(text: &str, line: u32, character: u32, encoding: Encoding) -> usize {
            // Line starts: after every \n, after every \r not followed by \n.
            let bytes = text.as_bytes();
            let mut starts = vec![0];
            for (i, &b) in bytes.iter().enumerate() {
                if b == b'\n' || (b == b'\r' && bytes.get(i + 1) != Some(&b'\n')) {
                    starts.push(i + 1);
                }
            }
            let Some(&start) = starts.get(line as usize) else { return text.len() };
            let rest = &text[start..];
            let content_len = rest.find(['\n', '\r']).unwrap_or(rest.len());
            let mut units = 0usize;
            for (i, c) in rest[..content_len].char_indices() {
                let w = match encoding {
                    Encoding::Utf16 => c.len_utf16(),
                    Encoding::Utf8 => c.len_utf8(),
                };
                if units + w > character as usize {
                    return start + i;
                }
                units += w;
            }
            start + content_len
        }

        fn fragment() -> impl Strategy<Value = String> {
            prop_oneof![
                Just(String::new()),
                Just("ب".to_string()),
                Just("בני".to_string()),
                Just("x".to_string()),
                Just("😀".to_string()),
                Just("\n".to_string()),
                Just("\r\n".to_string()),
                Just("\r".to_string()),
                Just("\u{00A0}".to_string()),
                Just("عـاجـل\n".to_string()),
                "[\\u{0600}-\\u{06FF} a-z\\n]{0,6}",
            ]
        }

        fn edits() -> impl Strategy<Value = Vec<(u32, u32, u32, u32, String, bool)>> {
            prop::collection::vec((0u32..12, 0u32..14, 0u32..3, 0u32..14, fragment(), any::<bool>()), 1..60)
        }

        fn config() -> ProptestConfig {
            let cases = std::env::var("PROPTEST_CASES").ok().and_then(|c| c.parse().ok()).unwrap_or(200);
            ProptestConfig { cases, ..ProptestConfig::default() }
        }

        proptest! {
            #![proptest_config(config())]

            #[test]
            fn rope_edits_match_the_reference(initial in "[ب-ي a-z😀\\n\\r]{0,40}", steps in edits()) {
                let mut rope = Rope::from_str(&initial);
                let mut reference = initial.clone();
                for (line, ch, extra_lines, end_ch, text, utf8) in steps {
                    let encoding = if utf8 { Encoding::Utf8 } else { Encoding::Utf16 };
                    let (end_line, end_char) = if extra_lines == 0 { (line, ch.max(end_ch)) } else { (line + extra_lines, end_ch) };
                    let change = TextDocumentContentChangeEvent {
                        range: Some(Range { start: pos(line, ch), end: pos(end_line, end_char) }),
                        range_length: None,
                        text: text.clone(),
                    };
                    apply_change(&mut rope, &change, encoding);
                    let a = reference_offset(&reference, line, ch, encoding);
                    let b = reference_offset(&reference, end_line, end_char, encoding);
                    reference.replace_range(a.min(b)..a.max(b), &text);
                    prop_assert_eq!(rope.to_string(), reference.clone());
                }
            }
        }
    }
}
