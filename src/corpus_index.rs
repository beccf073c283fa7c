//! The one way files become a corpus index: `check --corpus`, `clean --corpus` and
//! `index build` all call [`build`], so a text file or a JSONL record counts the same
//! whichever command indexed it.
//!
//! Text files are named by their path as given, JSONL records by their id (the names
//! `check` and `clean` look a document up by, to leave it out of its own counts).
//! Every document's line hashes are indexed, and its entity mentions when its engine
//! is known (for spelling consistency across the corpus).

use crate::files;
use crate::records::{self, FieldOptions};
use crate::resolve::Resolver;
use rayon::prelude::*;
use seedlint_engine::corpus::IndexEntry;
use seedlint_engine::{CorpusIndex, Engine};
use std::path::PathBuf;
use std::sync::Arc;

fn entry(text: &str, engine: Option<Arc<Engine>>) -> IndexEntry {
    match engine {
        Some(e) => e.index_entry(text).0,
        None => IndexEntry::lines_only(text),
    }
}

/// Index every document of `list` (files already discovered). A file or record that
/// cannot be read is left out and described in the returned problems; the rest is
/// indexed. Only one group of texts is in memory at a time, never the corpus.
pub fn build(
    list: &[PathBuf],
    resolver: &Resolver,
    fields: &FieldOptions,
    max_file_size: u64,
) -> (CorpusIndex, Vec<String>) {
    let mut index = CorpusIndex::new();
    let mut problems = Vec::new();
    let text_files: Vec<&PathBuf> = list.iter().filter(|p| records::jsonl_kind(p).is_none()).collect();
    for group in text_files.chunks(256) {
        let read: Vec<(String, Result<IndexEntry, String>)> = group
            .par_iter()
            .map(|p| {
                let name = p.to_string_lossy().into_owned();
                let text = files::read_text(p, max_file_size);
                (name, text.map(|t| entry(&t, resolver.engine_for(Some(p)).ok())))
            })
            .collect();
        for (name, e) in read {
            match e {
                Ok(e) => index.add(&name, e),
                Err(e) => problems.push(format!("{name}: {e}")),
            }
        }
    }
    for path in list {
        let Some(compression) = records::jsonl_kind(path) else { continue };
        let reader = match records::open(path, compression, &fields.limits) {
            Ok(r) => r,
            Err(e) => {
                problems.push(format!("{}: {}", path.display(), files::io_message(&e)));
                continue;
            }
        };
        let mut record_fields = fields.fields();
        let read = records::for_each_batch(reader, 1024, |batch| {
            // Fields are guessed from the first record, so parse in order, then index in parallel.
            let parsed: Vec<_> = batch
                .iter()
                .map(|(n, line)| match line {
                    Ok(line) => records::parse(*n, line, &mut record_fields),
                    Err(bad) => Err(bad.error.clone()),
                })
                .collect();
            // A record whose site's configuration is broken is still indexed, by its lines only.
            let entries: Vec<_> = parsed
                .into_par_iter()
                .map(|r| {
                    r.map(|rec| {
                        let engine = resolver.engine_for_document(Some(path), rec.url.as_deref()).ok();
                        (rec.id, entry(&rec.text, engine))
                    })
                })
                .collect();
            for e in entries {
                match e {
                    Ok((id, e)) => index.add(&id, e),
                    Err(e) => problems.push(format!("{}:{}: {}; record skipped", path.display(), e.line, e.message)),
                }
            }
        });
        if let Err(e) = read {
            problems.push(format!("{}: reading stopped: {}", path.display(), files::io_message(&e)));
        }
    }
    (index, problems)
}
