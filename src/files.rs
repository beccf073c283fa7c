//! Finding the files to check and reading them as text, with one clear error
//! per file that cannot be read.

use globset::{Glob, GlobSet, GlobSetBuilder};
use std::path::{Path, PathBuf};

/// Extensions checked when walking a directory, unless `--include` says otherwise.
pub const DEFAULT_INCLUDE: &[&str] =
    &["*.txt", "*.text", "*.md", "*.jsonl", "*.jsonl.gz", "*.jsonl.zst", "*.ndjson", "*.ndjson.gz", "*.ndjson.zst"];

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileError {
    pub path: PathBuf,
    pub message: String,
}

impl std::fmt::Display for FileError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.path.display(), self.message)
    }
}

pub fn globset(globs: &[String]) -> Result<GlobSet, String> {
    let mut b = GlobSetBuilder::new();
    for g in globs {
        b.add(Glob::new(g).map_err(|e| format!("bad glob `{g}`: {}", e.kind()))?);
    }
    b.build().map_err(|e| e.to_string())
}

pub struct WalkOptions {
    pub include: GlobSet,
    pub exclude: GlobSet,
    /// Honour .gitignore, .ignore and hidden-file rules.
    pub respect_ignore: bool,
}

/// Files to check, in a stable order, and the errors met while walking.
/// Paths named on the command line are always checked; files found by walking
/// a directory must match `include` and not `exclude`.
pub fn collect(paths: &[PathBuf], opts: &WalkOptions) -> (Vec<PathBuf>, Vec<FileError>) {
    let mut files = Vec::new();
    let mut errors = Vec::new();
    for root in paths {
        match std::fs::metadata(root) {
            Err(e) => {
                errors.push(FileError { path: root.clone(), message: io_message(&e) });
                continue;
            }
            Ok(m) if !m.is_dir() => {
                files.push(root.clone());
                continue;
            }
            Ok(_) => {}
        }
        let walker = ignore::WalkBuilder::new(root)
            .standard_filters(opts.respect_ignore)
            .follow_links(true)
            .require_git(false)
            .build();
        for entry in walker {
            match entry {
                Ok(e) => {
                    if !e.file_type().is_some_and(|t| t.is_file()) {
                        continue;
                    }
                    let p = e.path();
                    let rel = p.strip_prefix(root).unwrap_or(p);
                    if !(opts.include.is_match(rel) || opts.include.is_match(p)) {
                        continue;
                    }
                    if opts.exclude.is_match(rel) || opts.exclude.is_match(p) {
                        continue;
                    }
                    files.push(p.to_path_buf());
                }
                Err(err) => errors.push(walk_error(root, err)),
            }
        }
    }
    files.sort();
    files.dedup();
    (files, errors)
}

fn walk_error(root: &Path, err: ignore::Error) -> FileError {
    // ignore::Error nests the path and the cause; flatten to "path: cause".
    fn split(err: &ignore::Error) -> (Option<PathBuf>, String) {
        match err {
            ignore::Error::WithPath { path, err } => (Some(path.clone()), split(err).1),
            ignore::Error::WithDepth { err, .. } | ignore::Error::WithLineNumber { err, .. } => split(err),
            ignore::Error::Loop { ancestor, child } => {
                (Some(child.clone()), format!("symbolic link loop (points back to {})", ancestor.display()))
            }
            ignore::Error::Io(e) => (None, io_message(e)),
            other => (None, other.to_string()),
        }
    }
    let (path, message) = split(&err);
    FileError { path: path.unwrap_or_else(|| root.to_path_buf()), message }
}

pub fn io_message(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such file or directory".into(),
        std::io::ErrorKind::PermissionDenied => "permission denied".into(),
        _ => {
            let s = e.to_string();
            // Drop the "(os error N)" suffix: it helps nobody reading a lint report.
            s.split(" (os error").next().unwrap_or(&s).to_string()
        }
    }
}

/// How much of a file to scan for NUL bytes before calling it binary (as git and ripgrep do).
const BINARY_SNIFF: usize = 8 * 1024;

/// Read `path` as UTF-8 text, or say precisely why not.
pub fn read_text(path: &Path, max_bytes: u64) -> Result<String, String> {
    let meta = std::fs::metadata(path).map_err(|e| io_message(&e))?;
    if meta.is_dir() {
        return Err("is a directory".into());
    }
    if meta.len() > max_bytes {
        return Err(format!(
            "file is {} MB, over the {} MB limit (raise it with --max-file-size)",
            meta.len() / 1_000_000,
            max_bytes / 1_000_000
        ));
    }
    let bytes = std::fs::read(path).map_err(|e| io_message(&e))?;
    decode(bytes)
}

pub fn decode(bytes: Vec<u8>) -> Result<String, String> {
    if let Some(nul) = bytes.iter().take(BINARY_SNIFF).position(|&b| b == 0) {
        return Err(format!("binary file (NUL byte at offset {nul}), not checked"));
    }
    String::from_utf8(bytes).map_err(|e| {
        let bytes = e.as_bytes();
        let at = e.utf8_error().valid_up_to();
        let before = &bytes[..at];
        let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
        let line_start = before.iter().rposition(|&b| b == b'\n').map_or(0, |p| p + 1);
        let column = String::from_utf8_lossy(&before[line_start..]).chars().count() + 1;
        format!(
            "not valid UTF-8: invalid byte 0x{:02X} at offset {at} (line {line}, column {column}); not checked",
            bytes[at]
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decode_errors_are_precise() {
        let e = decode(b"ok\nab\xFFcd".to_vec()).unwrap_err();
        assert_eq!(e, "not valid UTF-8: invalid byte 0xFF at offset 5 (line 2, column 3); not checked");
        assert!(decode(b"a\0b".to_vec()).unwrap_err().starts_with("binary file (NUL byte at offset 1)"));
        assert_eq!(decode("\u{FEFF}نص".as_bytes().to_vec()).unwrap(), "\u{FEFF}نص");
    }
}
