//! `seedlint check`: walk, read each file once, run the engine, report.
//!
//! Files are checked in parallel (rayon) and reported in path order, so the
//! output is the same whatever the thread count.

use crate::config::Config;
use crate::files::{self, FileError, WalkOptions};
use crate::output::{self, json::StatRow, Format, Located};
use crate::records;
use crate::resolve::{ExtraSettings, Resolver};
use rayon::prelude::*;
use seedlint_engine::{fix::fix_all_in_corpus, Applicability, CorpusIndex, LineIndex, Severity};
use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Arc;

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum FailOn {
    Error,
    Warning,
    Info,
    Hint,
    Never,
}

impl FailOn {
    fn threshold(self) -> Option<Severity> {
        match self {
            FailOn::Error => Some(Severity::Error),
            FailOn::Warning => Some(Severity::Warning),
            FailOn::Info => Some(Severity::Info),
            FailOn::Hint => Some(Severity::Hint),
            FailOn::Never => None,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

/// `seedlint check`'s options, parsed by clap straight from the command line.
#[derive(Debug, Clone, clap::Args)]
pub struct CheckOptions {
    /// Files and directories to check (default: the current directory).
    pub paths: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value = "human")]
    pub format: Format,
    /// Use this config file instead of the nearest seedlint.toml.
    #[arg(long)]
    pub config: Option<PathBuf>,
    /// Run only these rules (codes, prefixes, names or categories; comma separated).
    #[arg(long, value_delimiter = ',')]
    pub select: Option<Vec<String>>,
    /// Skip these rules (codes, prefixes, names or categories; comma separated).
    #[arg(long, value_delimiter = ',')]
    pub ignore: Vec<String>,
    #[command(flatten)]
    pub walk: WalkArgs,
    /// Lowest severity that makes the exit code 1.
    #[arg(long, value_enum, default_value = "warning")]
    pub fail_on: FailOn,
    /// Print counts per rule instead of each finding.
    #[arg(long)]
    pub statistics: bool,
    /// Apply safe fixes in place: atomically by rename, or, for a file with other hard
    /// links, written into the same file after a complete temporary copy; owner and mode
    /// are kept. A file changed meanwhile, a symbolic link or a read-only file is left
    /// alone and reported.
    #[arg(long)]
    pub fix: bool,
    /// With --fix, also rewrite read-only files (no write permission bits). They are
    /// refused otherwise, whoever runs seedlint (root could write them).
    #[arg(long, requires = "fix")]
    pub fix_read_only: bool,
    /// With --fix or --diff, also apply unsafe fixes.
    #[arg(long)]
    pub unsafe_fixes: bool,
    /// Print the fixes as a unified diff instead of writing them.
    #[arg(long)]
    pub diff: bool,
    /// Worker threads (default: one per core).
    #[arg(long)]
    pub threads: Option<usize>,
    #[arg(long, value_enum, default_value = "auto")]
    pub color: ColorChoice,
    /// Treat the files as one corpus: also report lines repeated across them
    /// (learned boilerplate, cross-file duplicates). Reads each file twice.
    #[arg(long)]
    pub corpus: bool,
    /// Judge documents against this corpus index (from `seedlint index build/merge`)
    /// instead of building one: learned boilerplate and cross-document duplicates for
    /// text files (named by their path as given) and JSONL records (by their id).
    #[arg(long, value_name = "FILE", conflicts_with = "corpus")]
    pub index: Option<PathBuf>,
    #[command(flatten)]
    pub fields: records::FieldOptions,
    /// `--baseline write FILE` records today's findings; `--baseline FILE` then
    /// reports (and fails on) new findings only.
    #[arg(long, num_args = 1..=2, value_names = ["write", "FILE"])]
    pub baseline: Vec<String>,
    /// Report only findings on lines added or changed since this git revision.
    #[arg(long, value_name = "REV")]
    pub since: Option<String>,
}

/// Lines (1-based, inclusive ranges) of `path` added or changed since `rev`,
/// from `git diff -U0`. A file git does not track is new: all of it counts.
pub fn changed_lines(path: &Path, rev: &str) -> Result<Vec<(usize, usize)>, String> {
    let dir = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let git = |args: &[&str]| std::process::Command::new("git").arg("-C").arg(dir).args(args).output();
    let tracked = git(&["ls-files", "--error-unmatch", "--", &name]).map_err(|e| format!("cannot run git: {e}"))?;
    if !tracked.status.success() {
        return Ok(vec![(1, usize::MAX)]);
    }
    // The revision goes after --end-of-options: `--output=FILE` is a revision git rejects, not an option.
    let out = git(&["diff", "-U0", "--no-color", "--no-ext-diff", "--end-of-options", rev, "--", &name])
        .map_err(|e| format!("cannot run git: {e}"))?;
    if !out.status.success() {
        return Err(format!("git diff {rev}: {}", String::from_utf8_lossy(&out.stderr).trim()));
    }
    let mut ranges = Vec::new();
    for line in String::from_utf8_lossy(&out.stdout).lines() {
        // @@ -a,b +c,d @@
        let Some(rest) = line.strip_prefix("@@ ") else { continue };
        let Some(new) = rest.split(' ').find(|p| p.starts_with('+')) else { continue };
        let mut parts = new.trim_start_matches('+').split(',');
        let start: usize = parts.next().and_then(|s| s.parse().ok()).unwrap_or(0);
        let count: usize = parts.next().and_then(|s| s.parse().ok()).unwrap_or(1);
        if count > 0 {
            ranges.push((start, start + count - 1));
        }
    }
    Ok(ranges)
}

/// Check once, before any file, that `rev` names a commit in the repository of
/// every directory in `dirs`: a missing revision is one error (with a hint for
/// shallow clones), not one per file followed by unfiltered findings.
pub fn verify_revision(rev: &str, dirs: &[PathBuf]) -> Result<(), String> {
    let commit = format!("{rev}^{{commit}}");
    for dir in dirs {
        let out = std::process::Command::new("git")
            .arg("-C")
            .arg(dir)
            .args(["rev-parse", "--verify", "--quiet", "--end-of-options", &commit])
            .output()
            .map_err(|e| format!("--since: cannot run git: {e}"))?;
        if out.status.success() {
            continue;
        }
        let why = String::from_utf8_lossy(&out.stderr).trim().to_string();
        let why = if why.is_empty() { String::new() } else { format!(" ({why})") };
        let problem = format!("--since `{rev}`: not a commit in {}{why}", dir.display());
        // A fetch helps a missing ref name; not an option-like string or a directory outside git.
        if rev.starts_with('-') || why.contains("not a git repository") {
            return Err(problem);
        }
        let (remote, branch) =
            rev.split_once('/').filter(|(r, b)| !r.is_empty() && !b.is_empty()).unwrap_or(("origin", rev));
        return Err(format!(
            "{problem}\n\
             hint: a shallow clone (as CI makes) may not have it; fetch it first, e.g. `git fetch --depth=1 {remote} {branch}`"
        ));
    }
    Ok(())
}

/// Fingerprints of findings, per file (and document): robust to line shifts and
/// re-scrapes because they hash the rule and the normalized text of the line.
#[derive(Debug, Default, serde::Serialize, serde::Deserialize)]
pub struct Baseline {
    pub version: u32,
    pub findings: BTreeMap<String, BTreeMap<String, usize>>,
}

fn fingerprint(f: &Located) -> (String, String) {
    let group = match &f.document {
        Some(d) => format!("{}#{}", f.path, d.id),
        None => f.path.clone(),
    };
    let line = f.source_line.lines().next().unwrap_or_default();
    let hash =
        seedlint_engine::normalize::key_hash(&format!("{}\u{0}{}", f.code, seedlint_engine::normalize::key(line)));
    (group, format!("{hash:016x}"))
}

/// Split findings into new ones and ones already in the baseline (counted).
pub fn apply_baseline(baseline: &Baseline, located: Vec<Located>) -> (Vec<Located>, usize) {
    let mut left = baseline.findings.clone();
    let mut old = 0;
    let mut new = Vec::new();
    for f in located {
        let (group, fp) = fingerprint(&f);
        match left.get_mut(&group).and_then(|g| g.get_mut(&fp)).filter(|n| **n > 0) {
            Some(n) => {
                *n -= 1;
                old += 1;
            }
            None => new.push(f),
        }
    }
    (new, old)
}

pub fn make_baseline(located: &[Located]) -> Baseline {
    let mut b = Baseline { version: 1, findings: BTreeMap::new() };
    for f in located {
        let (group, fp) = fingerprint(f);
        *b.findings.entry(group).or_default().entry(fp).or_default() += 1;
    }
    b
}

impl CheckOptions {
    fn use_color(&self) -> bool {
        use std::io::IsTerminal;
        match self.color {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none(),
        }
    }
}

/// Exit codes: 0 clean, 1 findings at or above `--fail-on` (or changes with `--diff`), 2 errors.
pub const EXIT_CLEAN: i32 = 0;
pub const EXIT_FINDINGS: i32 = 1;
pub const EXIT_ERROR: i32 = 2;

struct FileOutcome {
    located: Vec<Located>,
    errors: Vec<FileError>,
    fixed: usize,
    diff: Option<String>,
    /// False when the file could not be checked at all (unreadable, refused).
    checked: bool,
}

fn display_path(p: &Path) -> String {
    p.to_string_lossy().into_owned()
}

/// Replace `path`'s contents with `new`, only if it still holds `expected`;
/// read-only files are refused (see [`replace_contents`]).
pub fn write_atomic(path: &Path, expected: &str, new: &str) -> Result<(), String> {
    replace_contents(path, expected, new, false)
}

/// Replace `path`'s contents with `new`, only if it still holds `expected`.
///
/// Never through a symbolic link (the path or a directory on it), and not a
/// read-only file (by its mode bits, so also as root) unless `allow_read_only`.
/// A file with one link is replaced atomically by a complete temporary copy
/// renamed over it, with the file's owner, group and mode. A file with other
/// hard links is rewritten in place (its inode, owner and mode stay) once a
/// complete temporary copy exists beside it: if the in-place write fails, the
/// error names that copy.
pub fn replace_contents(path: &Path, expected: &str, new: &str, allow_read_only: bool) -> Result<(), String> {
    use std::os::unix::fs::MetadataExt;
    refuse_links(path)?;
    let meta = std::fs::symlink_metadata(path).map_err(|e| files::io_message(&e))?;
    if meta.permissions().readonly() && !allow_read_only {
        return Err(format!(
            "read-only (mode {:04o}); not fixed (pass --fix-read-only to fix it anyway)",
            meta.mode() & 0o7777
        ));
    }
    let current = files::read_bounded(path, expected.len() as u64, "--max-file-size");
    if current.as_deref().ok() != Some(expected.as_bytes()) {
        return Err("file changed while it was being checked; not fixed".into());
    }
    let dir = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let mut tmp = tempfile::Builder::new()
        .prefix(&format!(".{name}.seedlint-fix"))
        .tempfile_in(dir)
        .map_err(|e| format!("cannot create a temporary file: {}", files::io_message(&e)))?;
    tmp.write_all(new.as_bytes()).map_err(|e| files::io_message(&e))?;
    tmp.as_file().sync_all().map_err(|e| files::io_message(&e))?;
    // Renaming would give the other links the old text, and a file made by someone
    // else (when not root) would change owner: such files are written in place.
    let same_owner = || std::os::unix::fs::fchown(tmp.as_file(), Some(meta.uid()), Some(meta.gid())).is_ok();
    if meta.nlink() == 1 && same_owner() {
        std::fs::set_permissions(tmp.path(), meta.permissions()).map_err(|e| files::io_message(&e))?;
        tmp.persist(path).map_err(|e| files::io_message(&e.error))?;
        return Ok(());
    }
    write_in_place(path, new).map_err(|e| match tmp.keep() {
        Ok((_, kept)) => format!("{e}; the fixed text is in {}", kept.display()),
        Err(_) => e,
    })
}

/// `--fix` writes only the file named, never the target of a link: neither the
/// path nor any directory on it (as given) may be a symbolic link.
fn refuse_links(path: &Path) -> Result<(), String> {
    for part in path.ancestors().filter(|p| !p.as_os_str().is_empty()) {
        if std::fs::symlink_metadata(part).is_ok_and(|m| m.file_type().is_symlink()) {
            let where_ = if part == path { String::new() } else { format!(" on its path ({})", part.display()) };
            return Err(format!(
                "symbolic link{where_}; not fixed (--fix never writes through a link: name the file it points to)"
            ));
        }
    }
    Ok(())
}

fn write_in_place(path: &Path, new: &str) -> Result<(), String> {
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .open(path)
        .map_err(|e| format!("cannot write in place: {}", files::io_message(&e)))?;
    file.write_all(new.as_bytes()).map_err(|e| files::io_message(&e))?;
    file.set_len(new.len() as u64).map_err(|e| files::io_message(&e))?;
    file.sync_all().map_err(|e| files::io_message(&e))
}

/// A JSONL corpus file: each record's text is checked as a document, in parallel
/// batches, streaming (the file is never loaded whole).
fn check_records(
    path: &Path,
    compression: records::Compression,
    opts: &CheckOptions,
    resolver: &Resolver,
    pool: Option<&rayon::ThreadPool>,
    corpus: Option<&CorpusIndex>,
    emit: &mut dyn FnMut(Vec<Located>),
) -> FileOutcome {
    let shown = display_path(path);
    let mut outcome = FileOutcome { located: Vec::new(), errors: Vec::new(), fixed: 0, diff: None, checked: false };
    if opts.fix || opts.diff || opts.since.is_some() {
        outcome.errors.push(FileError {
            path: path.to_path_buf(),
            message: "--fix, --diff and --since do not apply to corpus files (use `seedlint clean`, or a baseline)"
                .into(),
        });
        return outcome;
    }
    // A record's site (from its URL) may have its own settings, so engines are per
    // site; resolving one is a lookup after the first.
    if let Err(e) = resolver.engine_for(Some(path)) {
        outcome.errors.push(FileError { path: path.to_path_buf(), message: format!("configuration error: {e}") });
        return outcome;
    }
    let reader = match records::open(path, compression, &opts.fields.limits) {
        Ok(r) => r,
        Err(e) => {
            outcome.errors.push(FileError { path: path.to_path_buf(), message: files::io_message(&e) });
            return outcome;
        }
    };
    outcome.checked = true;
    let mut fields = opts.fields.fields();
    let result = records::for_each_batch(reader, 256, |batch| {
        // Fields are guessed from the first record, so parse in order, then check in parallel.
        let parsed: Vec<_> = batch
            .iter()
            .map(|(n, line)| match line {
                Ok(line) => resolver.parse_record(path, *n, line, &mut fields),
                Err(bad) => Err(bad.error.clone()),
            })
            .collect();
        let check_all = || -> Vec<Result<Vec<Located>, records::RecordError>> {
            parsed
                .into_par_iter()
                .map(|r| {
                    r.map(|(rec, engine)| {
                        let index = LineIndex::new(&rec.text);
                        let doc = output::DocumentRef { id: rec.id.clone(), record: rec.line, url: rec.url.clone() };
                        // With an index, a record is the document named by its id.
                        engine
                            .check_in_corpus(&rec.text, corpus, corpus.map(|_| rec.id.as_str()))
                            .iter()
                            .map(|f| {
                                let mut l = output::locate(&shown, &rec.text, &index, f);
                                l.document = Some(doc.clone());
                                // Places in this record get its label; places in other
                                // documents of an index keep their document's name.
                                for related in &mut l.related {
                                    if related.path == shown {
                                        related.path = format!("{shown} [document {}]", doc.id);
                                    }
                                }
                                l
                            })
                            .collect()
                    })
                })
                .collect()
        };
        let checked = match pool {
            Some(pool) => pool.install(check_all),
            None => check_all(),
        };
        for c in checked {
            match c {
                Ok(located) => emit(located),
                Err(e) => outcome.errors.push(FileError {
                    path: path.to_path_buf(),
                    message: format!("line {}: {}; record skipped", e.line, e.message),
                }),
            }
        }
    });
    if let Err(e) = result {
        outcome.errors.push(FileError {
            path: path.to_path_buf(),
            message: format!("reading stopped: {}", files::io_message(&e)),
        });
    }
    outcome
}

/// A text file (corpus files go through `check_records`).
fn check_file(path: &Path, opts: &CheckOptions, resolver: &Resolver, corpus: Option<&CorpusIndex>) -> FileOutcome {
    let shown = display_path(path);
    let mut outcome = FileOutcome { located: Vec::new(), errors: Vec::new(), fixed: 0, diff: None, checked: true };
    let fail = |message: String| FileOutcome {
        located: Vec::new(),
        errors: vec![FileError { path: path.to_path_buf(), message }],
        fixed: 0,
        diff: None,
        checked: false,
    };
    let engine = match resolver.engine_for(Some(path)) {
        Ok(e) => e,
        Err(e) => return fail(format!("configuration error: {e}")),
    };
    let text = match files::read_text(path, opts.walk.max_file_size()) {
        Ok(t) => t,
        Err(e) => return fail(e),
    };
    // Fix-all checks the text anyway: report what it found rather than checking again
    // (the findings left after fixing when the file was rewritten, the input's otherwise).
    let (final_text, findings) = if opts.fix || opts.diff {
        let fixed = fix_all_in_corpus(&engine, &text, opts.unsafe_fixes, corpus, Some(&shown));
        if fixed.text == text {
            (text, fixed.initial)
        } else if opts.diff {
            let d = similar::TextDiff::from_lines(&text, &fixed.text);
            outcome.diff = Some(d.unified_diff().context_radius(1).header(&shown, &shown).to_string());
            (text, fixed.initial)
        } else if let Err(e) = replace_contents(path, &text, &fixed.text, opts.fix_read_only) {
            outcome.errors.push(FileError { path: path.to_path_buf(), message: e });
            (text, fixed.initial)
        } else {
            outcome.fixed = fixed.total();
            (fixed.text, fixed.remaining)
        }
    } else {
        let findings = engine.check_in_corpus(&text, corpus, Some(&shown));
        (text, findings)
    };
    let index = LineIndex::new(&final_text);
    outcome.located = findings.iter().map(|f| output::locate(&shown, &final_text, &index, f)).collect();
    if let Some(rev) = &opts.since {
        match changed_lines(path, rev) {
            Ok(ranges) => outcome
                .located
                .retain(|f| ranges.iter().any(|&(a, b)| f.span.line <= b && a <= f.span.end_line.max(f.span.line))),
            Err(e) => {
                // Unfiltered findings would pass for changed lines: none are reported.
                outcome.located.clear();
                outcome.errors.push(FileError { path: path.to_path_buf(), message: e });
            }
        }
    }
    outcome
}

/// Counts over the findings reported: the summary line, `--statistics` and `--fail-on`.
#[derive(Default)]
struct Tally {
    count: usize,
    safe: usize,
    unsafe_: usize,
    by_code: BTreeMap<&'static str, StatRow>,
    failing: bool,
}

impl Tally {
    fn add(&mut self, f: &Located, fail_on: Option<Severity>) {
        let safe = f.fix.as_ref().is_some_and(|x| x.applicability == Applicability::Safe);
        self.count += 1;
        self.safe += usize::from(safe);
        self.unsafe_ += usize::from(f.fix.as_ref().is_some_and(|x| x.applicability == Applicability::Unsafe));
        let row = self.by_code.entry(f.code).or_insert(StatRow { code: f.code, rule: f.rule, count: 0, fixable: 0 });
        row.count += 1;
        row.fixable += usize::from(safe);
        self.failing |= fail_on.is_some_and(|t| Severity::parse(f.severity).is_some_and(|s| s >= t));
    }

    /// Rows by count, most frequent first.
    fn rows(&self) -> Vec<StatRow> {
        let mut v: Vec<StatRow> = self
            .by_code
            .values()
            .map(|r| StatRow { code: r.code, rule: r.rule, count: r.count, fixable: r.fixable })
            .collect();
        v.sort_by(|a, b| b.count.cmp(&a.count).then(a.code.cmp(b.code)));
        v
    }
}

/// Where findings go as they are found: written at once (streaming), or collected
/// for what needs all of them first (a baseline, SARIF, --diff).
struct Sink<'a> {
    streaming: bool,
    opts: &'a CheckOptions,
    out: &'a mut dyn Write,
    collected: Vec<Located>,
    tally: Tally,
    color: bool,
}

/// `s` with every line but the first indented by `n` spaces (nesting pretty JSON).
fn indent_json(s: &str, n: usize) -> String {
    s.replace('\n', &format!("\n{}", " ".repeat(n)))
}

impl<'a> Sink<'a> {
    fn new(streaming: bool, opts: &'a CheckOptions, out: &'a mut dyn Write) -> Sink<'a> {
        let color = opts.use_color();
        Sink { streaming, opts, out, collected: Vec::new(), tally: Tally::default(), color }
    }

    fn add(&mut self, batch: Vec<Located>) {
        if !self.streaming {
            self.collected.extend(batch);
            return;
        }
        let threshold = self.opts.fail_on.threshold();
        for f in &batch {
            let _ = match self.opts.format {
                Format::Json => {
                    let head =
                        if self.tally.count == 0 { "{\n  \"version\": 1,\n  \"findings\": [\n    " } else { ",\n    " };
                    let item = serde_json::to_string_pretty(f).unwrap_or_default();
                    write!(self.out, "{head}{}", indent_json(&item, 4))
                }
                Format::Github => write!(self.out, "{}", output::github::render(std::slice::from_ref(f))),
                Format::Human if !self.opts.statistics => {
                    write!(self.out, "{}", output::human::render_one(f, self.color))
                }
                _ => Ok(()),
            };
            self.tally.add(f, threshold);
        }
    }

    /// The end of a streamed report, and the exit code. `baselined`: how many
    /// findings a baseline held back.
    fn finish(
        self,
        mut errors: Vec<FileError>,
        fixed: usize,
        files: FileCount,
        baselined: Option<usize>,
        err: &mut dyn Write,
    ) -> i32 {
        errors.sort_by(|a, b| a.path.cmp(&b.path));
        let stats = self.opts.statistics.then(|| self.tally.rows());
        match self.opts.format {
            Format::Json => {
                let paths: Vec<String> = errors.iter().map(|e| display_path(&e.path)).collect();
                let errs: Vec<output::json::JsonError<'_>> = errors
                    .iter()
                    .zip(&paths)
                    .map(|(e, p)| output::json::JsonError { path: p, message: &e.message })
                    .collect();
                let head = if self.tally.count == 0 { "{\n  \"version\": 1,\n  \"findings\": []" } else { "\n  ]" };
                let mut tail = format!(
                    "{head},\n  \"errors\": {}",
                    indent_json(&serde_json::to_string_pretty(&errs).unwrap_or_default(), 2)
                );
                if let Some(rows) = &stats {
                    let rows = serde_json::to_string_pretty(rows).unwrap_or_default();
                    tail.push_str(&format!(",\n  \"statistics\": {}", indent_json(&rows, 2)));
                }
                if let Some(n) = baselined {
                    tail.push_str(&format!(",\n  \"baselined\": {n}"));
                }
                let _ = writeln!(self.out, "{tail}\n}}");
            }
            Format::Github => {
                for e in &errors {
                    let _ = writeln!(
                        self.out,
                        "::error file={}::{}",
                        output::github::escape_property(&display_path(&e.path)),
                        output::github::escape_data(&e.message)
                    );
                }
            }
            Format::Human => {
                if let Some(rows) = &stats {
                    write_stat_rows(self.out, rows);
                }
                let t = &self.tally;
                let _ = writeln!(self.out, "{}", summary(t.count, files, fixed, baselined, t.safe, t.unsafe_));
            }
            Format::Sarif => {}
        }
        for e in &errors {
            let _ = writeln!(err, "error: {e}");
        }
        if !errors.is_empty() {
            EXIT_ERROR
        } else if self.tally.failing {
            EXIT_FINDINGS
        } else {
            EXIT_CLEAN
        }
    }
}

fn write_stat_rows(out: &mut dyn Write, rows: &[StatRow]) {
    for r in rows {
        let fix = if r.fixable > 0 { format!("[{} fixable]", r.fixable) } else { String::new() };
        let _ = writeln!(out, "{:>6}  {}  {:<28} {}", r.count, r.code, r.rule, fix);
    }
}

/// How many files a run was given, and how many of them could not be checked at all.
#[derive(Debug, Clone, Copy)]
struct FileCount {
    total: usize,
    unchecked: usize,
}

impl std::fmt::Display for FileCount {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.unchecked {
            0 => write!(f, "{} file(s).", self.total),
            n => write!(f, "{} of {} file(s); {n} could not be checked.", self.total - n, self.total),
        }
    }
}

/// The human output's last line.
fn summary(
    count: usize,
    files: FileCount,
    fixed: usize,
    baselined: Option<usize>,
    safe: usize,
    unsafe_: usize,
) -> String {
    let mut summary = if count == 0 && baselined.is_some() {
        format!("No new findings in {files}")
    } else if count == 0 {
        format!("No findings in {files}")
    } else {
        format!("Found {count} finding(s) in {files}")
    };
    if fixed > 0 {
        // Later passes also fix the blank lines and spaces removed lines leave, so this can
        // exceed the fixable count an earlier check reported; `safe` here is what remains.
        summary.push_str(&format!(" Fixed {fixed} (the blank lines and spaces that removals leave count too)."));
    }
    if let Some(old) = baselined {
        summary.push_str(&format!(" {old} older finding(s) are in the baseline (not shown)."));
    }
    if safe > 0 {
        summary.push_str(&format!(" {safe} fixable with --fix"));
        if unsafe_ > 0 {
            summary.push_str(&format!(", {unsafe_} more with --unsafe-fixes"));
        }
        summary.push('.');
    }
    summary
}

/// Files named or found under `paths` (include/exclude globs from the command
/// line, else from the config), and the explicit config if one was given.
/// Shared by `check` and `entities`. `Err` carries the message of a fatal error.
pub struct Discovery {
    pub explicit: Option<Arc<Config>>,
    pub files: Vec<PathBuf>,
    pub errors: Vec<FileError>,
    /// Symbolic links met while walking and not followed (no `--follow`).
    pub skipped_links: Vec<PathBuf>,
}

/// One note on stderr per symbolic link a walk did not follow.
pub fn note_skipped_links(links: &[PathBuf], err: &mut dyn Write) {
    for link in links {
        let shown = output::escape_controls(&display_path(link)).into_owned();
        let _ = writeln!(err, "note: {shown}: symbolic link, skipped (pass --follow to read through links)");
    }
}

/// Which files a walk of directories picks, as every command that walks takes them.
#[derive(Debug, Clone, Default, clap::Args)]
pub struct WalkArgs {
    /// Files to read when walking directories (globs; default: text files and JSONL corpora).
    #[arg(long)]
    pub include: Vec<String>,
    /// Files to skip when walking directories (globs).
    #[arg(long)]
    pub exclude: Vec<String>,
    /// Do not honour .gitignore / .ignore files or skip hidden files.
    #[arg(long)]
    pub no_ignore: bool,
    /// Follow symbolic links met while walking directories. Without it they are
    /// skipped (and named on stderr), so a link cannot lead outside the tree.
    #[arg(long)]
    pub follow: bool,
    /// Files larger than this many megabytes are reported, not read.
    #[arg(long = "max-file-size", value_name = "MB", default_value_t = 256)]
    pub max_file_size_mb: u64,
}

impl WalkArgs {
    /// The one size limit of a file read whole, in bytes, for every command that walks.
    pub fn max_file_size(&self) -> u64 {
        self.max_file_size_mb.saturating_mul(1_000_000)
    }
}

pub fn discover(paths: &[PathBuf], config: Option<&PathBuf>, walk: &WalkArgs) -> Result<Discovery, String> {
    let WalkArgs { include, exclude, no_ignore, follow, .. } = walk;
    let no_ignore = *no_ignore;
    let explicit = match config {
        Some(p) => Some(Arc::new(Config::load(p).map_err(|e| e.to_string())?)),
        None => None,
    };
    // Which files to walk: the command line wins, then the config at the working directory.
    let walk_config = explicit.clone().or_else(|| {
        let cwd = std::env::current_dir().ok()?;
        Config::find(&cwd).and_then(|p| Config::load(&p).ok()).map(Arc::new)
    });
    let include = if !include.is_empty() {
        include.to_vec()
    } else if let Some(c) = walk_config.as_ref().filter(|c| !c.include.is_empty()) {
        c.include.clone()
    } else {
        files::DEFAULT_INCLUDE.iter().map(|s| s.to_string()).collect()
    };
    let mut exclude = exclude.to_vec();
    if let Some(c) = &walk_config {
        exclude.extend(c.exclude.iter().cloned());
    }
    let include = files::globset(&include)?;
    let exclude = files::globset(&exclude)?;
    let paths = if paths.is_empty() { vec![PathBuf::from(".")] } else { paths.to_vec() };
    let walked =
        files::walk(&paths, &WalkOptions { include, exclude, respect_ignore: !no_ignore, follow_links: *follow });
    Ok(Discovery { explicit, files: walked.files, errors: walked.errors, skipped_links: walked.skipped_links })
}

/// Every selector names a rule, code prefix, name or category; else the first
/// typo's error (a typo must not switch rules off and pass a CI gate).
pub fn check_selectors<'a>(selectors: impl IntoIterator<Item = &'a String>) -> Result<(), String> {
    selectors.into_iter().try_for_each(|s| seedlint_engine::check_selector(s))
}

/// The directories whose git repositories `--since` is read in: each path
/// named (a directory itself, a file's directory).
fn since_dirs(paths: &[PathBuf]) -> Vec<PathBuf> {
    let mut dirs: Vec<PathBuf> = if paths.is_empty() { vec![PathBuf::from(".")] } else { paths.to_vec() };
    for d in &mut dirs {
        if !d.is_dir() {
            *d = d.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new(".")).to_path_buf();
        }
    }
    dirs.sort();
    dirs.dedup();
    dirs
}

/// Files whose configuration cannot be loaded are left out, with one error per
/// broken config file naming the files it left unchecked.
pub(crate) fn without_broken_configs(
    files: Vec<PathBuf>,
    resolver: &Resolver,
) -> (Vec<PathBuf>, Vec<FileError>, usize) {
    let mut broken: BTreeMap<String, Vec<PathBuf>> = BTreeMap::new();
    let mut usable = Vec::with_capacity(files.len());
    for f in files {
        match resolver.config_for(Some(&f)) {
            Ok(_) => usable.push(f),
            Err(e) => broken.entry(e).or_default().push(f),
        }
    }
    let unchecked = broken.values().map(Vec::len).sum();
    let errors = broken
        .into_iter()
        .map(|(message, files)| {
            let mut names: Vec<String> = files.iter().take(3).map(|f| display_path(f)).collect();
            if files.len() > 3 {
                names.push(format!("and {} more", files.len() - 3));
            }
            let config = files.first().and_then(|f| {
                let dir = std::path::absolute(f).ok()?.parent()?.to_path_buf();
                Config::find(&dir)
            });
            FileError {
                path: config.unwrap_or_default(),
                message: format!(
                    "configuration error: {message}; {} file(s) not checked: {}",
                    files.len(),
                    names.join(", ")
                ),
            }
        })
        .collect();
    (usable, errors, unchecked)
}

pub fn run(opts: &CheckOptions, out: &mut dyn Write, err: &mut dyn Write) -> i32 {
    let mut errors: Vec<FileError> = Vec::new();
    if let Err(e) = check_selectors(opts.select.iter().flatten().chain(&opts.ignore)) {
        let _ = writeln!(err, "error: {e}");
        return EXIT_ERROR;
    }
    if let Some(rev) = &opts.since {
        if let Err(e) = verify_revision(rev, &since_dirs(&opts.paths)) {
            // The message's lines (error, hint) each escaped: the revision may come from anywhere.
            for (i, line) in e.lines().enumerate() {
                let _ = writeln!(err, "{}{}", if i == 0 { "error: " } else { "" }, output::escape_controls(line));
            }
            return EXIT_ERROR;
        }
    }
    let Discovery { explicit, files: file_list, errors: walk_errors, skipped_links } =
        match discover(&opts.paths, opts.config.as_ref(), &opts.walk) {
            Ok(d) => d,
            Err(e) => {
                let _ = writeln!(err, "error: {e}");
                return EXIT_ERROR;
            }
        };
    errors.extend(walk_errors);
    note_skipped_links(&skipped_links, err);

    let extra = ExtraSettings { select: opts.select.clone(), ignore: opts.ignore.clone(), ..Default::default() };
    let resolver = Resolver::new(explicit, None, extra);
    let total_files = file_list.len();
    // Names that are not UTF-8 are shown lossily; SARIF URIs encode their bytes.
    let raw_names: std::collections::HashMap<String, Vec<u8>> = file_list
        .iter()
        .chain(errors.iter().map(|e| &e.path))
        .filter(|p| p.to_str().is_none())
        .map(|p| (display_path(p), std::os::unix::ffi::OsStrExt::as_bytes(p.as_os_str()).to_vec()))
        .collect();
    let (file_list, config_errors, mut unchecked) = without_broken_configs(file_list, &resolver);
    errors.extend(config_errors);
    let pool = rayon::ThreadPoolBuilder::new().num_threads(opts.threads.unwrap_or(0)).build();
    // With --index, a summary is loaded; with --corpus, a first pass reads every file
    // into the index (unreadable files are reported by the second pass, which reads
    // each file again).
    let loaded = match &opts.index {
        Some(path) => match crate::index_cmd::load(path) {
            Ok(i) => Some(i),
            Err(e) => {
                let _ = writeln!(err, "error: {e}");
                return EXIT_ERROR;
            }
        },
        None => None,
    };
    let corpus = loaded.or_else(|| {
        opts.corpus.then(|| {
            // Unreadable files and records are reported by the check itself, which reads them again.
            let build = || crate::corpus_index::build(&file_list, &resolver, &opts.fields, opts.walk.max_file_size()).0;
            match &pool {
                Ok(pool) => pool.install(build),
                Err(_) => build(),
            }
        })
    });
    // Findings are written as each group of files is done, so memory does not grow with
    // the corpus; a baseline, SARIF and --diff need every finding first, and collect them.
    let streaming = opts.baseline.is_empty() && !opts.diff && opts.format != Format::Sarif;
    let mut sink = Sink::new(streaming, opts, out);
    let mut diffs = Vec::new();
    let mut fixed = 0;
    let threads = pool.as_ref().map_or(1, |p| p.current_num_threads());
    // Text files in parallel groups, in order; a corpus file alone (its records are
    // checked in parallel batches).
    let mut rest = file_list.as_slice();
    while !rest.is_empty() {
        if let Some(compression) = rest.first().and_then(|p| records::jsonl_kind(p)) {
            let path = &rest[0];
            let o = check_records(path, compression, opts, &resolver, pool.as_ref().ok(), corpus.as_ref(), &mut |v| {
                sink.add(v)
            });
            errors.extend(o.errors);
            unchecked += usize::from(!o.checked);
            rest = &rest[1..];
            continue;
        }
        let n = rest.iter().take(64 * threads).take_while(|p| records::jsonl_kind(p).is_none()).count();
        let (group, after) = rest.split_at(n);
        let work = || group.par_iter().map(|p| check_file(p, opts, &resolver, corpus.as_ref())).collect::<Vec<_>>();
        let outcomes = match &pool {
            Ok(pool) => pool.install(work),
            Err(_) => work(),
        };
        for o in outcomes {
            sink.add(o.located);
            errors.extend(o.errors);
            unchecked += usize::from(!o.checked);
            fixed += o.fixed;
            diffs.extend(o.diff);
        }
        rest = after;
    }
    if streaming {
        return sink.finish(errors, fixed, FileCount { total: total_files, unchecked }, None, err);
    }
    let Sink { collected: mut located, out, .. } = sink;

    let mut baselined = None;
    match opts.baseline.as_slice() {
        [] => {}
        [write, file] if write == "write" => {
            let b = make_baseline(&located);
            let body = serde_json::to_string_pretty(&b).unwrap_or_default();
            if let Err(e) = std::fs::write(file, body + "\n") {
                let _ = writeln!(err, "error: {file}: {}", files::io_message(&e));
                return EXIT_ERROR;
            }
            let _ = writeln!(err, "baseline: wrote {} finding(s) to {file}", located.len());
            return if errors.is_empty() { EXIT_CLEAN } else { EXIT_ERROR };
        }
        [file] => {
            let b: Baseline = match files::read_bounded(Path::new(file), opts.walk.max_file_size(), "--max-file-size")
                .and_then(|bytes| serde_json::from_slice(&bytes).map_err(|e| format!("not a seedlint baseline: {e}")))
            {
                Ok(b) => b,
                Err(e) => {
                    let _ = writeln!(err, "error: {file}: {e}");
                    return EXIT_ERROR;
                }
            };
            let (new, old) = apply_baseline(&b, located);
            located = new;
            baselined = Some(old);
        }
        other => {
            let _ = writeln!(err, "error: --baseline takes FILE or `write FILE`, not {other:?}");
            return EXIT_ERROR;
        }
    }
    if opts.diff {
        for d in &diffs {
            let _ = write!(out, "{d}");
        }
        for e in &errors {
            let _ = writeln!(err, "error: {e}");
        }
        return if !errors.is_empty() {
            EXIT_ERROR
        } else if diffs.is_empty() {
            EXIT_CLEAN
        } else {
            EXIT_FINDINGS
        };
    }
    if opts.format == Format::Sarif {
        errors.sort_by(|a, b| a.path.cmp(&b.path));
        let error_pairs: Vec<(String, String)> =
            errors.iter().map(|e| (display_path(&e.path), e.message.clone())).collect();
        let _ = writeln!(out, "{}", output::sarif::render(&located, &error_pairs, &raw_names));
        for e in &errors {
            let _ = writeln!(err, "error: {e}");
        }
        let mut tally = Tally::default();
        located.iter().for_each(|f| tally.add(f, opts.fail_on.threshold()));
        return if !errors.is_empty() {
            EXIT_ERROR
        } else if tally.failing {
            EXIT_FINDINGS
        } else {
            EXIT_CLEAN
        };
    }
    // What the baseline leaves goes out the same way as a streamed report.
    let mut sink = Sink::new(true, opts, out);
    sink.add(located);
    sink.finish(errors, fixed, FileCount { total: total_files, unchecked }, baselined, err)
}
