//! The contract every rule implements.

use crate::context::Context;
use crate::document::Line;
use crate::finding::{Category, Detail, Finding, Fix, Related, Severity};
use std::ops::Range;

/// Static description of a rule: the single source of its code, name and documentation.
/// `docs/rules.md` is generated from these, so the docs cannot drift from the code.
#[derive(Debug)]
pub struct RuleMeta {
    /// Stable code, never reused: `SL` + category digit + number.
    pub code: &'static str,
    /// Kebab-case name; also stable.
    pub name: &'static str,
    pub category: Category,
    pub default_severity: Severity,
    /// One line: what the rule finds.
    pub summary: &'static str,
    /// Markdown: why it matters and how it decides.
    pub explanation: &'static str,
    /// A short example of text the rule flags (may contain several lines).
    pub example: &'static str,
    /// `None`, `Some("safe")` or `Some("unsafe")`.
    pub fix: Option<&'static str>,
}

pub trait Rule: Send + Sync {
    fn meta(&self) -> &'static RuleMeta;
    /// Append findings for `ctx` to `out`. Rules may read what earlier rules
    /// claimed (`ctx.claims`) so that a line is not reported twice for one cause.
    /// Line-local rules keep this default: `check_line` on every line.
    fn check(&self, ctx: &Context<'_>, out: &mut Vec<Finding>) {
        for line in &ctx.lines {
            self.check_line(ctx, line, out);
        }
    }

    /// Whether the rule's findings on a line depend on nothing but that line: its
    /// text, its terminator and the claims earlier rules made on it (never on other
    /// lines, on where the line is, or on the document's vocabulary). Such a rule
    /// implements `check_line` and keeps the default `check`; the engine may
    /// then reuse a line's findings for as long as the line is unchanged.
    fn line_local(&self) -> bool {
        false
    }

    /// A line-local rule's findings on one line.
    fn check_line(&self, _ctx: &Context<'_>, _line: &Line<'_>, _out: &mut Vec<Finding>) {}
}

/// Builder that fills in the rule's identity so rule code stays short.
pub(crate) struct FindingBuilder {
    finding: Finding,
}

impl FindingBuilder {
    pub fn new(meta: &'static RuleMeta, range: Range<usize>, message: impl Into<String>) -> Self {
        FindingBuilder {
            finding: Finding {
                code: meta.code,
                rule: meta.name,
                category: meta.category,
                severity: meta.default_severity,
                message: message.into(),
                range,
                related: Vec::new(),
                fix: None,
                detail: None,
            },
        }
    }
    pub fn related(mut self, range: Range<usize>, message: impl Into<String>) -> Self {
        self.finding.related.push(Related { range, message: message.into(), elsewhere: None });
        self
    }
    pub fn related_elsewhere(mut self, document: String, line: u32, message: impl Into<String>) -> Self {
        self.finding.related.push(Related {
            range: 0..0,
            message: message.into(),
            elsewhere: Some(crate::finding::ExternalLine { document, line }),
        });
        self
    }
    pub fn fix(mut self, fix: Fix) -> Self {
        self.finding.fix = Some(fix);
        self
    }
    pub fn detail(mut self, detail: Detail) -> Self {
        self.finding.detail = Some(detail);
        self
    }
    pub fn build(self) -> Finding {
        self.finding
    }
}
