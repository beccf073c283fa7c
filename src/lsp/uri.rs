//! `file://` URIs to paths and back. Only the `file` scheme maps to a path;
//! other schemes (`untitled:`) are documents without one.

use percent_encoding::{percent_decode_str, utf8_percent_encode, AsciiSet, CONTROLS};
use std::path::{Path, PathBuf};
use std::str::FromStr;
use tower_lsp_server::ls_types::Uri;

/// Characters escaped in a path segment (RFC 3986 `pchar` minus what must stay).
const PATH: &AsciiSet = &CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'#')
    .add(b'%')
    .add(b'<')
    .add(b'>')
    .add(b'?')
    .add(b'[')
    .add(b'\\')
    .add(b']')
    .add(b'^')
    .add(b'`')
    .add(b'{')
    .add(b'|')
    .add(b'}');

pub fn to_path(uri: &Uri) -> Option<PathBuf> {
    let s = uri.as_str();
    let rest = s.strip_prefix("file://")?;
    // `file://host/path`: only the empty host and localhost are this machine.
    let path = if rest.starts_with('/') { rest } else { rest.strip_prefix("localhost")? };
    let path = path.split(['?', '#']).next().unwrap_or(path);
    let decoded = percent_decode_str(path).decode_utf8().ok()?;
    Some(PathBuf::from(decoded.into_owned()))
}

pub fn from_path(path: &Path) -> Option<Uri> {
    let abs = std::path::absolute(path).ok()?;
    let s = abs.to_str()?;
    Uri::from_str(&format!("file://{}", utf8_percent_encode(s, PATH))).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_arabic_and_spaces() {
        let p = Path::new("/tmp/مقالات جديدة/خبر #1.txt");
        let uri = from_path(p).unwrap();
        assert!(uri.as_str().starts_with("file:///tmp/%D9%85"), "{}", uri.as_str());
        assert_eq!(to_path(&uri).unwrap(), p);
        assert_eq!(to_path(&Uri::from_str("untitled:Untitled-1").unwrap()), None);
        assert_eq!(to_path(&Uri::from_str("file://localhost/a/b.txt").unwrap()).unwrap(), Path::new("/a/b.txt"));
    }
}
