//! `seedlint.toml`: discovery, parsing and validation, resolved into engine `Settings`.
//!
//! Errors name the file, line, column and key, because a config file that is
//! silently half-read is worse than none.

use crate::sites::{Site, SiteDetection, Sites};
use anyhow::Result;
use globset::{Glob, GlobSet, GlobSetBuilder};
use seedlint_engine::settings::{selector_matches, IgnorePatterns};
use seedlint_engine::{all_rules, Category, Settings, Severity};
use serde::Deserialize;
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use toml::Spanned;

pub const CONFIG_NAMES: &[&str] = &["seedlint.toml", ".seedlint.toml"];

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    #[serde(default)]
    rules: RawRules,
    #[serde(default)]
    boilerplate: RawBoilerplate,
    #[serde(default)]
    duplicates: RawDuplicates,
    #[serde(default)]
    corpus: RawCorpus,
    #[serde(default)]
    files: RawFiles,
    #[serde(default)]
    ignore: RawIgnore,
    #[serde(default)]
    overrides: Vec<RawOverride>,
    #[serde(default, rename = "site-detection")]
    site_detection: RawSiteDetection,
    #[serde(default)]
    sites: BTreeMap<String, RawSite>,
    #[serde(default)]
    entities: RawEntities,
    #[serde(default)]
    classifier: RawClassifier,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawClassifier {
    /// A line model written by `seedlint train`, relative to the config file.
    model: Option<Spanned<String>>,
    /// Overrides the model's own threshold.
    threshold: Option<Spanned<f32>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawEntities {
    /// Knowledge-base files (TOML or JSON), relative to the config file.
    #[serde(default)]
    knowledge_base: Vec<Spanned<String>>,
    /// Largest knowledge-base file read, in megabytes.
    max_knowledge_base_mb: Option<u64>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawSiteDetection {
    path_pattern: Option<Spanned<String>>,
    from_directory: Option<bool>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawSite {
    #[serde(default)]
    hosts: Vec<String>,
    #[serde(default)]
    line_phrases: Vec<String>,
    #[serde(default)]
    contains_phrases: Vec<String>,
    #[serde(default)]
    never_flag: Vec<String>,
    min_score: Option<Spanned<f32>>,
    #[serde(default)]
    select: Vec<Spanned<String>>,
    #[serde(default)]
    ignore: Vec<Spanned<String>>,
    #[serde(default)]
    severity: HashMap<String, Spanned<String>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRules {
    #[serde(default)]
    select: Vec<Spanned<String>>,
    #[serde(default)]
    ignore: Vec<Spanned<String>>,
    #[serde(default)]
    severity: HashMap<String, Spanned<String>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawBoilerplate {
    min_score: Option<Spanned<f32>>,
    #[serde(default)]
    line_phrases: Vec<String>,
    #[serde(default)]
    contains_phrases: Vec<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawDuplicates {
    min_chars: Option<usize>,
    near_threshold: Option<Spanned<f32>>,
    near_min_words: Option<usize>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawCorpus {
    min_documents: Option<u32>,
    min_share: Option<Spanned<f32>>,
    max_boilerplate_words: Option<usize>,
    paragraph_min_share: Option<Spanned<f32>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawIgnore {
    /// Regular expressions; lines matching one are never flagged.
    #[serde(default)]
    patterns: Vec<Spanned<String>>,
    /// Lines never flagged, compared after normalization.
    #[serde(default)]
    lines: Vec<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFiles {
    #[serde(default)]
    include: Vec<Spanned<String>>,
    #[serde(default)]
    exclude: Vec<Spanned<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawOverride {
    paths: Vec<Spanned<String>>,
    #[serde(default)]
    select: Vec<Spanned<String>>,
    #[serde(default)]
    ignore: Vec<Spanned<String>>,
    #[serde(default)]
    severity: HashMap<String, Spanned<String>>,
}

/// Which rules run and how loud, as a per-path override or a site sets them on
/// top of the settings below.
#[derive(Debug, Clone, Default)]
pub struct RuleChoices {
    /// Replaces the `select` below when not empty.
    pub select: Vec<String>,
    /// Added to the `ignore` below.
    pub ignore: Vec<String>,
    /// Added to (and wins over) the severities below.
    pub severity: HashMap<String, Severity>,
}

impl RuleChoices {
    pub fn apply(&self, settings: &mut Settings) {
        if !self.select.is_empty() {
            settings.select = self.select.clone();
        }
        settings.ignore.extend(self.ignore.iter().cloned());
        settings.severity.extend(self.severity.iter().map(|(k, v)| (k.clone(), *v)));
    }
}

/// A per-path change to the settings.
#[derive(Debug, Clone)]
pub struct Override {
    pub globs: GlobSet,
    pub rules: RuleChoices,
}

/// A loaded configuration: base settings, file globs and per-path overrides.
#[derive(Debug, Clone)]
pub struct Config {
    /// The file it came from; `None` for the defaults.
    pub path: Option<PathBuf>,
    /// Directory that relative globs are resolved against.
    pub root: PathBuf,
    pub settings: Settings,
    pub include: Vec<String>,
    pub exclude: Vec<String>,
    pub overrides: Vec<Override>,
    pub sites: Sites,
}

#[derive(Debug)]
pub struct ConfigError {
    pub path: PathBuf,
    /// 1-based line and column in the file, when the error has a place.
    pub position: Option<(usize, usize)>,
    pub message: String,
}

impl std::error::Error for ConfigError {}

impl std::fmt::Display for ConfigError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.position {
            Some((line, col)) => {
                write!(f, "{}:{line}:{col}: {}", self.path.display(), self.message)
            }
            None => write!(f, "{}: {}", self.path.display(), self.message),
        }
    }
}

/// 1-based line and column of a byte offset in `src`.
fn line_col(src: &str, offset: usize) -> (usize, usize) {
    let before = &src[..offset.min(src.len())];
    let line = before.matches('\n').count() + 1;
    let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, col)
}

impl Default for Config {
    fn default() -> Self {
        Config {
            path: None,
            root: PathBuf::from("."),
            settings: Settings::default(),
            include: Vec::new(),
            exclude: Vec::new(),
            overrides: Vec::new(),
            sites: Sites::default(),
        }
    }
}

/// Largest knowledge-base file read unless `[entities] max-knowledge-base-mb` says otherwise.
pub const DEFAULT_MAX_KNOWLEDGE_BASE_MB: u64 = 16;

/// Directories outside a project that its knowledge bases may still be read from:
/// the user's own choice, so an environment variable, never a setting of a config
/// file that came with a cloned repository.
pub const KNOWLEDGE_BASE_DIRS_VAR: &str = "SEEDLINT_KNOWLEDGE_BASE_DIRS";

/// `path` with `.` and `..` resolved by name, without touching the file system.
fn lexically_normal(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            std::path::Component::ParentDir => {
                out.pop();
            }
            std::path::Component::CurDir => {}
            other => out.push(other),
        }
    }
    out
}

/// Where the knowledge base `file` named in the config of directory `root` may be
/// read: resolved against `root` and, links followed, inside it or inside a directory
/// of [`KNOWLEDGE_BASE_DIRS_VAR`]. A path outside is refused before the file system is
/// asked anything about it, so the answer says nothing about what exists there.
fn knowledge_base_path(root: &Path, file: &str) -> Result<PathBuf, String> {
    let absolute = |p: &Path| std::path::absolute(p).map(|a| lexically_normal(&a)).unwrap_or_else(|_| p.to_path_buf());
    // The parent of a bare `seedlint.toml` is the empty path: the current directory.
    let root = absolute(if root.as_os_str().is_empty() { Path::new(".") } else { root });
    let allowed: Vec<PathBuf> = std::env::var_os(KNOWLEDGE_BASE_DIRS_VAR)
        .map(|v| std::env::split_paths(&v).filter(|d| d.is_absolute()).collect())
        .unwrap_or_default();
    let outside = || {
        format!(
            "`{file}` is outside the project (the directory holding this config) and not under a directory \
             listed in {KNOWLEDGE_BASE_DIRS_VAR}; not read"
        )
    };
    let wanted = absolute(&root.join(file));
    let within = |p: &Path, dirs: &[PathBuf]| dirs.iter().any(|d| p.starts_with(d));
    let mut named: Vec<PathBuf> = vec![root.clone()];
    named.extend(allowed.iter().map(|d| absolute(d)));
    if !within(&wanted, &named) {
        return Err(outside());
    }
    let real = std::fs::canonicalize(&wanted).map_err(|e| {
        if std::fs::symlink_metadata(&wanted).is_ok_and(|m| m.file_type().is_symlink()) {
            format!("`{file}` is a symbolic link that cannot be followed; not read")
        } else {
            format!("{}: {}", wanted.display(), crate::files::io_message(&e))
        }
    })?;
    // Links inside the project that lead out of it count as outside.
    let real_dirs: Vec<PathBuf> = named.iter().filter_map(|d| std::fs::canonicalize(d).ok()).collect();
    if !within(&real, &real_dirs) {
        return Err(outside());
    }
    Ok(real)
}

/// Read and check the user's knowledge-base files, in order. An error names the
/// file and line, and the entry of a file that parsed; of a file that did not, no
/// content is quoted (it may not be a knowledge base at all). A file that cannot be
/// read is named with the config key.
fn load_knowledge_base(
    root: &Path,
    files: &[Spanned<String>],
    max_mb: u64,
    err: &dyn Fn(Option<usize>, String) -> ConfigError,
) -> Result<Vec<seedlint_engine::entities::kb::EntityPatch>, ConfigError> {
    use seedlint_engine::entities::kb;
    let mut patches = Vec::new();
    let mut check = kb::KnowledgeBase::builtin().clone();
    let key_error = |file: &Spanned<String>, message: String| {
        err(Some(file.span().start), format!("`entities.knowledge-base`: {message}"))
    };
    for file in files {
        let path = knowledge_base_path(root, file.get_ref()).map_err(|m| key_error(file, m))?;
        let raise_with = "`max-knowledge-base-mb` in the config's [entities] table";
        let bytes = crate::files::read_bounded(&path, max_mb.saturating_mul(1_000_000), raise_with)
            .map_err(|m| key_error(file, format!("{}: {m}", path.display())))?;
        let text = String::from_utf8(bytes)
            .map_err(|_| key_error(file, format!("{}: not valid UTF-8; not read", path.display())))?;
        let kb_error = |e: kb::KbError| ConfigError {
            path: path.clone(),
            position: e.line.map(|l| (l as usize, 1)),
            message: match &e.entry {
                Some(entry) => format!("entity `{entry}`: {}", e.message),
                None => e.message.clone(),
            },
        };
        let parsed = kb::parse(&text, &path.display().to_string()).map_err(|e| ConfigError {
            path: path.clone(),
            position: e.line.map(|l| (l as usize, 1)),
            message: "not a valid knowledge base (TOML `[[entity]]` tables or JSON `{\"entity\": [...]}`, \
                      see docs/knowledge-base.md)"
                .into(),
        })?;
        if let Some(e) = check.apply(parsed.clone()).into_iter().next() {
            return Err(kb_error(e));
        }
        patches.extend(parsed);
    }
    Ok(patches)
}

/// The `[classifier]` table: a trained model file and/or a threshold over it.
fn load_line_model(
    root: &Path,
    raw: &RawClassifier,
    err: &dyn Fn(Option<usize>, String) -> ConfigError,
) -> Result<Option<std::sync::Arc<seedlint_engine::classifier::LineModel>>, ConfigError> {
    use seedlint_engine::classifier::LineModel;
    // A model is a few kilobytes; a bigger file is not one.
    const MAX_MODEL: u64 = 1 << 20;
    let mut model = match &raw.model {
        None => None,
        Some(file) => {
            let at = Some(file.span().start);
            let path =
                knowledge_base_path(root, file.get_ref()).map_err(|m| err(at, format!("`classifier.model`: {m}")))?;
            let bytes = crate::files::read_bounded(&path, MAX_MODEL, "a smaller model file")
                .map_err(|e| err(at, format!("`classifier.model`: {}: {e}", path.display())))?;
            let text = String::from_utf8(bytes)
                .map_err(|_| err(at, format!("`classifier.model`: {}: not UTF-8 text", path.display())))?;
            let parsed =
                LineModel::parse(&text).map_err(|e| err(at, format!("`classifier.model`: {}: {e}", path.display())))?;
            Some(parsed)
        }
    };
    if let Some(t) = &raw.threshold {
        if !(0.0..=1.0).contains(t.get_ref()) {
            return Err(err(Some(t.span().start), "`classifier.threshold` must be between 0 and 1".into()));
        }
        model.get_or_insert_with(|| LineModel::builtin().clone()).threshold = *t.get_ref();
    }
    Ok(model.map(std::sync::Arc::new))
}

/// A config is a few lines; a huge one is a mistake (or not a config), so say so.
pub const MAX_CONFIG: u64 = 4 * 1024 * 1024;

/// The text of a config file: a regular file (a FIFO would hang the reader) of at most [`MAX_CONFIG`] bytes.
pub fn read_config_text(path: &Path) -> Result<String, ConfigError> {
    let error = |message: String| ConfigError { path: path.to_path_buf(), position: None, message };
    let file = crate::files::open_regular(path).map_err(error)?;
    let mut bytes = Vec::new();
    std::io::Read::read_to_end(&mut std::io::Read::take(file, MAX_CONFIG + 1), &mut bytes)
        .map_err(|e| error(crate::files::io_message(&e)))?;
    if bytes.len() as u64 > MAX_CONFIG {
        return Err(error(format!("config file is over the {MAX_CONFIG}-byte limit")));
    }
    String::from_utf8(bytes).map_err(|_| error("config file is not valid UTF-8".into()))
}

fn known_selector(s: &str) -> bool {
    s == "ALL" || Category::parse(s).is_some() || all_rules().any(|m| selector_matches(s, m))
}

impl Config {
    /// Parse `src`, the contents of `path`.
    pub fn parse(src: &str, path: &Path) -> Result<Config, ConfigError> {
        let err = |offset: Option<usize>, message: String| ConfigError {
            path: path.to_path_buf(),
            position: offset.map(|o| line_col(src, o)),
            message: message.trim_end().to_string(),
        };
        let raw: RawConfig = toml::from_str(src).map_err(|e| {
            let msg = e.message().to_string();
            err(e.span().map(|s| s.start), msg)
        })?;
        // Scores, thresholds and shares are all fractions.
        let fraction = |value: &Spanned<f32>, key: &str| -> Result<f32, ConfigError> {
            let v = *value.get_ref();
            if (0.0..=1.0).contains(&v) {
                Ok(v)
            } else {
                Err(err(Some(value.span().start), format!("`{key}` must be between 0 and 1")))
            }
        };

        let check_selectors = |list: &[Spanned<String>], key: &str| -> Result<Vec<String>, ConfigError> {
            list.iter()
                .map(|s| {
                    if known_selector(s.get_ref()) {
                        Ok(s.get_ref().clone())
                    } else {
                        Err(err(
                            Some(s.span().start),
                            format!("`{key}`: unknown rule or category `{}` (see `seedlint rules`)", s.get_ref()),
                        ))
                    }
                })
                .collect()
        };
        let check_severities =
            |map: &HashMap<String, Spanned<String>>, key: &str| -> Result<HashMap<String, Severity>, ConfigError> {
                let mut out = HashMap::new();
                for (sel, sev) in map {
                    if !known_selector(sel) {
                        return Err(err(
                            Some(sev.span().start),
                            format!("`{key}.{sel}`: unknown rule or category `{sel}`"),
                        ));
                    }
                    let Some(parsed) = Severity::parse(sev.get_ref()) else {
                        return Err(err(
                            Some(sev.span().start),
                            format!(
                                "`{key}.{sel}`: unknown severity `{}` (expected error, warning, info or hint)",
                                sev.get_ref()
                            ),
                        ));
                    };
                    out.insert(sel.clone(), parsed);
                }
                Ok(out)
            };

        let rule_choices = |select: &[Spanned<String>],
                            ignore: &[Spanned<String>],
                            severity: &HashMap<String, Spanned<String>>,
                            key: &str|
         -> Result<RuleChoices, ConfigError> {
            Ok(RuleChoices {
                select: check_selectors(select, &format!("{key}select"))?,
                ignore: check_selectors(ignore, &format!("{key}ignore"))?,
                severity: check_severities(severity, &format!("{key}severity"))?,
            })
        };
        let base = rule_choices(&raw.rules.select, &raw.rules.ignore, &raw.rules.severity, "rules.")?;
        let mut settings =
            Settings { select: base.select, ignore: base.ignore, severity: base.severity, ..Settings::default() };
        if let Some(score) = &raw.boilerplate.min_score {
            settings.boilerplate.min_score = fraction(score, "boilerplate.min-score")?;
        }
        settings.boilerplate.line_phrases = raw.boilerplate.line_phrases;
        settings.boilerplate.contains_phrases = raw.boilerplate.contains_phrases;
        if let Some(n) = raw.duplicates.min_chars {
            settings.duplicates.min_chars = n;
        }
        if let Some(t) = &raw.duplicates.near_threshold {
            settings.duplicates.near_threshold = fraction(t, "duplicates.near-threshold")?;
        }
        let patterns = raw.ignore.patterns.iter().map(|p| p.get_ref().clone()).collect();
        settings.ignore_patterns = IgnorePatterns::compile(patterns).map_err(|(at, message)| {
            let place = at.and_then(|i| raw.ignore.patterns.get(i)).or(raw.ignore.patterns.first());
            err(place.map(|p| p.span().start), format!("`ignore.patterns`: {message}"))
        })?;
        settings.never_flag_lines = raw.ignore.lines;
        if let Some(n) = raw.corpus.min_documents {
            settings.corpus.min_documents = n.max(1);
        }
        if let Some(share) = &raw.corpus.min_share {
            settings.corpus.min_share = fraction(share, "corpus.min-share")?;
        }
        if let Some(n) = raw.corpus.max_boilerplate_words {
            settings.corpus.max_boilerplate_words = n;
        }
        if let Some(share) = &raw.corpus.paragraph_min_share {
            settings.corpus.paragraph_min_share = fraction(share, "corpus.paragraph-min-share")?;
        }
        if let Some(n) = raw.duplicates.near_min_words {
            settings.duplicates.near_min_words = n.max(3);
        }

        let check_globs = |list: &[Spanned<String>], key: &str| -> Result<Vec<String>, ConfigError> {
            list.iter()
                .map(|g| match Glob::new(g.get_ref()) {
                    Ok(_) => Ok(g.get_ref().clone()),
                    Err(e) => {
                        Err(err(Some(g.span().start), format!("`{key}`: bad glob `{}`: {}", g.get_ref(), e.kind())))
                    }
                })
                .collect()
        };
        let include = check_globs(&raw.files.include, "files.include")?;
        let exclude = check_globs(&raw.files.exclude, "files.exclude")?;

        let mut overrides = Vec::new();
        for (i, o) in raw.overrides.iter().enumerate() {
            let key = format!("overrides[{i}]");
            let mut b = GlobSetBuilder::new();
            for g in check_globs(&o.paths, &format!("{key}.paths"))? {
                b.add(Glob::new(&g).map_err(|e| err(None, e.to_string()))?);
            }
            overrides.push(Override {
                globs: b.build().map_err(|e| err(None, e.to_string()))?,
                rules: rule_choices(&o.select, &o.ignore, &o.severity, &format!("{key}."))?,
            });
        }
        let mut sites = Sites::default();
        if let Some(p) = &raw.site_detection.path_pattern {
            let re = regex::Regex::new(p.get_ref()).map_err(|e| {
                let first = e.to_string().lines().last().unwrap_or_default().trim().to_string();
                err(Some(p.span().start), format!("`site-detection.path-pattern`: bad regular expression: {first}"))
            })?;
            sites.detection.path_pattern = Some(re);
        }
        sites.detection.from_directory =
            raw.site_detection.from_directory.unwrap_or(SiteDetection::default().from_directory);
        for (name, site) in raw.sites {
            let key = format!("sites.{name}");
            let min_score =
                site.min_score.as_ref().map(|score| fraction(score, &format!("{key}.min-score"))).transpose()?;
            sites.sites.push(Site {
                rules: rule_choices(&site.select, &site.ignore, &site.severity, &format!("{key}."))?,
                name,
                hosts: site.hosts,
                line_phrases: site.line_phrases,
                contains_phrases: site.contains_phrases,
                never_flag: site.never_flag,
                min_score,
            });
        }
        let root = path.parent().map(Path::to_path_buf).unwrap_or_else(|| PathBuf::from("."));
        let max_kb = raw.entities.max_knowledge_base_mb.unwrap_or(DEFAULT_MAX_KNOWLEDGE_BASE_MB);
        settings.knowledge_base = load_knowledge_base(&root, &raw.entities.knowledge_base, max_kb, &err)?;
        settings.line_model = load_line_model(&root, &raw.classifier, &err)?;
        Ok(Config { path: Some(path.to_path_buf()), root, settings, include, exclude, overrides, sites })
    }

    pub fn load(path: &Path) -> Result<Config, ConfigError> {
        Config::parse(&read_config_text(path)?, path)
    }

    /// The nearest config file at or above `dir`.
    pub fn find(dir: &Path) -> Option<PathBuf> {
        let mut cur = Some(dir);
        while let Some(d) = cur {
            for name in CONFIG_NAMES {
                let candidate = d.join(name);
                if candidate.is_file() {
                    return Some(candidate);
                }
            }
            cur = d.parent();
        }
        None
    }

    /// Indices of the overrides that apply to `file`.
    pub fn matching_overrides(&self, file: &Path) -> Vec<usize> {
        let rel = file.strip_prefix(&self.root).unwrap_or(file);
        self.overrides
            .iter()
            .enumerate()
            .filter(|(_, o)| o.globs.is_match(rel) || o.globs.is_match(file))
            .map(|(i, _)| i)
            .collect()
    }

    /// The site of a document (see [`Sites::site_of`]).
    pub fn site_of(&self, path: Option<&Path>, url: Option<&str>) -> Option<String> {
        self.sites.site_of(&self.root, path, url)
    }

    /// The configured site a document belongs to, if its site has a `[sites.NAME]` table.
    pub fn configured_site(&self, path: Option<&Path>, url: Option<&str>) -> Option<&Site> {
        self.site_of(path, url).and_then(|name| self.sites.get(&name))
    }

    /// Settings for a file, with the given overrides applied in order, then its site's settings.
    pub fn settings_for(&self, overrides: &[usize], site: Option<&Site>) -> Settings {
        let mut s = self.settings_with(overrides);
        if let Some(site) = site {
            site.apply(&mut s);
        }
        s
    }

    /// Settings for a file, with the given overrides applied in order.
    pub fn settings_with(&self, overrides: &[usize]) -> Settings {
        let mut s = self.settings.clone();
        for o in overrides.iter().filter_map(|&i| self.overrides.get(i)) {
            o.rules.apply(&mut s);
        }
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(src: &str) -> Result<Config, ConfigError> {
        Config::parse(src, Path::new("/x/seedlint.toml"))
    }

    #[test]
    fn reads_a_full_config() {
        let c = parse(
            "[rules]\nignore = [\"SL502\", \"whitespace\"]\n[rules.severity]\nSL101 = \"error\"\n\
             [boilerplate]\nmin-score = 0.7\nline-phrases = [\"إقرأ المزيد من أخبارنا\"]\n\
             [[overrides]]\npaths = [\"seeds/004*\"]\nignore = [\"SL403\"]\n",
        )
        .unwrap();
        assert_eq!(c.settings.ignore, vec!["SL502", "whitespace"]);
        assert_eq!(c.settings.boilerplate.min_score, 0.7);
        assert_eq!(c.matching_overrides(Path::new("/x/seeds/004_a.txt")), vec![0]);
        assert!(c.settings_with(&[0]).ignore.contains(&"SL403".to_string()));
        let lines = parse("[ignore]\nlines = [\"الأكثر قراءة\"]\n").unwrap();
        assert_eq!(lines.settings.never_flag_lines, vec!["الأكثر قراءة"]);
    }

    #[test]
    fn reads_sites() {
        let c = parse(
            "[site-detection]\npath-pattern = '^crawl/(?P<site>[^/]+)/'\n\
             [sites.hespress]\nhosts = [\"hespress.com\"]\nline-phrases = [\"تابعونا على قناة هسبريس\"]\n\
             never-flag = [\"هسبريس\"]\nmin-score = 0.8\nignore = [\"SL403\"]\n[sites.hespress.severity]\nSL101 = \"error\"\n",
        )
        .unwrap();
        let site = c.configured_site(Some(Path::new("/x/a.jsonl")), Some("https://www.hespress.com/p")).unwrap();
        assert_eq!(site.name, "hespress");
        let s = c.settings_for(&[], Some(site));
        assert_eq!(s.site.as_deref(), Some("hespress"));
        assert_eq!(s.boilerplate.site_line_phrases, vec!["تابعونا على قناة هسبريس"]);
        assert_eq!(s.never_flag_lines, vec!["هسبريس"]);
        assert_eq!(s.boilerplate.min_score, 0.8);
        assert!(s.ignore.contains(&"SL403".to_string()));
        assert_eq!(s.severity.get("SL101"), Some(&Severity::Error));
        assert_eq!(c.site_of(Some(Path::new("/x/crawl/hespress.com/1.txt")), None).as_deref(), Some("hespress"));
        let e = parse("[sites.a]\nmin-score = 3.0\n").unwrap_err();
        assert!(e.to_string().contains("2:13: `sites.a.min-score` must be between 0 and 1"), "{e}");
        let e = parse("[sites.a]\nphrases = []\n").unwrap_err();
        assert!(e.to_string().contains("2:1: unknown field `phrases`"), "{e}");
        let e = parse("[site-detection]\npath-pattern = \"(\"\n").unwrap_err();
        assert!(e.to_string().contains("2:16: `site-detection.path-pattern`: bad regular expression"), "{e}");
    }

    #[test]
    fn errors_name_file_line_and_key() {
        let e = parse("[rules]\nselect = [\"SL101\"]\nfrobnicate = 1\n").unwrap_err();
        assert!(e.to_string().starts_with("/x/seedlint.toml:3:1: unknown field `frobnicate`"), "{e}");
        let e = parse("[rules.severity]\nSL101 = \"loud\"\n").unwrap_err();
        assert!(e.to_string().contains("2:9: `rules.severity.SL101`: unknown severity `loud`"), "{e}");
        let e = parse("[rules]\nignore = [\"SL999\"]\n").unwrap_err();
        assert!(e.to_string().contains("2:11: `rules.ignore`: unknown rule or category `SL999`"), "{e}");
        let e = parse("[corpus]\nparagraph-min-share = 1.5\n").unwrap_err();
        assert!(e.to_string().contains("2:23: `corpus.paragraph-min-share` must be between 0 and 1"), "{e}");
        let c = parse("[corpus]\nparagraph-min-share = 0.25\nmin-share = 0.05\n").unwrap();
        assert_eq!((c.settings.corpus.paragraph_min_share, c.settings.corpus.min_share), (0.25, 0.05));
        let e = parse("[boilerplate]\nmin-score = \"high\"\n").unwrap_err();
        assert!(e.to_string().contains("2:13"), "{e}");
        let e = parse("[ignore]\npatterns = [\"(unclosed\"]\n").unwrap_err();
        assert!(e.to_string().contains("2:13: `ignore.patterns`: bad regular expression"), "{e}");
        let e = parse("[rules\n").unwrap_err();
        assert!(e.to_string().contains("1:"), "{e}");
    }
}
