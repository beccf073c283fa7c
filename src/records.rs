//! JSONL corpora: one JSON object per line, plain, gzip or zstd, read as a
//! stream. Each record's text field is a document; its id and URL address it.

use serde_json::{Map, Value};
use std::io::{BufRead, BufReader, Write};
use std::path::Path;

/// Field names tried, in order, when none is given.
pub const TEXT_FIELDS: &[&str] = &["text", "content", "full_text", "body", "raw_content", "article", "document"];
pub const ID_FIELDS: &[&str] = &["id", "doc_id", "document_id", "uuid", "_id", "key"];
pub const URL_FIELDS: &[&str] = &["url", "link", "source_url", "uri"];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Compression {
    None,
    Gzip,
    Zstd,
}

/// Whether a path names a JSONL corpus, and how it is compressed.
pub fn jsonl_kind(path: &Path) -> Option<Compression> {
    let name = path.file_name()?.to_str()?.to_ascii_lowercase();
    let (stem, compression) = if let Some(s) = name.strip_suffix(".gz") {
        (s.to_string(), Compression::Gzip)
    } else if let Some(s) = name.strip_suffix(".zst") {
        (s.to_string(), Compression::Zstd)
    } else {
        (name, Compression::None)
    };
    (stem.ends_with(".jsonl") || stem.ends_with(".ndjson")).then_some(compression)
}

/// A corpus opened for reading: its decoded lines, and the limits that bound them.
pub struct Corpus {
    reader: Box<dyn BufRead + Send>,
    max_record_bytes: u64,
}

/// Open a corpus for reading. Only regular files are opened (a FIFO named on the
/// command line is refused, not waited on), and what is read is bounded: in
/// total by `limits.max_corpus_size_mb` of decoded bytes, a zstd frame's window
/// by [`ZSTD_WINDOW_LOG_MAX`], each record by `limits.max_record_size_mb`.
pub fn open(path: &Path, compression: Compression, limits: &ReadLimits) -> std::io::Result<Corpus> {
    let file = crate::files::open_regular(path).map_err(std::io::Error::other)?;
    let max_total = limits.max_corpus_size_mb.saturating_mul(1_000_000);
    let decoded: Box<dyn std::io::Read + Send> = match compression {
        Compression::None => Box::new(file),
        Compression::Gzip => Box::new(flate2::read::MultiGzDecoder::new(BufReader::with_capacity(1 << 16, file))),
        Compression::Zstd => {
            let mut decoder = zstd::stream::read::Decoder::new(file)?;
            // A frame may declare a window of gigabytes, which the decoder would allocate.
            decoder.window_log_max(ZSTD_WINDOW_LOG_MAX)?;
            Box::new(decoder)
        }
    };
    let bounded = Bounded { inner: decoded, left: max_total, limit_mb: limits.max_corpus_size_mb };
    Ok(Corpus {
        reader: Box::new(BufReader::with_capacity(1 << 20, bounded)),
        max_record_bytes: limits.max_record_size_mb.saturating_mul(1_000_000),
    })
}

/// The largest zstd window accepted, as a power of two: 2^27 bytes (128 MiB), zstd's own
/// default limit for decoders and what `zstd --long` writes.
pub const ZSTD_WINDOW_LOG_MAX: u32 = 27;

/// A reader that fails once it has produced `left` bytes, so a decompression bomb
/// ends in an error instead of filling the disk or the time budget.
struct Bounded<R> {
    inner: R,
    left: u64,
    limit_mb: u64,
}

impl<R: std::io::Read> std::io::Read for Bounded<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        if self.left == 0 {
            // One byte more tells a corpus of exactly the limit from one over it.
            let mut probe = [0u8; 1];
            return match self.inner.read(&mut probe)? {
                0 => Ok(0),
                _ => Err(std::io::Error::other(format!(
                    "the decoded corpus is over the {} MB limit (raise it with --max-corpus-size)",
                    self.limit_mb
                ))),
            };
        }
        let want = buf.len().min(usize::try_from(self.left).unwrap_or(usize::MAX));
        let n = self.inner.read(&mut buf[..want])?;
        self.left -= n as u64;
        Ok(n)
    }
}

/// A temporary file beside `path`, to be persisted over it once complete, so that
/// `path` is always either its old content or the whole new one. Its mode follows
/// the umask like any new file (not tempfile's private 0600).
pub fn temp_beside(path: &Path) -> std::io::Result<tempfile::NamedTempFile> {
    use std::os::unix::fs::PermissionsExt;
    let dir = path.parent().filter(|d| !d.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    tempfile::Builder::new()
        .prefix(&format!(".{name}."))
        .suffix(".tmp")
        .permissions(std::fs::Permissions::from_mode(0o666))
        .tempfile_in(dir)
}

/// A corpus (or text) being written: to a temporary file beside its path, renamed
/// over it once [`Output::finish`]ed and [`Finished::persist`]ed. Dropped before, it
/// leaves `path` as it was, and its temporary file is removed.
pub struct Output {
    path: std::path::PathBuf,
    encoder: Encoder,
}

enum Encoder {
    Plain(std::io::BufWriter<tempfile::NamedTempFile>),
    Gzip(flate2::write::GzEncoder<std::io::BufWriter<tempfile::NamedTempFile>>),
    Zstd(zstd::stream::write::Encoder<'static, std::io::BufWriter<tempfile::NamedTempFile>>),
}

/// Errors name the file the user asked for, never the temporary one.
fn named(path: &Path, e: &std::io::Error) -> String {
    format!("{}: {}", path.display(), crate::files::io_message(e))
}

pub fn create(path: &Path, compression: Compression) -> Result<Output, String> {
    let file = std::io::BufWriter::with_capacity(1 << 20, temp_beside(path).map_err(|e| named(path, &e))?);
    let encoder = match compression {
        Compression::None => Encoder::Plain(file),
        Compression::Gzip => Encoder::Gzip(flate2::write::GzEncoder::new(file, flate2::Compression::default())),
        Compression::Zstd => Encoder::Zstd(zstd::stream::write::Encoder::new(file, 3).map_err(|e| named(path, &e))?),
    };
    Ok(Output { path: path.to_path_buf(), encoder })
}

impl Output {
    /// Write all of `bytes`; the error names the file.
    pub fn write_all(&mut self, bytes: &[u8]) -> Result<(), String> {
        let w: &mut dyn Write = match &mut self.encoder {
            Encoder::Plain(w) => w,
            Encoder::Gzip(w) => w,
            Encoder::Zstd(w) => w,
        };
        w.write_all(bytes).map_err(|e| named(&self.path, &e))
    }

    /// Finish the encoding, and flush and sync the temporary file: all that can fail
    /// for want of space happens here, before any file is renamed.
    pub fn finish(self) -> Result<Finished, String> {
        let path = self.path;
        let writer = match self.encoder {
            Encoder::Plain(w) => w,
            Encoder::Gzip(w) => w.finish().map_err(|e| named(&path, &e))?,
            Encoder::Zstd(w) => w.finish().map_err(|e| named(&path, &e))?,
        };
        let file = writer.into_inner().map_err(|e| named(&path, e.error()))?;
        file.as_file().sync_all().map_err(|e| named(&path, &e))?;
        Ok(Finished { path, file })
    }
}

/// A complete output in its temporary file, ready to take its path's place.
pub struct Finished {
    path: std::path::PathBuf,
    file: tempfile::NamedTempFile,
}

impl Finished {
    /// Rename the temporary file over the path (atomic on one file system).
    pub fn persist(self) -> Result<(), String> {
        self.file.persist(&self.path).map(drop).map_err(|e| named(&self.path, &e.error))
    }
}

/// The command-line flags naming a corpus's fields (shared by `check` and `clean`).
#[derive(Debug, Clone, Default, clap::Args)]
pub struct FieldOptions {
    /// In JSONL files, the field holding the text (default: the first of text, content, full_text, body, …).
    #[arg(long)]
    pub text_field: Option<String>,
    /// In JSONL files, the field holding the document id (default: id, doc_id, …; else the line number).
    #[arg(long)]
    pub id_field: Option<String>,
    /// In JSONL files, the field holding the document's URL (default: url, link, …).
    #[arg(long)]
    pub url_field: Option<String>,
    #[command(flatten)]
    pub limits: ReadLimits,
}

/// How much of a JSONL corpus is read (shared by `check`, `clean`, `entities` and `index build`).
#[derive(Debug, Clone, clap::Args)]
pub struct ReadLimits {
    /// In JSONL files, a record (one line) longer than this many megabytes is reported and skipped.
    #[arg(long = "max-record-size", value_name = "MB", default_value_t = 64)]
    pub max_record_size_mb: u64,
    /// A JSONL file whose content (after decompression) is larger than this many megabytes
    /// is read up to the limit, then reported.
    #[arg(long = "max-corpus-size", value_name = "MB", default_value_t = 32_000)]
    pub max_corpus_size_mb: u64,
}

impl Default for ReadLimits {
    fn default() -> Self {
        ReadLimits { max_record_size_mb: 64, max_corpus_size_mb: 32_000 }
    }
}

impl FieldOptions {
    pub fn fields(&self) -> Fields {
        Fields { text: self.text_field.clone(), id: self.id_field.clone(), url: self.url_field.clone() }
    }
}

/// The fields a corpus uses; `None` entries are guessed from the first record.
#[derive(Debug, Clone, Default)]
pub struct Fields {
    pub text: Option<String>,
    pub id: Option<String>,
    pub url: Option<String>,
}

impl Fields {
    fn guess(&mut self, object: &Map<String, Value>) {
        let pick = |names: &[&str], want_string: bool| {
            names.iter().find(|n| object.get(**n).is_some_and(|v| !want_string || v.is_string())).map(|n| n.to_string())
        };
        if self.text.is_none() {
            self.text = pick(TEXT_FIELDS, true);
        }
        if self.id.is_none() {
            self.id = pick(ID_FIELDS, false);
        }
        if self.url.is_none() {
            self.url = pick(URL_FIELDS, true);
        }
    }
}

/// One document of a corpus.
#[derive(Debug, Clone)]
pub struct Record {
    /// 1-based line of the file the record is on.
    pub line: usize,
    pub object: Map<String, Value>,
    pub text: String,
    pub id: String,
    pub url: Option<String>,
}

/// A record that could not be read: its line and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecordError {
    pub line: usize,
    pub message: String,
}

/// Parse one line of a corpus.
pub fn parse(line_no: usize, line: &str, fields: &mut Fields) -> Result<Record, RecordError> {
    let err = |message: String| RecordError { line: line_no, message };
    let value: Value = serde_json::from_str(line).map_err(|e| {
        let surrogate = e.to_string().contains("escape").then(|| lone_surrogate(line)).flatten();
        err(match surrogate {
            Some((at, escape)) => format!(
                "not JSON: `{escape}` at byte offset {at} of the record is a lone surrogate \
                 (half of a UTF-16 pair, not a character)"
            ),
            None => format!("not JSON: {e}"),
        })
    })?;
    let Value::Object(object) = value else { return Err(err("not a JSON object".into())) };
    fields.guess(&object);
    let Some(text_field) = fields.text.clone() else {
        return Err(err(format!("no text field (tried {}; set --text-field)", TEXT_FIELDS.join(", "))));
    };
    let text = match object.get(&text_field) {
        Some(Value::String(s)) => s.clone(),
        Some(_) => return Err(err(format!("field `{text_field}` is not a string"))),
        None => return Err(err(format!("no field `{text_field}`"))),
    };
    let id = match fields.id.as_ref().and_then(|f| object.get(f)) {
        Some(Value::String(s)) => s.clone(),
        Some(v) if !v.is_null() => v.to_string(),
        _ => format!("line-{line_no}"),
    };
    let url = fields.url.as_ref().and_then(|f| object.get(f)).and_then(Value::as_str).map(str::to_string);
    Ok(Record { line: line_no, object, text, id, url })
}

/// A line of a corpus that is not a readable record: why, and its bytes as read
/// (`None` when it was too long to keep), so a writer can copy it unchanged.
#[derive(Debug, Clone)]
pub struct BadLine {
    pub error: RecordError,
    pub bytes: Option<Vec<u8>>,
}

/// A 1-based line number and the line's text (without its terminator), or why it is not text.
pub type Line = (usize, Result<String, BadLine>);

/// The first `\uXXXX` escape of a UTF-16 surrogate without its other half: its
/// byte offset in `line` and its text. serde_json calls it an "unexpected end of hex escape".
fn lone_surrogate(line: &str) -> Option<(usize, &str)> {
    let bytes = line.as_bytes();
    let unit_at = |i: usize| -> Option<u16> {
        (bytes.get(i) == Some(&b'\\') && bytes.get(i + 1) == Some(&b'u'))
            .then(|| line.get(i + 2..i + 6).and_then(|h| u16::from_str_radix(h, 16).ok()))
            .flatten()
    };
    let mut i = 0;
    while i < bytes.len() {
        if bytes.get(i) != Some(&b'\\') {
            i += 1;
            continue;
        }
        let Some(unit) = unit_at(i) else {
            // Any other escape is two bytes long (`\\` included).
            i += 2;
            continue;
        };
        let high = (0xD800..0xDC00).contains(&unit);
        let low = (0xDC00..0xE000).contains(&unit);
        if high && unit_at(i + 6).is_some_and(|u| (0xDC00..0xE000).contains(&u)) {
            i += 12;
            continue;
        }
        if high || low {
            return line.get(i..i + 6).map(|escape| (i, escape));
        }
        i += 6;
    }
    None
}

/// Read a corpus in batches of lines (for parallel work), calling `f` on each batch.
/// Blank lines are skipped. A line that is not UTF-8, or is over the record size
/// limit, is passed on as a [`BadLine`]. An I/O error (a truncated or corrupt
/// archive, the corpus size limit) ends the read after every line decoded before
/// it has been passed to `f`, and is returned with the line it stopped at.
pub fn for_each_batch(mut corpus: Corpus, batch: usize, mut f: impl FnMut(Vec<Line>)) -> std::io::Result<()> {
    let mut lines = Vec::with_capacity(batch);
    let mut buf = Vec::new();
    let mut line_no = 0;
    let result = loop {
        let read = match read_line(&mut corpus.reader, corpus.max_record_bytes, &mut buf) {
            Ok(read) => read,
            Err(e) => {
                break Err(std::io::Error::other(format!("at line {}: {}", line_no + 1, crate::files::io_message(&e))))
            }
        };
        line_no += 1;
        match read {
            LineRead::End => break Ok(()),
            LineRead::TooLong(bytes) => lines.push((
                line_no,
                Err(BadLine {
                    error: RecordError {
                        line: line_no,
                        message: format!(
                            "record is {} MB, over the {} MB limit (raise it with --max-record-size)",
                            bytes / 1_000_000,
                            corpus.max_record_bytes / 1_000_000
                        ),
                    },
                    bytes: None,
                }),
            )),
            LineRead::Line => {
                let end = buf.iter().rposition(|&b| b != b'\n' && b != b'\r').map_or(0, |p| p + 1);
                buf.truncate(end);
                if std::str::from_utf8(&buf).is_ok_and(|s| s.trim().is_empty()) {
                    continue;
                }
                let bytes = std::mem::take(&mut buf);
                lines.push((
                    line_no,
                    String::from_utf8(bytes).map_err(|e| {
                        let at = e.utf8_error().valid_up_to();
                        let bytes = e.into_bytes();
                        let byte = bytes.get(at).copied().unwrap_or_default();
                        BadLine {
                            error: RecordError {
                                line: line_no,
                                message: format!(
                                    "not valid UTF-8: invalid byte 0x{byte:02X} at byte offset {at} of the record"
                                ),
                            },
                            bytes: Some(bytes),
                        }
                    }),
                ));
            }
        }
        if lines.len() == batch {
            f(std::mem::take(&mut lines));
        }
    };
    if !lines.is_empty() {
        f(lines);
    }
    result
}

enum LineRead {
    End,
    /// `buf` holds the line, with its terminator.
    Line,
    /// The line had this many bytes, over the limit; `buf` is empty.
    TooLong(u64),
}

/// Read one line into `buf`, keeping at most `max` bytes in memory: a longer line
/// is read to its end and dropped.
fn read_line(reader: &mut impl BufRead, max: u64, buf: &mut Vec<u8>) -> std::io::Result<LineRead> {
    buf.clear();
    let mut total: u64 = 0;
    let mut too_long = false;
    loop {
        let available = match reader.fill_buf() {
            Ok(b) => b,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if available.is_empty() {
            break;
        }
        let (n, done) = match memchr::memchr(b'\n', available) {
            Some(i) => (i + 1, true),
            None => (available.len(), false),
        };
        total += n as u64;
        if !too_long && total > max {
            too_long = true;
            *buf = Vec::new();
        }
        if !too_long {
            buf.extend_from_slice(&available[..n]);
        }
        reader.consume(n);
        if done {
            break;
        }
    }
    Ok(match (total, too_long) {
        (0, _) => LineRead::End,
        (_, true) => LineRead::TooLong(total),
        _ => LineRead::Line,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_by_name() {
        assert_eq!(jsonl_kind(Path::new("a/b.jsonl")), Some(Compression::None));
        assert_eq!(jsonl_kind(Path::new("b.JSONL.gz")), Some(Compression::Gzip));
        assert_eq!(jsonl_kind(Path::new("b.ndjson.zst")), Some(Compression::Zstd));
        assert_eq!(jsonl_kind(Path::new("b.txt")), None);
        assert_eq!(jsonl_kind(Path::new("b.json")), None);
    }

    #[test]
    fn guesses_fields_and_reports_bad_records() {
        let mut f = Fields::default();
        let r = parse(3, r#"{"doc_id": 7, "full_text": "نص", "link": "https://x.ma/a"}"#, &mut f).unwrap();
        assert_eq!((r.id.as_str(), r.text.as_str(), r.url.as_deref()), ("7", "نص", Some("https://x.ma/a")));
        assert_eq!(f.text.as_deref(), Some("full_text"));
        assert_eq!(parse(4, "{oops", &mut f).unwrap_err().line, 4);
        assert!(parse(5, "[1]", &mut f).unwrap_err().message.contains("not a JSON object"));
        assert!(parse(6, r#"{"full_text": 5}"#, &mut f).unwrap_err().message.contains("not a string"));
        let mut none = Fields::default();
        assert!(parse(1, r#"{"title": "x"}"#, &mut none).unwrap_err().message.contains("set --text-field"));
    }
}
