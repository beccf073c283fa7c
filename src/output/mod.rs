//! Output formats. Every format is built from [`Located`] findings: the engine's
//! byte ranges converted once to 1-based lines and columns (Unicode scalar values).

pub mod github;
pub mod human;
pub mod json;
pub mod sarif;

use seedlint_engine::{Applicability, Detail, Finding, LineIndex};
use serde::Serialize;
use std::ops::Range;

/// Whether `c` could drive a terminal (C0 controls, DEL, C1 controls: ESC starts
/// screen clears, title and clipboard writes). Tabs are harmless and kept.
fn is_terminal_control(c: char) -> bool {
    (c.is_control() && c != '\t') || ('\u{80}'..='\u{9f}').contains(&c)
}

fn push_escaped(out: &mut String, c: char) {
    if (c as u32) < 0x80 {
        out.push_str(&format!("\\x{:02x}", c as u32));
    } else {
        out.push_str(&format!("\\u{{{:x}}}", c as u32));
    }
}

/// `s` with terminal controls written as escapes (`\x1b`, `\u{9b}`), for text
/// from scraped pages and file names that is shown on a terminal; line breaks too.
pub fn escape_controls(s: &str) -> std::borrow::Cow<'_, str> {
    if !s.chars().any(is_terminal_control) {
        return std::borrow::Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        if is_terminal_control(c) {
            push_escaped(&mut out, c);
        } else {
            out.push(c);
        }
    }
    std::borrow::Cow::Owned(out)
}

/// Source lines with terminal controls escaped as in [`escape_controls`], except
/// the line breaks between lines (LF, CRLF), and `span` moved to the same text.
pub fn escape_source(s: &str, span: &Range<usize>) -> (String, Range<usize>) {
    let mut out = String::with_capacity(s.len());
    let (mut start, mut end) = (None, None);
    let mut chars = s.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if i >= span.start && start.is_none() {
            start = Some(out.len());
        }
        if i >= span.end && end.is_none() {
            end = Some(out.len());
        }
        let line_break = c == '\n' || (c == '\r' && chars.peek().is_some_and(|(_, n)| *n == '\n'));
        if is_terminal_control(c) && !line_break {
            push_escaped(&mut out, c);
        } else {
            out.push(c);
        }
    }
    let start = start.unwrap_or(out.len());
    let end = end.unwrap_or(out.len()).max(start);
    (out, start..end)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Human,
    Json,
    Sarif,
    Github,
}

/// 1-based line/column span; `end_column` is exclusive (the column just past the last character).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Span {
    pub line: usize,
    pub column: usize,
    pub end_line: usize,
    pub end_column: usize,
}

impl Span {
    pub fn of(index: &LineIndex, text: &str, range: &Range<usize>) -> Span {
        let s = index.position(text, range.start);
        let e = index.position(text, range.end);
        Span { line: s.line + 1, column: s.char_column + 1, end_line: e.line + 1, end_column: e.char_column + 1 }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct LocatedRelated {
    pub path: String,
    #[serde(flatten)]
    pub span: Span,
    pub message: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct LocatedEdit {
    #[serde(flatten)]
    pub span: Span,
    pub content: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct LocatedFix {
    pub description: String,
    pub applicability: Applicability,
    pub edits: Vec<LocatedEdit>,
}

/// Which document of a corpus file (JSONL) a finding is in.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct DocumentRef {
    pub id: String,
    /// 1-based line of the corpus file holding the record.
    pub record: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
}

/// A finding as every output format sees it.
#[derive(Debug, Clone, Serialize)]
pub struct Located {
    pub path: String,
    /// For corpus files: the document; `line` and `column` are then inside its text.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub document: Option<DocumentRef>,
    #[serde(flatten)]
    pub span: Span,
    pub code: &'static str,
    pub rule: &'static str,
    pub category: &'static str,
    pub severity: &'static str,
    pub message: String,
    pub related: Vec<LocatedRelated>,
    pub fix: Option<LocatedFix>,
    /// Rule-specific facts (score signals, parsed dates).
    pub detail: Option<Detail>,
    /// Byte range in the file, for tools that prefer offsets.
    pub byte_range: [usize; 2],
    #[serde(skip)]
    pub source_line: String,
    #[serde(skip)]
    pub source_span: Range<usize>,
}

pub fn locate(path: &str, text: &str, index: &LineIndex, f: &Finding) -> Located {
    let span = Span::of(index, text, &f.range);
    // The human renderer shows the lines the finding touches.
    let first = index.line_start(span.line - 1).unwrap_or(0);
    let last = index.line_end(span.end_line - 1).unwrap_or(text.len()).max(f.range.end.min(text.len()));
    let source_line = text.get(first..last).unwrap_or_default().to_string();
    let source_span = f.range.start.saturating_sub(first)..f.range.end.saturating_sub(first).min(source_line.len());
    Located {
        path: path.to_string(),
        document: None,
        span,
        code: f.code,
        rule: f.rule,
        category: f.category.as_str(),
        severity: f.severity.as_str(),
        message: f.message.clone(),
        related: f
            .related
            .iter()
            .map(|r| match &r.elsewhere {
                Some(ext) => LocatedRelated {
                    path: ext.document.clone(),
                    span: Span {
                        line: ext.line as usize + 1,
                        column: 1,
                        end_line: ext.line as usize + 2,
                        end_column: 1,
                    },
                    message: r.message.clone(),
                },
                None => LocatedRelated {
                    path: path.to_string(),
                    span: Span::of(index, text, &r.range),
                    message: r.message.clone(),
                },
            })
            .collect(),
        fix: f.fix.as_ref().map(|fix| LocatedFix {
            description: fix.description.clone(),
            applicability: fix.applicability,
            edits: fix
                .edits
                .iter()
                .map(|e| LocatedEdit { span: Span::of(index, text, &e.range), content: e.replacement.clone() })
                .collect(),
        }),
        detail: f.detail.clone(),
        byte_range: [f.range.start, f.range.end],
        source_line,
        source_span,
    }
}
