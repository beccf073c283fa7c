//! `seedlint entities PATHS`: who and what each document is about.
//!
//! One entry per document (a text file, or a record of a JSONL corpus): its
//! knowledge-base entities, most mentioned first, with the spellings it used, and
//! the likely people the knowledge base lacks (rule SL702). Human or JSON Lines.

use crate::check::{discover, note_skipped_links, without_broken_configs, Discovery, WalkArgs};
use crate::files;
use crate::output::escape_controls;
use crate::records;
use crate::resolve::{ExtraSettings, Resolver};
use seedlint_engine::entities::{tally, Mention};
use seedlint_engine::{Engine, LineIndex};
use serde_json::json;
use std::io::Write;
use std::path::{Path, PathBuf};

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum EntitiesFormat {
    Human,
    /// One JSON object per document, one per line.
    Json,
}

#[derive(Debug, Clone, clap::Args)]
pub struct EntitiesOptions {
    /// Files and directories (default: the current directory).
    pub paths: Vec<PathBuf>,
    #[arg(long, value_enum, default_value = "human")]
    pub format: EntitiesFormat,
    /// Use this config file (and its knowledge-base files) instead of the nearest seedlint.toml.
    #[arg(long)]
    pub config: Option<PathBuf>,
    /// Only entities of these kinds (person, place, organisation, product, event; comma separated).
    #[arg(long, value_delimiter = ',')]
    pub kind: Vec<String>,
    #[command(flatten)]
    pub walk: WalkArgs,
    /// Leave out the likely people that the knowledge base lacks.
    #[arg(long)]
    pub no_unknown: bool,
    #[command(flatten)]
    pub fields: records::FieldOptions,
}

/// The report for one document, as a JSON value (the human form is rendered from it).
pub fn document_report(engine: &Engine, name: &str, text: &str, kinds: &[String], unknown: bool) -> serde_json::Value {
    let entities = engine.entities();
    // With the unknown people wanted, one check gives both them and the mentions.
    let (findings, mentions) =
        if unknown { engine.check_with_mentions(text, None, None) } else { (Vec::new(), engine.mentions(text)) };
    let index = LineIndex::new(text);
    let mut list = Vec::new();
    for (entity_index, count) in tally(&mentions) {
        let Some(e) = entities.kb.entities().get(entity_index) else { continue };
        if !kinds.is_empty() && !kinds.iter().any(|k| k == e.kind.as_str()) {
            continue;
        }
        let mine: Vec<&Mention> = mentions.iter().filter(|m| m.entity == entity_index).collect();
        let mut forms: Vec<String> = Vec::new();
        for m in &mine {
            let written = text.get(m.range.clone()).unwrap_or_default().to_string();
            if !forms.contains(&written) {
                forms.push(written);
            }
        }
        let first = mine.first().map(|m| {
            let p = index.position(text, m.range.start);
            json!({"line": p.line + 1, "column": p.char_column + 1})
        });
        list.push(json!({
            "id": e.id,
            "kind": e.kind,
            "name": e.name,
            "description": e.description,
            "mentions": count,
            "forms": forms,
            "first": first,
        }));
    }
    let mut people = Vec::new();
    {
        for f in findings.iter().filter(|f| f.code == "SL702") {
            let p = index.position(text, f.range.start);
            people.push(json!({
                "name": text.get(f.range.clone()).unwrap_or_default(),
                "line": p.line + 1,
                "column": p.char_column + 1,
            }));
        }
    }
    json!({"document": name, "entities": list, "unknown_people": people})
}

fn write_human(out: &mut dyn Write, report: &serde_json::Value) -> std::io::Result<()> {
    // Names and forms come from scraped text and file names: terminal controls shown escaped.
    let shown = |s: &str| escape_controls(s).into_owned();
    writeln!(out, "{}", shown(report["document"].as_str().unwrap_or_default()))?;
    let entities = report["entities"].as_array().cloned().unwrap_or_default();
    if entities.is_empty() {
        writeln!(out, "  (no known entities)")?;
    }
    for e in entities {
        let ar = e["name"]["ar"].as_str();
        let en = e["name"]["en"].as_str();
        let name = match (ar, en) {
            (Some(a), Some(b)) => format!("{a} ({b})"),
            (Some(a), None) | (None, Some(a)) => a.to_string(),
            (None, None) => e["id"].as_str().unwrap_or_default().to_string(),
        };
        let forms: Vec<&str> = e["forms"].as_array().into_iter().flatten().filter_map(|f| f.as_str()).collect();
        writeln!(
            out,
            "  {:<13} {}  ×{}  [{}]  as: {}",
            e["kind"].as_str().unwrap_or_default(),
            shown(&name),
            e["mentions"],
            shown(e["id"].as_str().unwrap_or_default()),
            shown(&forms.join(" · "))
        )?;
    }
    let people: Vec<String> = report["unknown_people"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|p| format!("{} (line {})", shown(p["name"].as_str().unwrap_or_default()), p["line"]))
        .collect();
    if !people.is_empty() {
        writeln!(out, "  possibly people not in the knowledge base: {}", people.join(", "))?;
    }
    Ok(())
}

fn emit(out: &mut dyn Write, format: EntitiesFormat, report: &serde_json::Value) -> std::io::Result<()> {
    match format {
        EntitiesFormat::Json => writeln!(out, "{report}"),
        EntitiesFormat::Human => write_human(out, report),
    }
}

pub fn run(opts: &EntitiesOptions, out: &mut dyn Write, err: &mut dyn Write) -> i32 {
    const EXIT_ERROR: i32 = 2;
    for k in &opts.kind {
        if !seedlint_engine::entities::EntityKind::ALL.iter().any(|kind| kind.as_str() == k) {
            let _ = writeln!(err, "error: unknown kind `{k}` (person, place, organisation, product, event)");
            return EXIT_ERROR;
        }
    }
    let Discovery { explicit, files: file_list, errors, skipped_links } =
        match discover(&opts.paths, opts.config.as_ref(), &opts.walk) {
            Ok(d) => d,
            Err(e) => {
                let _ = writeln!(err, "error: {e}");
                return EXIT_ERROR;
            }
        };
    let resolver = Resolver::new(explicit, None, ExtraSettings::default());
    let (file_list, config_errors, _) = without_broken_configs(file_list, &resolver);
    let mut failed = !errors.is_empty() || !config_errors.is_empty();
    for e in errors.iter().chain(&config_errors) {
        let _ = writeln!(err, "error: {e}");
    }
    note_skipped_links(&skipped_links, err);
    let unknown = !opts.no_unknown;
    for path in &file_list {
        let name = path.to_string_lossy().into_owned();
        let result = match records::jsonl_kind(path) {
            Some(compression) => corpus_file(&resolver, path, compression, opts, out, err, unknown),
            None => files::read_text(path, opts.walk.max_file_size()).and_then(|text| {
                let engine = resolver.engine_for(Some(path))?;
                let report = document_report(&engine, &name, &text, &opts.kind, unknown);
                emit(out, opts.format, &report).map_err(|e| e.to_string())
            }),
        };
        if let Err(e) = result {
            failed = true;
            let _ = writeln!(err, "error: {}", escape_controls(&format!("{name}: {e}")));
        }
    }
    if failed {
        EXIT_ERROR
    } else {
        0
    }
}

/// Each record of a JSONL corpus is a document named `path#id`.
fn corpus_file(
    resolver: &Resolver,
    path: &Path,
    compression: records::Compression,
    opts: &EntitiesOptions,
    out: &mut dyn Write,
    err: &mut dyn Write,
    unknown: bool,
) -> Result<(), String> {
    let reader = records::open(path, compression, &opts.fields.limits).map_err(|e| files::io_message(&e))?;
    let mut fields = opts.fields.fields();
    let mut bad = 0;
    let mut written: Result<(), String> = Ok(());
    records::for_each_batch(reader, 256, |batch| {
        for (n, line) in batch {
            if written.is_err() {
                return;
            }
            let parsed = match line {
                Ok(line) => resolver.parse_record(path, n, &line, &mut fields),
                Err(bad) => Err(bad.error),
            };
            match parsed {
                Ok((record, engine)) => {
                    let name = format!("{}#{}", path.display(), record.id);
                    let report = document_report(&engine, &name, &record.text, &opts.kind, unknown);
                    written = emit(out, opts.format, &report).map_err(|e| e.to_string());
                }
                Err(e) => {
                    // A bad record is reported and skipped; the others are still read.
                    let line = format!("{}:{}: {}", path.display(), e.line, e.message);
                    let _ = writeln!(err, "error: {}", escape_controls(&line));
                    bad += 1;
                }
            }
        }
    })
    .map_err(|e| files::io_message(&e))?;
    written?;
    if bad > 0 {
        return Err(format!("{bad} record(s) could not be read"));
    }
    Ok(())
}
