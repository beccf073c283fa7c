//! Everything rules share about one document, computed once per check.

use crate::corpus::CorpusIndex;
use crate::dates::{find_dates, DateMatch};
use crate::document::{build_lines, Line};
use crate::entities::{Entities, Mention};
use crate::finding::{Category, Finding};
use crate::phrases::{PhraseMatch, PhraseSet};
use crate::settings::Settings;

pub struct Context<'a> {
    pub text: &'a str,
    pub lines: Vec<Line<'a>>,
    pub settings: &'a Settings,
    pub phrases: &'a PhraseSet,
    /// Phrase match of each line, if any.
    pub phrase_matches: Vec<Option<PhraseMatch>>,
    /// First and last line (0-based) of the article body: lines that read like
    /// prose paragraphs. Boilerplate clusters before and after it.
    pub body: Option<(usize, usize)>,
    /// Dates found in each line (on its folded text).
    pub dates: Vec<Vec<DateMatch>>,
    /// Categories of earlier whole-line findings, per line, as bits.
    claims: Vec<u8>,
    /// The corpus this text belongs to, if the adapter has one.
    pub corpus: Option<Corpus<'a>>,
    /// The knowledge base, when an entity rule runs.
    pub entities: Option<&'a Entities>,
    /// Its mentions in this text, in order (empty without `entities`).
    pub mentions: Vec<Mention>,
}

/// A corpus index and this text's id in it (if it is one of its documents).
#[derive(Clone, Copy)]
pub struct Corpus<'a> {
    pub index: &'a CorpusIndex,
    pub document: Option<u32>,
}

/// Characters that end or split sentences, Arabic and Latin.
pub fn is_sentence_punctuation(c: char) -> bool {
    matches!(c, '.' | '!' | '?' | '؟' | '،' | ',' | '؛' | ';' | ':' | '…')
}

/// A line reads like a prose paragraph: long enough, and punctuated inside
/// (a comma) or at its end. Headlines are long too, but they use `..` as a
/// separator and end without punctuation; teaser items carry bullets.
pub fn is_prose(line: &Line<'_>) -> bool {
    if line.words < 12 || is_bulleted(line.text) {
        return false;
    }
    let t = line.trimmed().trim_end_matches(['"', '\'', '”', '“', '»', '«', ')']);
    let ends = (t.ends_with('.') && !t.ends_with("..")) || t.ends_with(['!', '?', '؟', ':', '؛', '…']);
    ends || line.text.contains(['،', ',', '؛', ';'])
}

const BULLETS: &[char] = &['•', '·', '▪', '◦', '●', '○', '■', '□', '►', '▶', '➤', '✓', '✔', '♦', '◆'];

/// The line starts with a list bullet (after indentation).
pub fn is_bulleted(text: &str) -> bool {
    let t = text.trim_start_matches(|c: char| c.is_whitespace());
    let mut chars = t.chars();
    match chars.next() {
        Some(c) if BULLETS.contains(&c) => true,
        Some('-' | '*' | '–' | '—') => chars.next().is_some_and(char::is_whitespace),
        _ => false,
    }
}

impl<'a> Context<'a> {
    pub fn new(
        text: &'a str,
        settings: &'a Settings,
        phrases: &'a PhraseSet,
        corpus: Option<Corpus<'a>>,
        entities: Option<&'a Entities>,
    ) -> Context<'a> {
        let lines = build_lines(text);
        let phrase_matches: Vec<Option<PhraseMatch>> =
            lines.iter().map(|l| phrases.match_line(&l.key, l.words)).collect();
        let is_body = |(l, m): &(&Line<'_>, &Option<PhraseMatch>)| is_prose(l) && m.is_none();
        let first = lines.iter().zip(&phrase_matches).position(|p| is_body(&p));
        let last = lines.iter().zip(&phrase_matches).rposition(|p| is_body(&p));
        let body = first.zip(last);
        let dates =
            lines
                .iter()
                .map(|l| {
                    if l.norm.text.bytes().any(|b| b.is_ascii_digit()) {
                        find_dates(&l.norm.text)
                    } else {
                        Vec::new()
                    }
                })
                .collect();
        let claims = vec![0; lines.len()];
        let mentions = entities.map(|e| e.matcher.find(text, &lines)).unwrap_or_default();
        Context { text, lines, settings, phrases, phrase_matches, body, dates, claims, corpus, entities, mentions }
    }

    pub fn line(&self, index: usize) -> Option<&Line<'a>> {
        self.lines.get(index)
    }

    /// Dates found on a line (none for a line that does not exist).
    pub fn dates_of(&self, line: usize) -> &[DateMatch] {
        self.dates.get(line).map(Vec::as_slice).unwrap_or_default()
    }

    pub fn phrase_match(&self, line: usize) -> Option<&PhraseMatch> {
        self.phrase_matches.get(line).and_then(Option::as_ref)
    }

    /// Whether an earlier rule reported this whole line in one of `categories`.
    pub fn is_claimed(&self, line: usize, categories: &[Category]) -> bool {
        let bits = self.claims.get(line).copied().unwrap_or(0);
        categories.iter().any(|c| bits & c.bit() != 0)
    }

    pub fn is_claimed_any(&self, line: usize) -> bool {
        self.claims.get(line).copied().unwrap_or(0) != 0
    }

    /// Record the lines that `findings` cover whole, so later rules can see them.
    pub fn record(&mut self, findings: &[Finding]) {
        for f in findings {
            let first = self.lines.partition_point(|l| l.eol_end <= f.range.start);
            for line in self.lines.iter().skip(first) {
                if line.start >= f.range.end.max(f.range.start + 1) {
                    break;
                }
                let t = line.trimmed_range();
                if !t.is_empty() && f.range.start <= t.start && f.range.end >= t.end {
                    if let Some(bits) = self.claims.get_mut(line.index) {
                        *bits |= f.category.bit();
                    }
                }
            }
        }
    }

    /// Whether a line is already reported whole as furniture (boilerplate, metadata or a
    /// duplicate): its fix removes it, so smaller findings on it are noise.
    pub fn is_furniture(&self, line: usize) -> bool {
        self.is_claimed(line, &[Category::Boilerplate, Category::Metadata, Category::Duplicate])
    }

    /// The nearest non-blank line before and after `line`.
    pub fn neighbours(&self, line: usize) -> (Option<&Line<'a>>, Option<&Line<'a>>) {
        let before = self.lines.get(..line).unwrap_or_default().iter().rev().find(|l| !l.is_blank());
        let after = self.lines.get(line + 1..).and_then(|rest| rest.iter().find(|l| !l.is_blank()));
        (before, after)
    }
}
