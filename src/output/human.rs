//! `--format human`: rustc-style snippets (annotate-snippets, as ruff uses).
//!
//! Terminals differ in how they lay out right-to-left text: some apply the
//! bidi algorithm, most show characters in logical order. Carets follow the
//! logical order, so every label also quotes the flagged text itself, which
//! reads correctly whatever the terminal does.

use super::{escape_controls, escape_source, Located};
use annotate_snippets::{Level, Renderer, Snippet};

fn level(severity: &str) -> Level {
    match severity {
        "error" => Level::Error,
        "warning" => Level::Warning,
        "info" => Level::Info,
        _ => Level::Note,
    }
}

fn quote(text: &str) -> String {
    let visible: String = text
        .chars()
        .map(|c| match c {
            '\u{00A0}' => '⍽',
            c if c.is_control() || seedlint_engine::normalize::is_invisible(c) => '⸱',
            c => c,
        })
        .collect();
    let t = visible.trim();
    if t.chars().count() > 40 {
        format!("\"{}…\"", t.chars().take(40).collect::<String>())
    } else {
        format!("\"{visible}\"")
    }
}

pub fn render_one(f: &Located, color: bool) -> String {
    let renderer = if color { Renderer::styled() } else { Renderer::plain() };
    let flagged = f.source_line.get(f.source_span.clone()).unwrap_or_default();
    let label = if flagged.trim().is_empty() {
        format!("{} ({})", f.rule, flagged.chars().map(|c| format!("U+{:04X}", c as u32)).collect::<Vec<_>>().join(" "))
    } else {
        format!("{} {}", f.rule, quote(flagged))
    };
    // Zero-width spans (an insertion point) still need a visible caret.
    let span = if f.source_span.is_empty() {
        let end = f.source_line[f.source_span.start..]
            .chars()
            .next()
            .map_or(f.source_span.start, |c| f.source_span.start + c.len_utf8());
        f.source_span.start..end
    } else {
        f.source_span.clone()
    };
    // Scraped text and file names may hold terminal controls: shown escaped, never raw.
    let (source, span) = escape_source(&f.source_line, &span);
    let title = escape_controls(&f.message).into_owned();
    let origin = escape_controls(&match &f.document {
        Some(d) => format!("{} [document {} on line {}]", f.path, d.id, d.record),
        None => f.path.clone(),
    })
    .into_owned();
    let label = escape_controls(&label).into_owned();
    let fix_note = f.fix.as_ref().map(|fix| {
        let how = match fix.applicability {
            seedlint_engine::Applicability::Safe => "--fix",
            seedlint_engine::Applicability::Unsafe => "--fix --unsafe-fixes",
        };
        escape_controls(&format!("{} ({how})", fix.description)).into_owned()
    });
    let related: Vec<String> = f
        .related
        .iter()
        .map(|r| {
            escape_controls(&format!("{} at {}:{}:{}", r.message, r.path, r.line_col().0, r.line_col().1)).into_owned()
        })
        .collect();
    let mut message = level(f.severity).title(&title).id(f.code).snippet(
        Snippet::source(&source)
            .line_start(f.span.line)
            .origin(&origin)
            .annotation(level(f.severity).span(span).label(&label)),
    );
    for r in &related {
        message = message.footer(Level::Note.title(r));
    }
    if let Some(n) = &fix_note {
        message = message.footer(Level::Help.title(n));
    }
    format!("{}\n", renderer.render(message))
}

impl super::LocatedRelated {
    fn line_col(&self) -> (usize, usize) {
        (self.span.line, self.span.column)
    }
}
