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
        let line = format!("{}: {}", self.path.display(), self.message);
        f.write_str(&crate::output::escape_controls(&line))
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
    /// Follow symbolic links met while walking a directory. Off by default: a
    /// cloned tree's `article.txt -> /etc/passwd` must not be read or rewritten.
    pub follow_links: bool,
}

/// What a walk found: files to check (in a stable order), errors, and the
/// symbolic links it did not follow (see [`WalkOptions::follow_links`]).
#[derive(Debug, Default)]
pub struct Walked {
    pub files: Vec<PathBuf>,
    pub errors: Vec<FileError>,
    pub skipped_links: Vec<PathBuf>,
}

/// Files to check, in a stable order, and the errors met while walking.
/// Paths named on the command line are always checked; files found by walking
/// a directory must match `include` and not `exclude`.
pub fn collect(paths: &[PathBuf], opts: &WalkOptions) -> (Vec<PathBuf>, Vec<FileError>) {
    let walked = walk(paths, opts);
    (walked.files, walked.errors)
}

/// [`collect`], also listing the links not followed: links to directories, and
/// links whose names `include` would have picked.
pub fn walk(paths: &[PathBuf], opts: &WalkOptions) -> Walked {
    let mut walked = Walked::default();
    for root in paths {
        match std::fs::metadata(root) {
            Err(e) => {
                walked.errors.push(FileError { path: root.clone(), message: io_message(&e) });
                continue;
            }
            Ok(m) if !m.is_dir() => {
                walked.files.push(root.clone());
                continue;
            }
            Ok(_) => {}
        }
        let walker = ignore::WalkBuilder::new(root)
            .standard_filters(opts.respect_ignore)
            .follow_links(opts.follow_links)
            .require_git(false)
            .build();
        for entry in walker {
            match entry {
                Ok(e) => {
                    let p = e.path();
                    let rel = p.strip_prefix(root).unwrap_or(p);
                    if opts.exclude.is_match(rel) || opts.exclude.is_match(p) {
                        continue;
                    }
                    let picked = opts.include.is_match(rel) || opts.include.is_match(p);
                    match e.file_type() {
                        Some(t) if t.is_file() && picked => walked.files.push(p.to_path_buf()),
                        Some(t) if t.is_symlink() && (picked || p.is_dir()) => {
                            walked.skipped_links.push(p.to_path_buf())
                        }
                        _ => {}
                    }
                }
                Err(err) => walked.errors.push(walk_error(root, err)),
            }
        }
    }
    walked.files.sort();
    walked.files.dedup();
    walked.skipped_links.sort();
    walked.skipped_links.dedup();
    walked
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

/// Open `path` for reading only if it is a regular file (after following
/// symbolic links). FIFOs, sockets and devices are refused without blocking:
/// the open is non-blocking and the type is checked on the opened handle, so a
/// FIFO swapped in after a `stat` cannot hang the caller either.
pub fn open_regular(path: &Path) -> Result<std::fs::File, String> {
    use std::os::unix::fs::{FileTypeExt, OpenOptionsExt};
    // O_NONBLOCK: opening a FIFO with no writer would otherwise wait forever.
    const O_NONBLOCK: i32 = 0o4000;
    let file =
        std::fs::OpenOptions::new().read(true).custom_flags(O_NONBLOCK).open(path).map_err(|e| io_message(&e))?;
    let ft = file.metadata().map_err(|e| io_message(&e))?.file_type();
    if ft.is_file() {
        return Ok(file);
    }
    Err(if ft.is_dir() {
        "is a directory".into()
    } else if ft.is_fifo() {
        "is a FIFO (named pipe), not a regular file; not read".into()
    } else if ft.is_socket() {
        "is a socket, not a regular file; not read".into()
    } else if ft.is_char_device() || ft.is_block_device() {
        "is a device, not a regular file; not read".into()
    } else {
        "is not a regular file; not read".into()
    })
}

/// Read at most `max_bytes` of a regular file (see [`open_regular`]). A file
/// that is larger, or grows past the limit while being read, is an error that
/// names the limit and `raise_with` (the flag or setting that raises it).
pub fn read_bounded(path: &Path, max_bytes: u64, raise_with: &str) -> Result<Vec<u8>, String> {
    use std::io::Read;
    let file = open_regular(path)?;
    let too_big = |len: u64| {
        format!(
            "file is {} MB, over the {} MB limit (raise it with {raise_with})",
            len / 1_000_000,
            max_bytes / 1_000_000
        )
    };
    let len = file.metadata().map_err(|e| io_message(&e))?.len();
    if len > max_bytes {
        return Err(too_big(len));
    }
    let mut bytes = Vec::with_capacity(usize::try_from(len).unwrap_or(0));
    file.take(max_bytes.saturating_add(1)).read_to_end(&mut bytes).map_err(|e| io_message(&e))?;
    if bytes.len() as u64 > max_bytes {
        return Err(too_big(bytes.len() as u64));
    }
    Ok(bytes)
}

/// How much of a file to scan for NUL bytes before calling it binary (as git and ripgrep do).
const BINARY_SNIFF: usize = 8 * 1024;

/// Read `path` as UTF-8 text, or say precisely why not.
pub fn read_text(path: &Path, max_bytes: u64) -> Result<String, String> {
    decode(read_bounded(path, max_bytes, "--max-file-size")?)
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
    fn special_files_are_refused_without_blocking() {
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("pipe.txt");
        let status = std::process::Command::new("mkfifo").arg(&fifo).status().unwrap();
        assert!(status.success());
        assert!(read_text(&fifo, 1 << 20).unwrap_err().contains("FIFO"));
        assert!(read_text(Path::new("/dev/zero"), 1 << 20).unwrap_err().contains("device"));
        assert_eq!(read_text(dir.path(), 1 << 20).unwrap_err(), "is a directory");
        let big = dir.path().join("big.txt");
        std::fs::write(&big, vec![b'a'; 2_000_001]).unwrap();
        let e = read_bounded(&big, 1_000_000, "--max-file-size").unwrap_err();
        assert_eq!(e, "file is 2 MB, over the 1 MB limit (raise it with --max-file-size)");
    }

    #[test]
    fn decode_errors_are_precise() {
        let e = decode(b"ok\nab\xFFcd".to_vec()).unwrap_err();
        assert_eq!(e, "not valid UTF-8: invalid byte 0xFF at offset 5 (line 2, column 3); not checked");
        assert!(decode(b"a\0b".to_vec()).unwrap_err().starts_with("binary file (NUL byte at offset 1)"));
        assert_eq!(decode("\u{FEFF}نص".as_bytes().to_vec()).unwrap(), "\u{FEFF}نص");
    }
}
