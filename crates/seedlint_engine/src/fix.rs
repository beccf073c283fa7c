//! Applying fixes. Fixes never overlap when applied: a fix that would touch
//! text another chosen fix already touches waits for the next pass, and the
//! document is re-checked between passes (as ruff does), so every edit is made
//! against findings computed on the text it edits.

use crate::finding::{Applicability, Edit, Finding};
use crate::Engine;
use std::collections::BTreeMap;
use std::ops::Range;

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

/// One change a fix-all made, for an audit trail: where it was in the input, where
/// its replacement is in the result (UTF-8 byte offsets both), and the finding
/// that decided it. A later fix that rewrote an earlier one's result (a line
/// whose spaces were fixed, then removed whole) absorbs it, so changes never
/// overlap and each names the rule that had the last word.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    pub original: Range<usize>,
    pub result: Range<usize>,
    pub code: &'static str,
    pub rule: &'static str,
    pub message: String,
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
    /// Every change from the input to `text`, in order.
    pub changes: Vec<Change>,
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
///
/// Only what the first check reported is fixed: a later pass exists for fixes
/// that overlapped an applied one, and applies a finding only if it is one the
/// first check reported (same code, same range mapped through the edits made
/// since), or if its fix only removes or changes whitespace (the blank lines a
/// removed line leaves), which never takes article text. A finding with a fix
/// that appears only because of an earlier fix (a teaser list that now follows
/// the article body once a repeated last line is gone) is not applied; instead
/// the fix that exposed it (the nearest change) is left out and the fixing starts
/// over, so the result has no such finding and fixing it again changes nothing.
pub fn fix_all_in_corpus(
    engine: &Engine,
    text: &str,
    include_unsafe: bool,
    corpus: Option<&crate::CorpusIndex>,
    document: Option<&str>,
) -> FixOutcome {
    let initial = engine.check_in_corpus(text, corpus, document);
    // First-check findings left out because fixing them exposed new ones: code and range.
    let mut left_out: Vec<(&'static str, Range<usize>)> = Vec::new();
    let mut attempt = fix_passes(engine, text, &initial, include_unsafe, corpus, document, &left_out);
    while let Some(culprit) = attempt.exposed.take() {
        left_out.push(culprit);
        attempt = fix_passes(engine, text, &initial, include_unsafe, corpus, document, &left_out);
    }
    // A finding may have been left out for another's doing: put back each one whose fix,
    // with the rest still left out, exposes nothing.
    let mut i = 0;
    while i < left_out.len() {
        let mut fewer = left_out.clone();
        fewer.remove(i);
        let retry = fix_passes(engine, text, &initial, include_unsafe, corpus, document, &fewer);
        if !retry.exposure && retry.outcome.text != attempt.outcome.text {
            left_out = fewer;
            attempt = retry;
        } else {
            i += 1;
        }
    }
    attempt.outcome
}

struct FixAttempt {
    outcome: FixOutcome,
    /// The first-check finding whose fix exposed a new fixable finding, if any.
    exposed: Option<(&'static str, Range<usize>)>,
    /// Whether a new fixable finding was exposed (even with no finding left to blame).
    exposure: bool,
}

/// A change and the first-check finding (code, range in the input) that decided it.
#[derive(Clone)]
struct Tracked {
    change: Change,
    decided_by: (&'static str, Range<usize>),
}

/// Fix passes from `text`, applying first-check findings (except `left_out`) and
/// whitespace-only fixes, until none is left or a new fixable finding appears.
fn fix_passes(
    engine: &Engine,
    text: &str,
    initial: &[Finding],
    include_unsafe: bool,
    corpus: Option<&crate::CorpusIndex>,
    document: Option<&str>,
    left_out: &[(&'static str, Range<usize>)],
) -> FixAttempt {
    const MAX_PASSES: usize = 10;
    let applicable =
        |f: &Finding| f.fix.as_ref().is_some_and(|x| include_unsafe || x.applicability != Applicability::Unsafe);
    let mut current = text.to_string();
    let mut applied: BTreeMap<&'static str, usize> = BTreeMap::new();
    let mut tracked: Vec<Tracked> = Vec::new();
    // First-check findings not applied yet: code, range in `current`, range in the input,
    // and whether to apply it (left-out ones are followed too, so they are not taken for new).
    let mut pending: Vec<(&'static str, Range<usize>, Range<usize>, bool)> = initial
        .iter()
        .filter(|f| applicable(f))
        .map(|f| {
            (f.code, f.range.clone(), f.range.clone(), !left_out.iter().any(|(c, r)| *c == f.code && *r == f.range))
        })
        .collect();
    let mut passes = 0;
    let mut findings = initial.to_vec();
    let mut exposed = None;
    let mut exposure = false;
    // The state before the last pass: text, changes, fixes applied, findings, passes.
    type State = (String, Vec<Tracked>, BTreeMap<&'static str, usize>, Vec<Finding>, usize);
    let mut previous: Option<State> = None;
    loop {
        let known = |f: &Finding| pending.iter().find(|(code, range, _, _)| *code == f.code && *range == f.range);
        let origin = |f: &Finding| known(f).filter(|p| p.3).map(|p| p.2.clone());
        if passes > 0 {
            // A fixable finding no first-check finding accounts for was exposed by a fix: stop here.
            if let Some(new) =
                findings.iter().find(|f| applicable(f) && known(f).is_none() && !only_whitespace(&current, f))
            {
                let can_leave_out = |id: &(&'static str, Range<usize>)| {
                    initial.iter().any(|f| f.code == id.0 && f.range == id.1) && !left_out.contains(id)
                };
                exposure = true;
                exposed = culprit(text, &tracked, &new.range, can_leave_out);
                if exposed.is_none() {
                    // Nothing left to leave out: undo the pass that exposed it instead.
                    if let Some(before) = previous.take() {
                        (current, tracked, applied, findings, passes) = before;
                    }
                }
                break;
            }
        }
        let eligible = findings.iter().filter(|f| origin(f).is_some() || (passes > 0 && only_whitespace(&current, f)));
        let (_, used) = select_edits(eligible, include_unsafe);
        let edits = valid_edits(&current, &used);
        if edits.is_empty() || passes == MAX_PASSES {
            break;
        }
        let applied_before = applied.clone();
        for f in &used {
            *applied.entry(f.code).or_default() += 1;
        }
        let decided: Vec<Decided> = edits
            .iter()
            .map(|(e, f)| {
                (e.clone(), f.code, origin(f).unwrap_or_else(|| f.range.clone()), *f, only_whitespace(&current, f))
            })
            .collect();
        pending.retain(|(code, range, _, _)| !used.iter().any(|f| f.code == *code && f.range == *range));
        let plain: Vec<Edit> = edits.iter().map(|(e, _)| e.clone()).collect();
        pending = pending
            .into_iter()
            .filter_map(|(code, r, o, wanted)| {
                Some((code, map_point(r.start, &plain, false)?..map_point(r.end, &plain, true)?, o, wanted))
            })
            .collect();
        previous = Some((current.clone(), tracked.clone(), applied_before, findings.clone(), passes));
        tracked = record(tracked, &decided);
        current = apply_edits(&current, &plain);
        passes += 1;
        findings = engine.check_in_corpus(&current, corpus, document);
    }
    let changes = tracked.into_iter().map(|t| t.change).collect();
    FixAttempt {
        outcome: FixOutcome { text: current, initial: initial.to_vec(), remaining: findings, applied, changes, passes },
        exposed,
        exposure,
    }
}

/// The first-check finding (among those `can_leave_out` accepts) behind the change
/// most likely to have exposed a new finding at `range` (of the current text): the
/// nearest; among equally near, one that removed text rather than space, outside the
/// new finding rather than inside it. (A repeated last line removed after a list
/// exposes the list, not the spaces fixed inside it.)
fn culprit(
    input: &str,
    tracked: &[Tracked],
    range: &Range<usize>,
    can_leave_out: impl Fn(&(&'static str, Range<usize>)) -> bool,
) -> Option<(&'static str, Range<usize>)> {
    let gap = |r: &Range<usize>| range.start.saturating_sub(r.end).max(r.start.saturating_sub(range.end));
    let only_space = |t: &Tracked| input.get(t.change.original.clone()).is_some_and(|s| s.chars().all(is_space));
    let inside = |r: &Range<usize>| range.start <= r.start && r.end <= range.end;
    tracked
        .iter()
        .filter(|t| can_leave_out(&t.decided_by))
        .min_by_key(|t| (gap(&t.change.result), only_space(t), inside(&t.change.result)))
        .map(|t| t.decided_by.clone())
}

/// Whitespace, or characters no reader sees (invisible, control).
fn is_space(c: char) -> bool {
    c.is_whitespace() || crate::normalize::is_invisible(c) || c.is_control()
}

/// Whether every edit of a finding's fix removes and writes only whitespace.
fn only_whitespace(text: &str, f: &Finding) -> bool {
    f.fix.as_ref().is_some_and(|fix| {
        fix.edits.iter().all(|e| {
            text.get(e.range.clone()).is_some_and(|s| s.chars().all(is_space)) && e.replacement.chars().all(is_space)
        })
    })
}

/// The chosen findings' edits, sorted, each with its finding, keeping only those
/// [`apply_edits`] applies (so the recorded changes are exactly the applied ones).
fn valid_edits<'f>(text: &str, used: &[&'f Finding]) -> Vec<(Edit, &'f Finding)> {
    let mut tagged: Vec<(Edit, &Finding)> =
        used.iter().flat_map(|f| f.fix.iter().flat_map(|x| &x.edits).map(move |e| (e.clone(), *f))).collect();
    tagged.sort_by_key(|(e, _)| (e.range.start, e.range.end));
    let mut last = 0;
    tagged.retain(|(e, _)| {
        let (s, t) = (e.range.start, e.range.end);
        let ok = s >= last && t >= s && t <= text.len() && text.is_char_boundary(s) && text.is_char_boundary(t);
        if ok {
            last = t;
        }
        ok
    });
    tagged
}

/// Where byte `x` of a text is after sorted `edits`; `None` inside an edited range.
/// An insertion at `x` comes before a range's start and after its end.
fn map_point(x: usize, edits: &[Edit], is_end: bool) -> Option<usize> {
    let mut delta: isize = 0;
    for e in edits {
        let (s, t) = (e.range.start, e.range.end);
        if s < x && x < t {
            return None;
        }
        let before = t < x || (t == x && (s < t || !is_end));
        if before {
            delta += e.replacement.len() as isize - (t - s) as isize;
        }
    }
    x.checked_add_signed(delta)
}

/// An applied edit: the code and input range of the first-check finding it stands
/// for, the finding that made it, and whether it only removes or writes whitespace.
type Decided<'f> = (Edit, &'static str, Range<usize>, &'f Finding, bool);

/// The changes after one more pass of `edits` (sorted, in the current text's
/// offsets, each with its finding and the first-check finding it stands for): an
/// edit touching an earlier change's result absorbs it.
fn record(old: Vec<Tracked>, edits: &[Decided<'_>]) -> Vec<Tracked> {
    // A whitespace-only edit (blank lines a removal left) must not take over an earlier
    // removal's span: it is cut around the places where earlier changes removed text.
    let split: Vec<(Edit, &'static str, Range<usize>, &Finding)> = edits
        .iter()
        .flat_map(|(e, code, origin, f, space_only)| {
            let removal_points: Vec<usize> = if *space_only {
                old.iter()
                    .map(|t| t.change.result.clone())
                    .filter(|r| r.is_empty() && e.range.start < r.start && r.start < e.range.end)
                    .map(|r| r.start)
                    .collect()
            } else {
                Vec::new()
            };
            let mut cuts = vec![e.range.start];
            cuts.extend(removal_points);
            cuts.push(e.range.end);
            let pieces = cuts.len() - 1;
            cuts.windows(2)
                .enumerate()
                .filter_map(|(i, w)| match w {
                    [a, b] => Some(Edit {
                        range: *a..*b,
                        // The replacement goes with the first piece, unless the edit is whole.
                        replacement: if i == 0 { e.replacement.clone() } else { String::new() },
                    })
                    .filter(|piece| pieces == 1 || !piece.range.is_empty() || !piece.replacement.is_empty()),
                    _ => None,
                })
                .map(|piece| (piece, *code, origin.clone(), *f))
                .collect::<Vec<_>>()
        })
        .collect();
    let edits = &split;
    let len = |r: &Range<usize>| r.end - r.start;
    // A removal's empty result touches only an edit around it (not one beside it: two
    // removed lines stay two spans, each with its own rule); an insertion touches a
    // change it is at either end of.
    let touches = |c: &Range<usize>, e: &Range<usize>| {
        (c.start < e.end && e.start < c.end)
            || (c.is_empty() && e.start < c.start && c.start < e.end)
            || (e.is_empty() && !c.is_empty() && c.start <= e.start && e.start <= c.end)
    };
    let shift = |x: usize, d: isize| x.checked_add_signed(d).unwrap_or(0);
    let moved = |t: Tracked, d: isize| {
        let result = shift(t.change.result.start, d)..shift(t.change.result.end, d);
        Tracked { change: Change { result, ..t.change }, ..t }
    };
    let mut out: Vec<Tracked> = Vec::with_capacity(old.len() + edits.len());
    // Bytes the earlier changes added to the text before a point (negative: removed).
    let mut old_delta: isize = 0;
    // Bytes this pass's edits so far added.
    let mut new_delta: isize = 0;
    let mut old = old.into_iter().peekable();
    for (e, code, origin, f) in edits {
        // Earlier changes wholly before this edit keep their place, moved by this pass.
        while let Some(t) =
            old.next_if(|t| !touches(&t.change.result, &e.range) && t.change.result.start <= e.range.start)
        {
            old_delta += len(&t.change.result) as isize - len(&t.change.original) as isize;
            out.push(moved(t, new_delta));
        }
        let mut start = e.range.start;
        let mut end = e.range.end;
        let mut original_start = shift(start, -old_delta);
        while let Some(t) = old.next_if(|t| touches(&t.change.result, &e.range)) {
            if t.change.result.start < start {
                start = t.change.result.start;
                original_start = t.change.original.start;
            }
            end = end.max(t.change.result.end);
            old_delta += len(&t.change.result) as isize - len(&t.change.original) as isize;
        }
        let original_end = shift(end, -old_delta);
        let new_len = (e.range.start - start) + e.replacement.len() + (end - e.range.end);
        let result_start = shift(start, new_delta);
        out.push(Tracked {
            change: Change {
                original: original_start..original_end,
                result: result_start..result_start + new_len,
                code: f.code,
                rule: f.rule,
                message: f.message.clone(),
            },
            decided_by: (code, origin.clone()),
        });
        new_delta += e.replacement.len() as isize - len(&e.range) as isize;
    }
    out.extend(old.map(|t| moved(t, new_delta)));
    out
}
