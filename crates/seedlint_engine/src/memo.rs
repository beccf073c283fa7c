//! What the engine remembers about lines between checks of one changing text.
//!
//! An editor re-checks a document on every keystroke, and a keystroke changes one
//! line. A [`LineMemo`] keeps, for each distinct line text, the work that depends on
//! that text alone: its normalization, key, phrase match, dates and entity mentions,
//! and the findings of the rules that look at one line at a time
//! ([`Rule::line_local`](crate::rule::Rule::line_local)). The next check reuses them
//! for every unchanged line, wherever it has moved, and only the rules that read the
//! whole document run in full. The findings are the same as without the memo (a
//! test checks this after random edits); only the time differs.
//!
//! A memo belongs to one engine: checked with another, it starts over.

use crate::dates::DateMatch;
use crate::document::LineEnding;
use crate::entities::Mention;
use crate::finding::Finding;
use crate::normalize::Normalized;
use crate::phrases::PhraseMatch;
use rustc_hash::FxHashMap;

/// What one line's text determines on its own, computed at offset 0.
pub(crate) struct LineFacts {
    pub norm: Normalized,
    pub key: String,
    pub words: usize,
    pub phrase: Option<PhraseMatch>,
    pub dates: Vec<DateMatch>,
    /// Computed when a check first needs mentions.
    pub mentions: Option<Vec<Mention>>,
}

/// A line-local rule's findings on a line, relative to the line's start, for the
/// claims that earlier rules had made on it and the line's terminator.
struct RuleFindings {
    rule: usize,
    claims: u8,
    ending: LineEnding,
    findings: Vec<Finding>,
}

struct Entry {
    /// The last check that used this line.
    used: u64,
    facts: LineFacts,
    rules: Vec<RuleFindings>,
}

/// Per-line results of earlier checks of a document. See the module documentation.
#[derive(Default)]
pub struct LineMemo {
    /// The engine whose settings produced the entries.
    engine: u64,
    /// Checks run with this memo so far.
    check: u64,
    slots: FxHashMap<Box<str>, usize>,
    entries: Vec<Entry>,
}

impl LineMemo {
    pub fn new() -> LineMemo {
        LineMemo::default()
    }

    /// Distinct line texts remembered.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Start a check by `engine`: entries of another engine are dropped, and lines
    /// that no check has used since the previous one are forgotten once they
    /// outnumber the live ones (so it holds about one entry per line of the current
    /// text: several times the text's size, mostly its normalization's offset map).
    pub(crate) fn begin(&mut self, engine: u64) {
        if self.engine != engine {
            *self = LineMemo { engine, ..LineMemo::default() };
        }
        let live = self.entries.iter().filter(|e| e.used == self.check).count();
        if self.entries.len() > 2 * live + 256 {
            let current = self.check;
            let mut entries: Vec<Option<Entry>> = std::mem::take(&mut self.entries).into_iter().map(Some).collect();
            let old = std::mem::take(&mut self.slots);
            for (text, slot) in old {
                let Some(entry) = entries.get_mut(slot).and_then(Option::take) else { continue };
                if entry.used == current {
                    self.slots.insert(text, self.entries.len());
                    self.entries.push(entry);
                }
            }
        }
        self.check += 1;
    }

    /// The slot of `text`'s facts, computed by `compute` if the line is new.
    pub(crate) fn slot(&mut self, text: &str, compute: impl FnOnce() -> LineFacts) -> usize {
        let slot = match self.slots.get(text) {
            Some(&slot) => slot,
            None => {
                let slot = self.entries.len();
                self.entries.push(Entry { used: 0, facts: compute(), rules: Vec::new() });
                self.slots.insert(text.into(), slot);
                slot
            }
        };
        if let Some(entry) = self.entries.get_mut(slot) {
            entry.used = self.check;
        }
        slot
    }

    pub(crate) fn facts_mut(&mut self, slot: usize) -> Option<&mut LineFacts> {
        self.entries.get_mut(slot).map(|e| &mut e.facts)
    }

    /// A line-local rule's remembered findings (relative to the line start).
    pub(crate) fn findings(&self, slot: usize, rule: usize, claims: u8, ending: LineEnding) -> Option<&[Finding]> {
        self.entries
            .get(slot)?
            .rules
            .iter()
            .find(|r| r.rule == rule && r.claims == claims && r.ending == ending)
            .map(|r| r.findings.as_slice())
    }

    pub(crate) fn remember(
        &mut self,
        slot: usize,
        rule: usize,
        claims: u8,
        ending: LineEnding,
        findings: Vec<Finding>,
    ) {
        if let Some(entry) = self.entries.get_mut(slot) {
            entry.rules.push(RuleFindings { rule, claims, ending, findings });
        }
    }
}
