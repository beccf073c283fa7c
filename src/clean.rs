//! `seedlint clean`: write a cleaned copy of a corpus (or a text file) and a drop
//! log that records every removed or changed span, so nothing is ever lost: the
//! log names the rule and reason for each span and holds the original text, and
//! replaying it backwards restores the input byte for byte.

use crate::files;
use crate::records::{self, Compression};
use crate::resolve::Resolver;
use rayon::prelude::*;
use seedlint_engine::fix::fix_all_in_corpus;
use seedlint_engine::{CorpusIndex, Engine};
use serde::{Deserialize, Serialize};
use serde_json::{json, Map, Value};
use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};

#[derive(Debug, Clone, clap::Args)]
pub struct CleanOptions {
    /// A JSONL corpus (plain, .gz or .zst) or a text file.
    pub input: PathBuf,
    /// Where to write the cleaned copy (same format; compression from the name).
    #[arg(short, long)]
    pub output: Option<PathBuf>,
    /// Where to write the drop log (JSONL; default: OUTPUT.drops.jsonl).
    #[arg(long)]
    pub log: Option<PathBuf>,
    /// Only count what would be removed; write nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// Also apply unsafe fixes (fuzzy matches, near-duplicates, joins, glued words).
    #[arg(long)]
    pub unsafe_fixes: bool,
    /// Record key under which each document's quality score is written.
    #[arg(long, default_value = "seedlint")]
    pub score_key: String,
    /// Use this config file instead of the nearest seedlint.toml.
    #[arg(long)]
    pub config: Option<PathBuf>,
    /// Treat the input as one corpus: also remove lines that recur across its documents
    /// (corpus boilerplate, with --unsafe-fixes), as `check --corpus` reports them.
    /// The input is read twice: once to count, once to clean.
    #[arg(long)]
    pub corpus: bool,
    /// Judge documents against this corpus index (from `seedlint index build/merge`).
    #[arg(long, value_name = "FILE", conflicts_with = "corpus")]
    pub index: Option<PathBuf>,
    #[command(flatten)]
    pub fields: records::FieldOptions,
}

/// One removed or changed span of a document. Offsets are UTF-8 bytes (`start`,
/// `end`, `clean_start`, `clean_end`), and the span's place in characters (Unicode
/// scalar values, what Python's `str` indexes) is given too.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Span {
    /// Byte range in the original text.
    pub start: usize,
    pub end: usize,
    /// Byte range of its replacement in the cleaned text.
    pub clean_start: usize,
    pub clean_end: usize,
    /// Character range in the original text.
    #[serde(default)]
    pub char_start: usize,
    #[serde(default)]
    pub char_end: usize,
    /// The original text of the span, and what replaced it.
    pub text: String,
    pub replacement: String,
    /// The rule that decided the span (always set by `clean`; optional for older logs).
    pub code: Option<String>,
    pub rule: Option<String>,
    pub reason: String,
}

/// A document's entry in the drop log.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Drop {
    pub id: String,
    /// Line of the corpus file holding the record (1 for a text file).
    pub record: usize,
    pub spans: Vec<Span>,
}

/// Undo a cleaning: put every span's original text back.
pub fn restore(cleaned: &str, spans: &[Span]) -> String {
    let mut out = cleaned.to_string();
    for s in spans.iter().rev() {
        if out.is_char_boundary(s.clean_start) && out.is_char_boundary(s.clean_end) && s.clean_end <= out.len() {
            out.replace_range(s.clean_start..s.clean_end, &s.text);
        }
    }
    out
}

pub struct Cleaned {
    pub text: String,
    /// Findings left on the cleaned text.
    pub remaining: usize,
    pub drop: Drop,
}

/// Clean one document; with a corpus index, also the document's name there (left out of its own counts).
pub fn clean_text(
    engine: &Engine,
    id: &str,
    record: usize,
    text: &str,
    unsafe_fixes: bool,
    corpus: Option<(&CorpusIndex, &str)>,
) -> Cleaned {
    let outcome = fix_all_in_corpus(engine, text, unsafe_fixes, corpus.map(|c| c.0), corpus.map(|c| c.1));
    let chars_before = |s: &str, at: usize| s.get(..at).map_or(0, |p| p.chars().count());
    let spans = outcome
        .changes
        .iter()
        .map(|c| Span {
            text: text.get(c.original.clone()).unwrap_or_default().to_string(),
            replacement: outcome.text.get(c.result.clone()).unwrap_or_default().to_string(),
            start: c.original.start,
            end: c.original.end,
            clean_start: c.result.start,
            clean_end: c.result.end,
            char_start: chars_before(text, c.original.start),
            char_end: chars_before(text, c.original.end),
            code: Some(c.code.to_string()),
            rule: Some(c.rule.to_string()),
            reason: c.message.clone(),
        })
        .collect();
    Cleaned { text: outcome.text, remaining: outcome.remaining.len(), drop: Drop { id: id.to_string(), record, spans } }
}

fn score(original: &str, c: &Cleaned) -> Value {
    let total = original.chars().count().max(1);
    let removed: usize = c.drop.spans.iter().map(|s| s.text.chars().count()).sum();
    let mut by_category: BTreeMap<String, usize> = BTreeMap::new();
    for s in &c.drop.spans {
        let cat = s.code.as_deref().and_then(seedlint_engine::find_rule).map_or("other", |m| m.category.as_str());
        *by_category.entry(cat.to_string()).or_default() += 1;
    }
    let remaining = c.remaining;
    json!({
        "kept": ((1.0 - removed as f64 / total as f64) * 10_000.0).round() / 10_000.0,
        "removed_spans": by_category,
        "remaining_findings": remaining,
    })
}

#[derive(Default)]
struct Totals {
    documents: usize,
    changed: usize,
    chars: usize,
    removed_chars: usize,
    by_rule: BTreeMap<String, usize>,
    errors: Vec<String>,
}

/// Whether two paths name one file: the same device and inode (a hard link or a
/// symbolic link of it included); for paths that do not exist yet, the same
/// absolute path.
fn same_file(a: &Path, b: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    match (std::fs::metadata(a), std::fs::metadata(b)) {
        (Ok(a), Ok(b)) => (a.dev(), a.ino()) == (b.dev(), b.ino()),
        _ => std::path::absolute(a).ok() == std::path::absolute(b).ok(),
    }
}

/// Refuse outputs that would destroy the input or each other.
fn check_targets(input: &Path, output: &Path, log: &Path) -> Result<(), String> {
    for (what, path) in [("--output", output), ("the drop log", log)] {
        if same_file(path, input) {
            return Err(format!("{what} ({}) is the input, or a link to it; choose another file", path.display()));
        }
    }
    if same_file(output, log) {
        return Err(format!("the drop log and --output are the same file ({})", log.display()));
    }
    Ok(())
}

fn default_log(output: &Path) -> PathBuf {
    let name = output.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| "cleaned".into());
    output.with_file_name(format!("{name}.drops.jsonl"))
}

pub fn run(opts: &CleanOptions, out: &mut dyn Write, err: &mut dyn Write) -> i32 {
    let explicit = match &opts.config {
        Some(p) => match crate::config::Config::load(p) {
            Ok(c) => Some(std::sync::Arc::new(c)),
            Err(e) => {
                let _ = writeln!(err, "error: {e}");
                return 2;
            }
        },
        None => None,
    };
    let resolver = Resolver::new(explicit, None, Default::default());
    let engine = match resolver.engine_for(Some(&opts.input)) {
        Ok(e) => e,
        Err(e) => {
            let _ = writeln!(err, "error: {e}");
            return 2;
        }
    };
    if !opts.dry_run && opts.output.is_none() {
        let _ = writeln!(err, "error: give --output (or --dry-run)");
        return 2;
    }
    if let Some(output) = opts.output.as_ref().filter(|_| !opts.dry_run) {
        let log = opts.log.clone().unwrap_or_else(|| default_log(output));
        if let Err(e) = check_targets(&opts.input, output, &log) {
            let _ = writeln!(err, "error: {e}");
            return 2;
        }
    }
    let mut totals = Totals::default();
    let index = match (&opts.index, opts.corpus) {
        (Some(path), _) => match crate::index_cmd::load(path) {
            Ok(i) => Some(i),
            Err(e) => {
                let _ = writeln!(err, "error: {e}");
                return 2;
            }
        },
        (None, true) => {
            // Records that cannot be read are reported by the cleaning pass, which reads them again.
            let list = [opts.input.clone()];
            let max_text = opts.fields.limits.max_record_size_mb.saturating_mul(1_000_000);
            Some(crate::corpus_index::build(&list, &resolver, &opts.fields, max_text).0)
        }
        (None, false) => None,
    };
    let result = match records::jsonl_kind(&opts.input) {
        Some(compression) => clean_corpus(opts, compression, &resolver, index.as_ref(), &mut totals),
        None => clean_file(opts, &engine, index.as_ref(), &mut totals),
    };
    if let Err(e) = result {
        let _ = writeln!(err, "error: {e}");
        return 2;
    }
    let pct = if totals.chars == 0 { 0.0 } else { 100.0 * totals.removed_chars as f64 / totals.chars as f64 };
    let _ = writeln!(
        out,
        "{} document(s), {} changed, {} of {} characters removed ({pct:.1}%){}",
        totals.documents,
        totals.changed,
        totals.removed_chars,
        totals.chars,
        if opts.dry_run { " [dry run: nothing written]" } else { "" }
    );
    let mut rules: Vec<_> = totals.by_rule.iter().collect();
    rules.sort_by(|a, b| b.1.cmp(a.1));
    for (code, n) in rules {
        let _ = writeln!(out, "{n:>8}  {code}");
    }
    for e in &totals.errors {
        let _ = writeln!(err, "error: {e}");
    }
    if totals.errors.is_empty() {
        0
    } else {
        2
    }
}

fn tally(totals: &mut Totals, original: &str, c: &Cleaned) {
    totals.documents += 1;
    totals.chars += original.chars().count();
    if !c.drop.spans.is_empty() {
        totals.changed += 1;
    }
    for s in &c.drop.spans {
        totals.removed_chars += s.text.chars().count();
        *totals.by_rule.entry(s.code.clone().unwrap_or_default()).or_default() += 1;
    }
}

fn clean_file(
    opts: &CleanOptions,
    engine: &Engine,
    corpus: Option<&CorpusIndex>,
    totals: &mut Totals,
) -> Result<(), String> {
    // A text file is one document, bounded like a corpus record.
    let max = opts.fields.limits.max_record_size_mb.saturating_mul(1_000_000);
    let text = files::read_bounded(&opts.input, max, "--max-record-size")
        .and_then(files::decode)
        .map_err(|e| format!("{}: {e}", opts.input.display()))?;
    let id = opts.input.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    // In an index a text file is named by its path as given.
    let name = opts.input.to_string_lossy();
    let c = clean_text(engine, &id, 1, &text, opts.unsafe_fixes, corpus.map(|c| (c, name.as_ref())));
    tally(totals, &text, &c);
    if opts.dry_run {
        return Ok(());
    }
    let Some(output) = &opts.output else { return Ok(()) };
    let log = opts.log.clone().unwrap_or_else(|| default_log(output));
    let mut w = records::create(output, Compression::None)?;
    w.write_all(c.text.as_bytes())?;
    let mut l = records::create(&log, Compression::None)?;
    l.write_all(format!("{}\n", serde_json::to_string(&c.drop).unwrap_or_default()).as_bytes())?;
    commit(w, l)
}

/// Put the output and its drop log in place, only once both are complete: the
/// output first, as a log without its output would describe a cleaning that did not happen.
fn commit(output: records::Output, log: records::Output) -> Result<(), String> {
    let (output, log) = (output.finish()?, log.finish()?);
    output.persist()?;
    log.persist()
}

fn clean_corpus(
    opts: &CleanOptions,
    compression: Compression,
    resolver: &Resolver,
    corpus: Option<&CorpusIndex>,
    totals: &mut Totals,
) -> Result<(), String> {
    let input = opts.input.display().to_string();
    let reader = records::open(&opts.input, compression, &opts.fields.limits)
        .map_err(|e| format!("{input}: {}", files::io_message(&e)))?;
    let mut writers = match (&opts.output, opts.dry_run) {
        (Some(output), false) => {
            let log = opts.log.clone().unwrap_or_else(|| default_log(output));
            let w = records::create(output, records::jsonl_kind(output).unwrap_or(Compression::None))?;
            let l = records::create(&log, records::jsonl_kind(&log).unwrap_or(Compression::None))?;
            Some((w, l))
        }
        _ => None,
    };
    let mut fields = opts.fields.fields();
    let mut write_error: Option<String> = None;
    let read = records::for_each_batch(reader, 256, |batch| {
        // Each record's site (from its URL) may have its own settings.
        let parsed: Vec<_> = batch
            .into_iter()
            .map(|(n, line)| match line {
                Ok(line) => (resolver.parse_record(&opts.input, n, &line, &mut fields), Some(line.into_bytes())),
                Err(bad) => (Err(bad.error), bad.bytes),
            })
            .collect();
        let text_field = fields.text.clone().unwrap_or_else(|| "text".into());
        let done: Vec<_> = parsed
            .into_par_iter()
            .map(|(r, raw)| match r {
                Ok((rec, engine)) => {
                    let c = clean_text(
                        &engine,
                        &rec.id,
                        rec.line,
                        &rec.text,
                        opts.unsafe_fixes,
                        corpus.map(|c| (c, rec.id.as_str())),
                    );
                    let mut object: Map<String, Value> = rec.object.clone();
                    // Cleaning a clean record changes nothing, its score included.
                    if !(c.drop.spans.is_empty() && object.contains_key(&opts.score_key)) {
                        object.insert(text_field.clone(), Value::String(c.text.clone()));
                        object.insert(opts.score_key.clone(), score(&rec.text, &c));
                    }
                    let line = serde_json::to_vec(&object).ok().or(raw).unwrap_or_default();
                    Ok((rec.text, c, line))
                }
                Err(e) => Err((e, raw)),
            })
            .collect();
        for d in done {
            match d {
                Ok((original, c, mut line)) => {
                    tally(totals, &original, &c);
                    if let Some((w, l)) = writers.as_mut().filter(|_| write_error.is_none()) {
                        line.push(b'\n');
                        let logged = if c.drop.spans.is_empty() {
                            Ok(())
                        } else {
                            let log_line = serde_json::to_string(&c.drop).unwrap_or_default();
                            l.write_all(format!("{log_line}\n").as_bytes())
                        };
                        if let Err(e) = w.write_all(&line).and(logged) {
                            write_error.get_or_insert(e);
                        }
                    }
                }
                Err((e, raw)) => {
                    // A record that cannot be read is copied as it is (byte for byte), and reported.
                    let copied = match (writers.as_mut().filter(|_| write_error.is_none()), raw) {
                        (Some((w, _)), Some(mut raw)) => {
                            raw.push(b'\n');
                            if let Err(e) = w.write_all(&raw) {
                                write_error.get_or_insert(e);
                            }
                            "copied unchanged"
                        }
                        (Some(_), None) => "not in the output",
                        (None, _) => "left as it is",
                    };
                    totals.errors.push(format!("{input}: line {}: {}; {copied}", e.line, e.message));
                }
            }
        }
    });
    if let Some(e) = write_error {
        // The temporary files are removed when the writers drop; the old output stays.
        return Err(e);
    }
    if let Err(e) = read {
        // Every record decoded before the break is in the output; the error says where it stopped.
        totals
            .errors
            .push(format!("{input}: reading stopped: {}; the records before it are kept", files::io_message(&e)));
    }
    if let Some((w, l)) = writers {
        commit(w, l)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spans_restore_the_original() {
        let engine = Engine::default();
        let text =
            std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/seeds/001_06f69c84c9046252.txt")).unwrap();
        let c = clean_text(&engine, "001", 1, &text, true, None);
        assert!(!c.drop.spans.is_empty());
        assert_eq!(restore(&c.text, &c.drop.spans), text);
        let most_read = c.drop.spans.iter().find(|s| s.text.contains("الأكثر قراءة")).unwrap();
        assert_eq!(most_read.code.as_deref(), Some("SL101"));
        assert_eq!(most_read.text, "الأكثر قراءة\n", "a removed line is one span");
    }
}
