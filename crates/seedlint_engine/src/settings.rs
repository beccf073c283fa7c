//! Plain settings the engine runs with. Reading them from `seedlint.toml` is the
//! adapters' job (I/O); the engine only sees resolved values.

use crate::finding::{Category, Severity};
use crate::rule::RuleMeta;
use std::collections::HashMap;

/// A rule selector as users write it: a code (`SL101`), a code prefix (`SL1`),
/// a rule name (`boilerplate-phrase`), a category (`boilerplate`) or `ALL`.
pub fn selector_matches(selector: &str, meta: &RuleMeta) -> bool {
    selector == "ALL"
        || selector == meta.name
        || Category::parse(selector) == Some(meta.category)
        || (selector.starts_with("SL") && meta.code.starts_with(selector))
}

/// `[ignore] patterns`, compiled once (per config, not per engine or per check) into
/// one set whose compiled size is bounded: the `regex` crate matches in time linear
/// in the text, but with a factor that grows with the compiled size, and compiling
/// is slow too (a `\w{200}[^x]{300}` takes over 100 ms and 10 MB).
#[derive(Clone, Default)]
pub struct IgnorePatterns {
    patterns: Vec<String>,
    set: Option<std::sync::Arc<regex::RegexSet>>,
}

impl IgnorePatterns {
    /// Largest compiled size of all the patterns together.
    pub const SIZE_LIMIT: usize = 4 * 1024 * 1024;
    /// Largest cache of the lazy DFA that matches them, per thread.
    pub const DFA_SIZE_LIMIT: usize = 2 * 1024 * 1024;

    /// Compile `patterns`. The error names the index of a pattern that is invalid
    /// (`Some`), or says that together they are too large (`None`).
    pub fn compile(patterns: Vec<String>) -> Result<IgnorePatterns, (Option<usize>, String)> {
        if patterns.is_empty() {
            return Ok(IgnorePatterns::default());
        }
        let too_big = || {
            (
                None,
                format!(
                    "the {} patterns together compile to over the {} MB limit: use fewer or simpler ones",
                    patterns.len(),
                    IgnorePatterns::SIZE_LIMIT >> 20
                ),
            )
        };
        let set = regex::RegexSetBuilder::new(&patterns)
            .size_limit(IgnorePatterns::SIZE_LIMIT)
            .dfa_size_limit(IgnorePatterns::DFA_SIZE_LIMIT)
            .build()
            .map_err(|set_error| {
                // Which pattern is bad: with a size limit of one byte, each is only parsed
                // (a valid one fails as too big at once), so a bad config costs little too.
                let bad = patterns.iter().enumerate().find_map(|(i, p)| {
                    match regex::RegexBuilder::new(p).size_limit(1).build() {
                        Err(regex::Error::CompiledTooBig(_)) | Ok(_) => None,
                        Err(e) => Some((Some(i), e)),
                    }
                });
                let syntax = |e: regex::Error| {
                    format!("bad regular expression: {}", e.to_string().lines().last().unwrap_or_default().trim())
                };
                match (bad, set_error) {
                    (Some((at, e)), _) => (at, syntax(e)),
                    (None, e @ regex::Error::Syntax(_)) => (None, syntax(e)),
                    _ => too_big(),
                }
            })?;
        Ok(IgnorePatterns { patterns, set: Some(std::sync::Arc::new(set)) })
    }

    pub fn patterns(&self) -> &[String] {
        &self.patterns
    }

    pub fn is_empty(&self) -> bool {
        self.set.is_none()
    }

    pub fn is_match(&self, line: &str) -> bool {
        self.set.as_ref().is_some_and(|s| s.is_match(line))
    }
}

impl PartialEq for IgnorePatterns {
    fn eq(&self, other: &Self) -> bool {
        self.patterns == other.patterns
    }
}

impl std::fmt::Debug for IgnorePatterns {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list().entries(&self.patterns).finish()
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Settings {
    /// Selectors of rules to run. Empty means all.
    pub select: Vec<String>,
    /// Selectors of rules not to run; wins over `select`.
    pub ignore: Vec<String>,
    /// Severity per selector; the most specific selector (a code) wins.
    pub severity: HashMap<String, Severity>,
    pub boilerplate: BoilerplateSettings,
    pub duplicates: DuplicateSettings,
    pub corpus: CorpusSettings,
    /// Regular expressions: a finding on a line matching one of them is never reported
    /// (text that must never be flagged, like a paper's own recurring slogan).
    pub ignore_patterns: IgnorePatterns,
    /// The site the text comes from (from its URL, directory or a configured pattern),
    /// when site-specific settings were applied; named in messages.
    pub site: Option<String>,
    /// Lines never flagged by any rule, compared after normalization (the site's
    /// "this is article text" list).
    pub never_flag_lines: Vec<String>,
    /// Knowledge-base entries from the user's files, applied over the built-in ones.
    pub knowledge_base: Vec<crate::entities::kb::EntityPatch>,
    /// The line classifier's model (`[classifier] model`); `None`: the built-in one.
    pub line_model: Option<std::sync::Arc<crate::classifier::LineModel>>,
}

/// How lines repeated across a corpus (see `corpus::CorpusIndex`) are judged.
#[derive(Debug, Clone, PartialEq)]
pub struct CorpusSettings {
    /// A short line in at least this many other documents is learned boilerplate…
    pub min_documents: u32,
    /// …and in at least this share of the corpus.
    pub min_share: f32,
    /// Lines with more words than this are paragraphs: repeated in a few
    /// documents, they are cross-document duplicates (a reused background
    /// paragraph), not boilerplate…
    pub max_boilerplate_words: usize,
    /// …unless they are in at least this share of the corpus (and in at least
    /// twice `min_documents` other documents): a site's widget sentence recurs
    /// on a large part of its pages, a reused paragraph on a few.
    pub paragraph_min_share: f32,
}

#[derive(Debug, Clone, PartialEq)]
pub struct BoilerplateSettings {
    /// Lines scoring at least this are reported.
    pub min_score: f32,
    /// Extra phrases that are boilerplate when they are the whole line.
    pub line_phrases: Vec<String>,
    /// Extra phrases that make any line containing them boilerplate.
    pub contains_phrases: Vec<String>,
    /// Whole lines that are boilerplate on this text's site (`Settings::site`).
    pub site_line_phrases: Vec<String>,
    /// Phrases that make a line boilerplate on this text's site.
    pub site_contains_phrases: Vec<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct DuplicateSettings {
    /// Lines whose key is shorter than this many characters are never duplicates.
    pub min_chars: usize,
    /// Jaccard similarity of word 3-shingles at or above which two paragraphs are near-duplicates.
    pub near_threshold: f32,
    /// Paragraphs with fewer words are not compared for near-duplication.
    pub near_min_words: usize,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            select: Vec::new(),
            ignore: Vec::new(),
            severity: HashMap::new(),
            boilerplate: BoilerplateSettings {
                min_score: 0.6,
                line_phrases: Vec::new(),
                contains_phrases: Vec::new(),
                site_line_phrases: Vec::new(),
                site_contains_phrases: Vec::new(),
            },
            duplicates: DuplicateSettings { min_chars: 10, near_threshold: 0.7, near_min_words: 8 },
            corpus: CorpusSettings {
                min_documents: 3,
                min_share: 0.02,
                max_boilerplate_words: 12,
                paragraph_min_share: 0.1,
            },
            ignore_patterns: IgnorePatterns::default(),
            site: None,
            never_flag_lines: Vec::new(),
            knowledge_base: Vec::new(),
            line_model: None,
        }
    }
}

impl Settings {
    pub fn is_enabled(&self, meta: &RuleMeta) -> bool {
        let selected = if self.select.is_empty() {
            !crate::rules::OPT_IN.contains(&meta.code)
        } else {
            self.select.iter().any(|s| selector_matches(s, meta))
        };
        selected && !self.ignore.iter().any(|s| selector_matches(s, meta))
    }

    pub fn severity_of(&self, meta: &RuleMeta) -> Severity {
        // Most specific first: code, name, code prefix (longest), category, ALL. A
        // severity set on both the code and the name is settled by the code, whatever
        // order the table holds them in.
        let specificity = |sel: &str| -> usize {
            if sel == meta.code {
                101
            } else if sel == meta.name {
                100
            } else if sel.starts_with("SL") {
                sel.len()
            } else if Category::parse(sel).is_some() {
                1
            } else {
                0
            }
        };
        self.severity
            .iter()
            .filter(|(sel, _)| selector_matches(sel, meta))
            .max_by_key(|(sel, _)| specificity(sel))
            .map(|(_, sev)| *sev)
            .unwrap_or(meta.default_severity)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_severity_on_the_code_wins_over_one_on_the_name() {
        let meta = crate::rules::ALL.first().map(|r| r.meta()).expect("rules");
        // Each HashMap iterates in its own random order: many of them would catch an
        // outcome left to that order.
        for _ in 0..64 {
            let mut settings = Settings::default();
            settings.severity.insert(meta.name.to_string(), Severity::Hint);
            settings.severity.insert(meta.code.to_string(), Severity::Error);
            settings.severity.insert("ALL".to_string(), Severity::Info);
            assert_eq!(settings.severity_of(meta), Severity::Error);
        }
    }
}
