//! A framing proxy between stdio and the server.
//!
//! tower-lsp-server reads stdin through tokio-util's `FramedRead`, which ends the
//! stream after the first message it cannot decode: one malformed JSON body would
//! end the session. So seedlint reads stdin itself. Well-formed messages are
//! passed on to the server unchanged; a body that is not JSON gets a JSON-RPC
//! "Parse error" (-32700) response and one that is not a JSON-RPC message an
//! "Invalid Request" (-32600), written directly; a header without a usable
//! `Content-Length` is skipped up to the next header, and bytes that run past
//! [`MAX_HEADER`] without ending a header are dropped up to the next
//! `Content-Length:` (the search for a header's end only looks at new bytes, so
//! junk costs linear time). All output, the server's
//! and these errors, goes through one writer, a frame at a time, so frames never
//! interleave.

use serde_json::{json, Value};
use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt, DuplexStream};
use tokio::sync::mpsc;

const PIPE: usize = 1 << 20;
const HEADER_END: &[u8] = b"\r\n\r\n";
/// Messages larger than this are refused (and skipped), so a wrong header cannot make the server allocate without bound.
pub const MAX_MESSAGE: usize = 512 * 1024 * 1024;
/// A header block longer than this without its blank line is junk. Real headers are
/// two short lines; the limit only has to be far above that.
pub const MAX_HEADER: usize = 64 * 1024;
const CONTENT_LENGTH: &[u8] = b"content-length:";

fn frame(body: &[u8]) -> Vec<u8> {
    let mut out = format!("Content-Length: {}\r\n\r\n", body.len()).into_bytes();
    out.extend_from_slice(body);
    out
}

fn error_frame(id: Value, code: i64, message: String) -> Vec<u8> {
    frame(json!({"jsonrpc": "2.0", "id": id, "error": {"code": code, "message": message}}).to_string().as_bytes())
}

/// What to do with one message body.
enum Verdict {
    Forward,
    Reply(Vec<u8>),
}

fn judge(body: &[u8]) -> Verdict {
    let value: Value = match serde_json::from_slice(body) {
        Ok(v) => v,
        Err(e) => return Verdict::Reply(error_frame(Value::Null, -32700, format!("Parse error: {}", parse_error(&e)))),
    };
    let id = value.get("id").cloned().filter(|id| id.is_number() || id.is_string()).unwrap_or(Value::Null);
    let is_request = value.get("method").is_some_and(Value::is_string);
    let is_response = value.get("id").is_some() && (value.get("result").is_some() || value.get("error").is_some());
    let params_ok = value.get("params").is_none_or(|p| p.is_object() || p.is_array() || p.is_null());
    if value.get("jsonrpc") != Some(&json!("2.0")) || !(is_request || is_response) || !params_ok {
        // A notification (no id) that is invalid gets no reply, as JSON-RPC says.
        if value.get("id").is_none() && is_request {
            return Verdict::Reply(Vec::new());
        }
        return Verdict::Reply(error_frame(id, -32600, "Invalid Request: not a JSON-RPC 2.0 message".into()));
    }
    Verdict::Forward
}

/// serde_json reports a `\uD800` not followed by a trailing surrogate as "unexpected end
/// of hex escape", which sends the reader looking for a truncated escape.
fn parse_error(e: &serde_json::Error) -> String {
    let message = e.to_string();
    if message.contains("surrogate") || message.contains("end of hex escape") {
        return format!(
            "lone surrogate in a \\u escape at line {} column {}: a JSON string must be valid Unicode \
             (a \\uD800-\\uDBFF escape must be followed by a \\uDC00-\\uDFFF one)",
            e.line(),
            e.column()
        );
    }
    message
}

/// Where a header block ends, looking only at bytes from `scanned` on (the bytes
/// before it were searched already), so a header that arrives in many reads costs
/// linear time, not quadratic.
fn find_header_end(buf: &[u8], scanned: usize) -> Option<usize> {
    let from = scanned.saturating_sub(HEADER_END.len() - 1);
    find(buf.get(from..)?, HEADER_END).map(|i| from + i)
}

/// How many bytes of junk (a header over [`MAX_HEADER`] without its end) to drop: up
/// to the last `Content-Length:` after the first byte, where a real header may start;
/// without one, all but a tail that could be the start of that name.
fn junk_to_drop(buf: &[u8]) -> usize {
    let rest = buf.get(1..).unwrap_or_default();
    match rest.windows(CONTENT_LENGTH.len()).rposition(|w| w.eq_ignore_ascii_case(CONTENT_LENGTH)) {
        Some(i) => i + 1,
        None => buf.len().saturating_sub(CONTENT_LENGTH.len() - 1),
    }
}

/// The `Content-Length` of a header block. The last occurrence counts, wherever it
/// starts: after a message whose `Content-Length` was too short, the rest of its
/// body sits in front of the next header, and the next message must still be read.
fn content_length(headers: &[u8]) -> Option<usize> {
    let at = headers.windows(CONTENT_LENGTH.len()).rposition(|w| w.eq_ignore_ascii_case(CONTENT_LENGTH))?
        + CONTENT_LENGTH.len();
    let rest = headers.get(at..)?;
    let digits: Vec<u8> = rest.iter().copied().skip_while(|b| *b == b' ').take_while(u8::is_ascii_digit).collect();
    std::str::from_utf8(&digits).ok()?.parse().ok()
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// Start the proxy: returns the server's input and output ends.
pub fn spawn<R, W>(mut input: R, mut output: W) -> (DuplexStream, DuplexStream)
where
    R: AsyncRead + Unpin + Send + 'static,
    W: AsyncWrite + Unpin + Send + 'static,
{
    let (mut to_server, server_in) = tokio::io::duplex(PIPE);
    let (server_out, mut from_server) = tokio::io::duplex(PIPE);
    let (frames_tx, mut frames_rx) = mpsc::unbounded_channel::<Vec<u8>>();

    // The one writer.
    tokio::spawn(async move {
        while let Some(f) = frames_rx.recv().await {
            if output.write_all(&f).await.is_err() || output.flush().await.is_err() {
                return;
            }
        }
    });

    // Server output → frames (the server writes whole, well-formed frames).
    let server_frames = frames_tx.clone();
    tokio::spawn(async move {
        let mut buf = Vec::new();
        let mut chunk = vec![0u8; 64 * 1024];
        loop {
            while let Some(end) = find(&buf, HEADER_END) {
                let Some(len) = content_length(&buf[..end]) else {
                    buf.drain(..end + HEADER_END.len());
                    continue;
                };
                let total = end + HEADER_END.len() + len;
                if buf.len() < total {
                    break;
                }
                let f: Vec<u8> = buf.drain(..total).collect();
                if server_frames.send(f).is_err() {
                    return;
                }
            }
            match from_server.read(&mut chunk).await {
                Ok(0) | Err(_) => return,
                Ok(n) => buf.extend_from_slice(&chunk[..n]),
            }
        }
    });

    // Client input → checked frames for the server, or error replies.
    tokio::spawn(async move {
        let mut buf: Vec<u8> = Vec::new();
        let mut chunk = vec![0u8; 64 * 1024];
        let mut skipping: usize = 0;
        // Bytes at the start of `buf` known to hold no header end.
        let mut scanned: usize = 0;
        // Junk was reported since the last good header (once per run of junk, not per read).
        let mut in_junk = false;
        loop {
            loop {
                if skipping > 0 {
                    let n = skipping.min(buf.len());
                    buf.drain(..n);
                    skipping -= n;
                    scanned = 0;
                    if skipping > 0 {
                        break;
                    }
                }
                let Some(end) = find_header_end(&buf, scanned) else {
                    scanned = buf.len();
                    if buf.len() > MAX_HEADER {
                        let drop = junk_to_drop(&buf);
                        buf.drain(..drop);
                        scanned = 0;
                        if !std::mem::replace(&mut in_junk, true) {
                            eprintln!("seedlint lsp: over {MAX_HEADER} bytes without a header end; skipped to the next Content-Length");
                            let _ = frames_tx.send(error_frame(
                                Value::Null,
                                -32700,
                                format!("Parse error: a header ran over {MAX_HEADER} bytes without ending; skipped to the next `Content-Length:`"),
                            ));
                        }
                        continue;
                    }
                    break;
                };
                scanned = 0;
                let body_start = end + HEADER_END.len();
                let len = match content_length(&buf[..end]) {
                    Some(len) if len <= MAX_MESSAGE => len,
                    Some(len) => {
                        eprintln!("seedlint lsp: message of {len} bytes is over the {MAX_MESSAGE}-byte limit; skipped");
                        buf.drain(..body_start);
                        skipping = len;
                        let _ = frames_tx.send(error_frame(
                            Value::Null,
                            -32600,
                            format!("Invalid Request: message of {len} bytes is too large"),
                        ));
                        continue;
                    }
                    None => {
                        eprintln!("seedlint lsp: header without Content-Length; skipped");
                        buf.drain(..body_start);
                        continue;
                    }
                };
                if buf.len() < body_start + len {
                    scanned = end;
                    break;
                }
                in_junk = false;
                let message: Vec<u8> = buf.drain(..body_start + len).skip(body_start).collect();
                match judge(&message) {
                    Verdict::Forward => {
                        if to_server.write_all(&frame(&message)).await.is_err() {
                            return;
                        }
                    }
                    Verdict::Reply(reply) => {
                        eprintln!("seedlint lsp: malformed message ({} bytes) answered with an error", message.len());
                        if !reply.is_empty() {
                            let _ = frames_tx.send(reply);
                        }
                    }
                }
            }
            match input.read(&mut chunk).await {
                Ok(0) | Err(_) => {
                    // End of input: closing the server's input ends the session.
                    let _ = to_server.shutdown().await;
                    return;
                }
                Ok(n) => buf.extend_from_slice(&chunk[..n]),
            }
        }
    });

    (server_in, server_out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn judges_messages() {
        assert!(matches!(judge(br#"{"jsonrpc":"2.0","id":1,"method":"x"}"#), Verdict::Forward));
        assert!(matches!(judge(br#"{"jsonrpc":"2.0","id":1,"result":null}"#), Verdict::Forward));
        let Verdict::Reply(r) = judge(b"{nope") else { panic!() };
        assert!(String::from_utf8(r).unwrap().contains("-32700"));
        let Verdict::Reply(r) = judge(br#"{"jsonrpc":"2.0","id":7,"method":"x","params":5}"#) else { panic!() };
        assert!(String::from_utf8(r).unwrap().contains(r#""id":7"#));
        let Verdict::Reply(r) = judge(br#"{"jsonrpc":"2.0","method":"x","params":5}"#) else { panic!() };
        assert!(r.is_empty(), "no reply to a notification");
        assert_eq!(content_length(b"Content-Type: x\r\ncontent-length: 12"), Some(12));
        assert_eq!(content_length(b"junk\"}Content-Length: 34"), Some(34), "resync after a short Content-Length");
        assert_eq!(content_length(b"Content-Type: x"), None);
    }

    #[test]
    fn finds_a_header_end_split_across_reads_and_drops_junk_up_to_a_header() {
        // The end straddles what was scanned and what is new.
        assert_eq!(find_header_end(b"Content-Length: 2\r\n\r\n{}", 19), Some(17));
        assert_eq!(find_header_end(b"xxxx", 4), None);
        assert_eq!(junk_to_drop(b"junk junk content-LENGTH: 5"), 10);
        assert_eq!(junk_to_drop(b"Content-Length: 5 and no end"), 28 - (CONTENT_LENGTH.len() - 1));
        assert_eq!(junk_to_drop(b"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"), 30 - (CONTENT_LENGTH.len() - 1));
    }
}
