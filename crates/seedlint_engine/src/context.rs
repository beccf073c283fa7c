//! Everything rules share about one document, computed once per check.

use crate::corpus::CorpusIndex;
use crate::dates::{find_dates, DateMatch};
use crate::document::{split_lines, Line};
use crate::entities::{Entities, Mention};
use crate::finding::{Category, Finding};
use crate::memo::{LineFacts, LineMemo};
use crate::normalize::Normalized;
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
    /// Each line's slot in the check's memo (empty without one).
    memo_slots: Vec<usize>,
}

impl LineFacts {
    /// A line's own facts. `base` is where `content` starts in `text` (the offsets
    /// of the normalization and mentions point into `text`); `line` its index.
    fn compute(
        content: &str,
        base: usize,
        text: &str,
        phrases: &PhraseSet,
        entities: Option<&Entities>,
        line: usize,
    ) -> LineFacts {
        let (norm, key) = Normalized::keep_punctuation_and_key(content, base);
        let words = if key.is_empty() { 0 } else { key.split(' ').count() };
        let phrase = phrases.match_line(&key, words);
        // Every date pattern needs digits.
        let dates = if norm.text.bytes().any(|b| b.is_ascii_digit()) { find_dates(&norm.text) } else { Vec::new() };
        let mentions = entities.map(|e| LineFacts::mentions_of(&norm, &key, line, text, e));
        LineFacts { norm, key, words, phrase, dates, mentions }
    }

    fn mentions_of(norm: &Normalized, key: &str, line: usize, text: &str, entities: &Entities) -> Vec<Mention> {
        let mut out = Vec::new();
        if !key.is_empty() {
            entities.matcher.find_in_line(norm, line, text, &mut out);
        }
        out
    }
}

/// A corpus index and this text's id in it (if it is one of its documents).
#[derive(Clone, Copy)]
pub struct Corpus<'a> {
    pub index: &'a CorpusIndex,
    pub document: Option<u32>,
}

/// A line reads like a prose paragraph: long enough, and punctuated inside
/// (a comma) or at its end. Headlines are long too, but they use `..` as a
/// separator and end without punctuation; teaser items carry bullets.
pub fn is_prose(line: &Line<'_>) -> bool {
    // Chinese and Japanese write no spaces: there, two characters count as a word.
    let cjk = line.text.chars().filter(|&c| crate::normalize::is_cjk(c)).count();
    if line.words + cjk / 2 < 12 || is_bulleted(line.text) {
        return false;
    }
    let t = line.trimmed().trim_end_matches(['"', '\'', '”', '“', '»', '«', ')', '」']);
    let ends =
        (t.ends_with('.') && !t.ends_with("..")) || t.ends_with(['!', '?', '؟', ':', '؛', '…', '。', '！', '？']);
    ends || line.text.contains(['،', ',', '؛', ';', '，', '、'])
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

/// The line starts with a list number (`1-`, `2.`, `3)`, `١-`).
pub fn starts_with_list_number(text: &str) -> bool {
    let t = text.trim_start();
    let digits = t.chars().take_while(|c| c.is_numeric()).count();
    if digits == 0 || digits > 3 {
        return false;
    }
    let mut rest = t.chars().skip(digits);
    match rest.next() {
        Some('-' | '.' | ')' | '–' | '/') => rest.next().is_some_and(|c| !c.is_numeric()),
        Some(' ') => rest.next().is_some_and(|c| matches!(c, '-' | '–')),
        _ => false,
    }
}

/// The line is marked as an item of a list: a bullet, a list number, or a dash
/// glued to its first word (`-الذاكرة : 4GB`).
pub fn is_list_marked(text: &str) -> bool {
    let t = text.trim_start();
    is_bulleted(t)
        || starts_with_list_number(t)
        || (t.starts_with(['-', '–']) && t.chars().nth(1).is_some_and(char::is_alphabetic))
}

impl<'a> Context<'a> {
    /// A list item of the text: marked as one, next to another marked line. Lists
    /// repeat their items legitimately (ranked votes, two phones' specifications).
    pub fn is_list_item(&self, line: usize) -> bool {
        let Some(l) = self.line(line) else { return false };
        if !is_list_marked(l.text) {
            return false;
        }
        let (before, after) = self.neighbours(line);
        before.is_some_and(|b| is_list_marked(b.text)) || after.is_some_and(|a| is_list_marked(a.text))
    }

    pub fn new(
        text: &'a str,
        settings: &'a Settings,
        phrases: &'a PhraseSet,
        corpus: Option<Corpus<'a>>,
        entities: Option<&'a Entities>,
    ) -> Context<'a> {
        Context::build(text, settings, phrases, corpus, entities, None)
    }

    /// Like `new`, reusing (and filling) the per-line work remembered in `memo`.
    pub(crate) fn build(
        text: &'a str,
        settings: &'a Settings,
        phrases: &'a PhraseSet,
        corpus: Option<Corpus<'a>>,
        entities: Option<&'a Entities>,
        mut memo: Option<&mut LineMemo>,
    ) -> Context<'a> {
        let spans = split_lines(text);
        let mut lines = Vec::with_capacity(spans.len());
        let mut phrase_matches = Vec::with_capacity(spans.len());
        let mut dates = Vec::with_capacity(spans.len());
        let mut mentions = Vec::new();
        let mut memo_slots = Vec::new();
        for (index, (start, end, eol_end, ending)) in spans.into_iter().enumerate() {
            let content = text.get(start..end).unwrap_or_default();
            let line = |norm, key, words| Line { index, start, end, eol_end, ending, text: content, norm, key, words };
            let Some(memo) = memo.as_deref_mut() else {
                let facts = LineFacts::compute(content, start, text, phrases, entities, index);
                lines.push(line(facts.norm, facts.key, facts.words));
                phrase_matches.push(facts.phrase);
                dates.push(facts.dates);
                mentions.extend(facts.mentions.unwrap_or_default());
                continue;
            };
            let slot = memo.slot(content, || LineFacts::compute(content, 0, content, phrases, None, 0));
            memo_slots.push(slot);
            let Some(facts) = memo.facts_mut(slot) else { continue };
            if let (Some(entities), None) = (entities, &facts.mentions) {
                facts.mentions = Some(LineFacts::mentions_of(&facts.norm, &facts.key, 0, content, entities));
            }
            lines.push(line(facts.norm.rebased(start), facts.key.clone(), facts.words));
            phrase_matches.push(facts.phrase.clone());
            dates.push(facts.dates.clone());
            if entities.is_some() {
                mentions.extend(facts.mentions.iter().flatten().map(|m| Mention {
                    range: m.range.start + start..m.range.end + start,
                    name_range: m.name_range.start + start..m.name_range.end + start,
                    line: index,
                    ..m.clone()
                }));
            }
        }
        let is_body = |(l, m): &(&Line<'_>, &Option<PhraseMatch>)| is_prose(l) && m.is_none();
        let first = lines.iter().zip(&phrase_matches).position(|p| is_body(&p));
        let last = lines.iter().zip(&phrase_matches).rposition(|p| is_body(&p));
        let body = first.zip(last);
        let claims = vec![0; lines.len()];
        Context {
            text,
            lines,
            settings,
            phrases,
            phrase_matches,
            body,
            dates,
            claims,
            corpus,
            entities,
            mentions,
            memo_slots,
        }
    }

    /// The entity mentions on one line (mentions are in line order).
    pub fn mentions_on(&self, line: usize) -> &[Mention] {
        let from = self.mentions.partition_point(|m| m.line < line);
        let to = self.mentions.partition_point(|m| m.line <= line);
        self.mentions.get(from..to).unwrap_or_default()
    }

    /// The memo slot of each line, when the check uses a memo.
    pub(crate) fn memo_slot(&self, line: usize) -> Option<usize> {
        self.memo_slots.get(line).copied()
    }

    /// Categories of earlier whole-line findings on a line, as bits.
    pub(crate) fn claim_bits(&self, line: usize) -> u8 {
        self.claims.get(line).copied().unwrap_or(0)
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_and_japanese_sentences_are_prose() {
        let text = "东京都二十日宣布，新确认了一批新型冠状病毒感染者，并呼吁市民减少外出。\n首页\n";
        let lines = crate::document::build_lines(text);
        assert!(is_prose(&lines[0]));
        assert!(!is_prose(&lines[1]));
    }
}
