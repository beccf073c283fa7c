//! What a rule reports. Ranges are byte offsets into the text the engine was given;
//! adapters (CLI, LSP) convert them to their own coordinates.

use serde::Serialize;
use std::fmt;
use std::ops::Range;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Hint,
    Info,
    Warning,
    Error,
}

impl Severity {
    pub const ALL: [Severity; 4] = [Severity::Error, Severity::Warning, Severity::Info, Severity::Hint];

    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Hint => "hint",
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }

    pub fn parse(s: &str) -> Option<Severity> {
        Severity::ALL.into_iter().find(|sev| sev.as_str() == s)
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Category {
    Boilerplate,
    Metadata,
    Duplicate,
    Residue,
    Whitespace,
    Encoding,
    Entity,
}

impl Category {
    pub const ALL: [Category; 7] = [
        Category::Boilerplate,
        Category::Metadata,
        Category::Duplicate,
        Category::Residue,
        Category::Whitespace,
        Category::Encoding,
        Category::Entity,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Category::Boilerplate => "boilerplate",
            Category::Metadata => "metadata",
            Category::Duplicate => "duplicate",
            Category::Residue => "residue",
            Category::Whitespace => "whitespace",
            Category::Encoding => "encoding",
            Category::Entity => "entity",
        }
    }

    pub fn parse(s: &str) -> Option<Category> {
        Category::ALL.into_iter().find(|c| c.as_str() == s)
    }

    pub(crate) fn bit(self) -> u8 {
        1 << (self as u8)
    }
}

impl fmt::Display for Category {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Whether a fix may be applied without a person looking at it.
/// Mirrors ruff: `--fix` applies safe fixes, `--unsafe-fixes` also the others.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Applicability {
    Safe,
    Unsafe,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Edit {
    pub range: Range<usize>,
    pub replacement: String,
}

impl Edit {
    pub fn delete(range: Range<usize>) -> Edit {
        Edit { range, replacement: String::new() }
    }
    pub fn replace(range: Range<usize>, replacement: impl Into<String>) -> Edit {
        Edit { range, replacement: replacement.into() }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Fix {
    /// Imperative, e.g. "Remove the line".
    pub description: String,
    pub applicability: Applicability,
    pub edits: Vec<Edit>,
}

impl Fix {
    pub fn safe(description: impl Into<String>, edits: Vec<Edit>) -> Fix {
        Fix { description: description.into(), applicability: Applicability::Safe, edits }
    }
    pub fn suggestion(description: impl Into<String>, edits: Vec<Edit>) -> Fix {
        Fix { description: description.into(), applicability: Applicability::Unsafe, edits }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Related {
    /// Range in this text; empty when the place is in another document.
    pub range: Range<usize>,
    pub message: String,
    /// A line of another document (from a corpus index), instead of `range`.
    pub elsewhere: Option<ExternalLine>,
}

/// A whole line of another document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ExternalLine {
    pub document: String,
    /// 0-based.
    pub line: u32,
}

/// One signal that contributed to a score, for "why was this flagged" hovers.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Signal {
    pub name: String,
    pub weight: f32,
}

/// A calendar date read from the text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DateInfo {
    /// `YYYY-MM-DD`, or `YYYY-MM` when the text gives no day.
    pub iso: String,
    /// The weekday the text names, in English, if it names one.
    pub stated_weekday: Option<String>,
    /// The weekday of the date itself, when the date is complete.
    pub actual_weekday: Option<String>,
    /// `HH:MM` (24 h) when the text gives a time.
    pub time: Option<String>,
}

impl DateInfo {
    pub fn weekday_matches(&self) -> Option<bool> {
        Some(self.stated_weekday.as_ref()? == self.actual_weekday.as_ref()?)
    }
}

/// Rule-specific facts that adapters show (hover, JSON output).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Detail {
    Score {
        score: f32,
        threshold: f32,
        signals: Vec<Signal>,
    },
    Date(DateInfo),
    Similarity {
        similarity: f32,
        threshold: f32,
    },
    /// An entity of the knowledge base (its id, kind and display name).
    Entity {
        id: String,
        entity_kind: String,
        name: String,
    },
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Finding {
    pub code: &'static str,
    pub rule: &'static str,
    pub category: Category,
    pub severity: Severity,
    pub message: String,
    pub range: Range<usize>,
    pub related: Vec<Related>,
    pub fix: Option<Fix>,
    pub detail: Option<Detail>,
}

impl Finding {
    /// The same finding on the same text moved from byte `from` to byte `to` (a line
    /// whose findings are reused at another place in the document).
    pub(crate) fn moved(&self, from: usize, to: usize) -> Finding {
        let shift = |r: &Range<usize>| r.start.saturating_sub(from) + to..r.end.saturating_sub(from) + to;
        let mut f = self.clone();
        f.range = shift(&f.range);
        for r in f.related.iter_mut().filter(|r| r.elsewhere.is_none()) {
            r.range = shift(&r.range);
        }
        if let Some(fix) = f.fix.as_mut() {
            for e in fix.edits.iter_mut() {
                e.range = shift(&e.range);
            }
        }
        f
    }
}
