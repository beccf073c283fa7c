//! Hover text: what was found, why, and the facts behind it (score signals, the
//! duplicate's twin, the parsed date). Markdown that reads right in right-to-left:
//! every quoted Arabic or Hebrew snippet is wrapped in a bidi isolate
//! (U+2067 … U+2069), so it does not reorder the English around it.

use super::analysis::{excerpt, Analysis};
use seedlint_engine::{find_rule, Detail, Finding};

pub fn isolate(text: &str) -> String {
    let rtl = text
        .chars()
        .any(|c| seedlint_engine::normalize::is_arabic_letter(c) || seedlint_engine::normalize::is_hebrew_letter(c));
    if rtl {
        format!("\u{2067}{text}\u{2069}")
    } else {
        text.to_string()
    }
}

fn finding_markdown(a: &Analysis, f: &Finding) -> String {
    let mut md = String::new();
    md.push_str(&format!("**{}** `{}` · {} · {}\n\n", f.code, f.rule, f.category, f.severity));
    md.push_str(&format!("{}\n\n", isolate(&f.message)));
    match &f.detail {
        Some(Detail::Score { score, threshold, signals }) => {
            md.push_str(&format!(
                "Scored **{score:.2}** (reported from {threshold:.2}):\n\n| signal | weight |\n|---|---:|\n"
            ));
            for s in signals {
                md.push_str(&format!("| {} | {:+.2} |\n", isolate(&s.name), s.weight));
            }
            md.push('\n');
        }
        Some(Detail::Date(d)) => {
            md.push_str(&format!("**Date:** `{}`", d.iso));
            if let Some(t) = &d.time {
                md.push_str(&format!(" `{t}`"));
            }
            if let Some(actual) = &d.actual_weekday {
                md.push_str(&format!(" ({actual})"));
            }
            match (d.weekday_matches(), &d.stated_weekday) {
                (Some(true), Some(stated)) => md.push_str(&format!(" — the text says {stated}: ✓ consistent")),
                (Some(false), Some(stated)) => {
                    md.push_str(&format!(" — the text says **{stated}**: ✗ not that date's weekday"))
                }
                _ => {}
            }
            md.push_str("\n\n");
        }
        Some(Detail::Similarity { similarity, threshold }) => {
            md.push_str(&format!(
                "Similarity **{:.0}%** of word 3-grams (threshold {:.0}%)\n\n",
                similarity * 100.0,
                threshold * 100.0
            ));
        }
        Some(Detail::Entity { id, entity_kind, name }) => {
            md.push_str(&format!("**Entity:** {} ({entity_kind}, `{id}`)\n\n", isolate(name)));
        }
        None => {}
    }
    for r in &f.related {
        if let Some(ext) = &r.elsewhere {
            md.push_str(&format!("**{}** in `{}`, line {}\n\n", r.message, ext.document, ext.line + 1));
            continue;
        }
        let line = a.index.line_of(r.range.start) + 1;
        let text = a.text.get(r.range.clone()).unwrap_or_default();
        md.push_str(&format!("**{}** at line {line}:\n\n> {}\n\n", r.message, isolate(&excerpt(text))));
    }
    if let Some(fix) = &f.fix {
        md.push_str(&format!(
            "Fix: {} ({})\n\n",
            fix.description,
            if fix.applicability == seedlint_engine::Applicability::Safe { "safe" } else { "unsafe: review it" }
        ));
    }
    if let Some(meta) = find_rule(f.code) {
        md.push_str(&format!("---\n\n{}\n\n{}\n", meta.summary, meta.explanation));
    }
    md
}

/// Markdown for the findings under `offset`, narrowest first; `None` when there are none.
pub fn at(a: &Analysis, offset: usize) -> Option<(String, std::ops::Range<usize>)> {
    let mut hits: Vec<&Finding> = a
        .findings
        .iter()
        .filter(|f| {
            (f.range.start <= offset && offset < f.range.end) || (f.range.is_empty() && f.range.start == offset)
        })
        .collect();
    if hits.is_empty() {
        return None;
    }
    hits.sort_by_key(|f| f.range.len());
    let range = hits[0].range.clone();
    let md = hits.iter().map(|f| finding_markdown(a, f)).collect::<Vec<_>>().join("\n\n---\n\n");
    Some((md, range))
}
