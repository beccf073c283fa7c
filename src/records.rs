//! JSONL corpora: one JSON object per line, plain, gzip or zstd, read as a
//! stream. Each record's text field is a document; its id and URL address it.

use serde_json::{Map, Value};
use std::fs::File;
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

pub fn open(path: &Path, compression: Compression) -> std::io::Result<Box<dyn BufRead + Send>> {
    let file = File::open(path)?;
    Ok(match compression {
        Compression::None => Box::new(BufReader::with_capacity(1 << 20, file)),
        Compression::Gzip => Box::new(BufReader::with_capacity(1 << 20, flate2::read::MultiGzDecoder::new(file))),
        Compression::Zstd => Box::new(BufReader::with_capacity(1 << 20, zstd::stream::read::Decoder::new(file)?)),
    })
}

pub fn create(path: &Path, compression: Compression) -> std::io::Result<Box<dyn Write + Send>> {
    let file = std::io::BufWriter::with_capacity(1 << 20, File::create(path)?);
    Ok(match compression {
        Compression::None => Box::new(file),
        Compression::Gzip => Box::new(flate2::write::GzEncoder::new(file, flate2::Compression::default())),
        Compression::Zstd => Box::new(zstd::stream::write::Encoder::new(file, 3)?.auto_finish()),
    })
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
    let value: Value = serde_json::from_str(line).map_err(|e| err(format!("not JSON: {e}")))?;
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

/// Read a corpus in batches of lines (for parallel work), calling `f` on each batch.
/// Blank lines are skipped; an I/O error ends the read and is returned.
pub fn for_each_batch(
    mut reader: impl BufRead,
    batch: usize,
    mut f: impl FnMut(Vec<(usize, String)>),
) -> std::io::Result<()> {
    let mut lines = Vec::with_capacity(batch);
    let mut buf = Vec::new();
    let mut line_no = 0;
    loop {
        buf.clear();
        let n = reader.read_until(b'\n', &mut buf)?;
        if n == 0 {
            break;
        }
        line_no += 1;
        // Invalid UTF-8 on a line is that record's problem, reported by `parse`.
        let text = String::from_utf8_lossy(&buf).trim_end_matches(['\n', '\r']).to_string();
        if text.trim().is_empty() {
            continue;
        }
        lines.push((line_no, text));
        if lines.len() == batch {
            f(std::mem::take(&mut lines));
        }
    }
    if !lines.is_empty() {
        f(lines);
    }
    Ok(())
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
