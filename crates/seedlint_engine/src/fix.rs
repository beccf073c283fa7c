//! Applying fixes. Fixes never overlap when applied: a fix that would touch
//! text another chosen fix already touches waits for the next pass, and the
//! document is re-checked between passes (as ruff does), so every edit is made
//! against findings computed on the text it edits.

use crate::finding::{Applicability, Edit, Finding};
use crate::Engine;
use std::collections::BTreeMap;

/// Pick non-conflicting fixes from `findings` (in order) and return their edits, sorted.
pub fn select_edits<'f>(
    findings: impl IntoIterator<Item = &'f Finding>,
    include_unsafe: bool,
) -> (Vec<Edit>, Vec<&'f Finding>) {
    let mut chosen: Vec<Edit> = Vec::new();
    let mut applied = Vec::new();
    for f in findings {
        let Some(fix) = &f.fix else { continue };
        if fix.applicability == Applicability::Unsafe && !include_unsafe {
            continue;
        }
        let conflicts = fix.edits.iter().any(|e| {
            chosen.iter().any(|c| {
                let overlap = e.range.start < c.range.end && c.range.start < e.range.end;
                let same_point = e.range.start == c.range.start && (e.range.is_empty() || c.range.is_empty());
                overlap || same_point
            })
        });
        if conflicts {
            continue;
        }
        chosen.extend(fix.edits.iter().cloned());
        applied.push(f);
    }
    chosen.sort_by_key(|e| (e.range.start, e.range.end));
    (chosen, applied)
}

/// Apply sorted, non-overlapping edits. Edits that are out of bounds or not on
/// character boundaries are skipped rather than allowed to corrupt the text.
pub fn apply_edits(text: &str, edits: &[Edit]) -> String {
    let mut out = String::with_capacity(text.len());
    let mut last = 0;
    for e in edits {
        let (s, t) = (e.range.start, e.range.end);
        if s < last || t < s || t > text.len() || !text.is_char_boundary(s) || !text.is_char_boundary(t) {
            continue;
        }
        out.push_str(text.get(last..s).unwrap_or_default());
        out.push_str(&e.replacement);
        last = t;
    }
    out.push_str(text.get(last..).unwrap_or_default());
    out
}

#[derive(Debug, Clone, PartialEq)]
pub struct FixOutcome {
    pub text: String,
    /// Findings on the input (the first pass's check), so callers need not check again.
    pub initial: Vec<Finding>,
    /// Findings left on `text` (the last pass's check).
    pub remaining: Vec<Finding>,
    /// Fixes applied, per rule code.
    pub applied: BTreeMap<&'static str, usize>,
    pub passes: usize,
}

impl FixOutcome {
    pub fn total(&self) -> usize {
        self.applied.values().sum()
    }
}

/// Apply every available fix until none is left (at most `MAX_PASSES` passes).
pub fn fix_all(engine: &Engine, text: &str, include_unsafe: bool) -> FixOutcome {
    fix_all_in_corpus(engine, text, include_unsafe, None, None)
}

/// [`fix_all`] for a text checked as a document of a corpus.
pub fn fix_all_in_corpus(
    engine: &Engine,
    text: &str,
    include_unsafe: bool,
    corpus: Option<&crate::CorpusIndex>,
    document: Option<&str>,
) -> FixOutcome {
    const MAX_PASSES: usize = 10;
    let mut current = text.to_string();
    let mut applied: BTreeMap<&'static str, usize> = BTreeMap::new();
    let mut passes = 0;
    let mut initial: Option<Vec<Finding>> = None;
    let remaining = loop {
        let findings = engine.check_in_corpus(&current, corpus, document);
        let (edits, used) = select_edits(&findings, include_unsafe);
        if edits.is_empty() || passes == MAX_PASSES {
            break findings;
        }
        for f in used {
            *applied.entry(f.code).or_default() += 1;
        }
        current = apply_edits(&current, &edits);
        passes += 1;
        initial.get_or_insert(findings);
    };
    // No pass changed anything: the input's findings are the remaining ones.
    let initial = initial.unwrap_or_else(|| remaining.clone());
    FixOutcome { text: current, initial, remaining, applied, passes }
}
