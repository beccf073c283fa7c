//! `seedlint index build|merge`: the corpus index as files, so that counting
//! repeated lines splits across machines. Each shard's summary is built alone,
//! summaries merge (associatively, in order), and `seedlint check --index` judges
//! every document against the merged counts. The format is in docs/corpus-index.md.

use crate::check::{discover, Discovery, WalkArgs};
use crate::files;
use crate::records;
use crate::resolve::Resolver;
use seedlint_engine::CorpusIndex;
use std::io::Write;
use std::path::{Path, PathBuf};

#[derive(Debug, Clone, clap::Subcommand)]
pub enum IndexCommand {
    /// Summarise the lines of documents (text files, JSONL records) into an index file.
    Build(BuildOptions),
    /// Merge index files, in the order given, into one.
    Merge {
        /// Index files to merge.
        #[arg(required = true)]
        inputs: Vec<PathBuf>,
        /// Where to write the merged index.
        #[arg(short, long)]
        output: PathBuf,
    },
    /// Print what an index holds.
    Info { index: PathBuf },
}

#[derive(Debug, Clone, clap::Args)]
pub struct BuildOptions {
    /// Files and directories (text files; JSONL corpora, one document per record).
    #[arg(required = true)]
    pub paths: Vec<PathBuf>,
    /// Where to write the index.
    #[arg(short, long)]
    pub output: PathBuf,
    #[command(flatten)]
    pub walk: WalkArgs,
    #[command(flatten)]
    pub fields: records::FieldOptions,
}

/// Load an index file, with the file named in errors.
pub fn load(path: &Path) -> Result<CorpusIndex, String> {
    let bytes = files::read_bounded(path, u64::MAX, "").map_err(|e| format!("{}: {e}", path.display()))?;
    CorpusIndex::from_bytes(&bytes).map_err(|e| format!("{}: {e}", path.display()))
}

/// Write an index atomically (a temporary file beside it, renamed over it), with
/// the mode any new file gets; errors name `path`, never the temporary file.
fn write(path: &Path, index: &CorpusIndex) -> Result<(), String> {
    let named = |e: &std::io::Error| format!("{}: {}", path.display(), files::io_message(e));
    let mut tmp = records::temp_beside(path).map_err(|e| named(&e))?;
    tmp.write_all(&index.to_bytes()).map_err(|e| named(&e))?;
    tmp.as_file().sync_all().map_err(|e| named(&e))?;
    tmp.persist(path).map_err(|e| named(&e.error))?;
    Ok(())
}

/// Index every document under `paths`: text files by their path as given, JSONL
/// records by their id (the names `check --index` looks them up by). A file or
/// record that cannot be read is reported and left out; the rest is indexed. Returns
/// the index and how many problems were reported.
pub fn build(opts: &BuildOptions, err: &mut dyn Write) -> Result<(CorpusIndex, usize), String> {
    let Discovery { files: list, errors, .. } = discover(&opts.paths, None, &opts.walk)?;
    for e in &errors {
        let _ = writeln!(err, "error: {}: {}", e.path.display(), e.message);
    }
    let resolver = Resolver::new(None, None, Default::default());
    let (index, problems) = crate::corpus_index::build(&list, &resolver, &opts.fields, opts.walk.max_file_size());
    for p in &problems {
        let _ = writeln!(err, "error: {p}");
    }
    Ok((index, errors.len() + problems.len()))
}

pub fn run(cmd: &IndexCommand, out: &mut dyn Write, err: &mut dyn Write) -> i32 {
    let result = match cmd {
        IndexCommand::Build(opts) => build(opts, err).and_then(|(index, problems)| {
            // What could be read is written either way; the exit code says something was left out.
            write(&opts.output, &index)?;
            let _ = writeln!(out, "{}: {} documents", opts.output.display(), index.documents());
            match problems {
                0 => Ok(()),
                n => Err(format!("{n} file(s) or record(s) could not be read and are not in the index")),
            }
        }),
        IndexCommand::Merge { inputs, output } => (|| {
            let mut merged = CorpusIndex::new();
            for p in inputs {
                merged.merge(&load(p)?);
            }
            write(output, &merged)?;
            let _ =
                writeln!(out, "{}: {} documents from {} indexes", output.display(), merged.documents(), inputs.len());
            Ok(())
        })(),
        IndexCommand::Info { index } => load(index).map(|i| {
            let bytes = std::fs::metadata(index).map(|m| m.len()).unwrap_or(0);
            let _ = writeln!(
                out,
                "{}: {} documents, {} distinct lines, {bytes} bytes",
                index.display(),
                i.documents(),
                i.distinct_lines()
            );
        }),
    };
    match result {
        Ok(()) => 0,
        Err(e) => {
            let _ = writeln!(err, "error: {e}");
            2
        }
    }
}
