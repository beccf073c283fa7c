use crate::context::Context;
use crate::finding::{Category, Finding, Severity};
use crate::rule::{FindingBuilder, Rule, RuleMeta};

pub struct ReplacementCharacter;

static META: RuleMeta = RuleMeta {
    code: "SL602",
    name: "replacement-character",
    category: Category::Encoding,
    default_severity: Severity::Warning,
    summary: "U+FFFD replacement character: text was lost in a bad decode.",
    explanation: "`�` stands where a decoder met bytes it could not read. The original characters are gone; \
the text should be scraped or decoded again. There is no fix: guessing the lost letters would invent text.",
    example: "الم�رب",
    fix: None,
};

impl Rule for ReplacementCharacter {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &Context<'_>, out: &mut Vec<Finding>) {
        let mut start: Option<usize> = None;
        let mut end = 0;
        let flush = |s: usize, e: usize, out: &mut Vec<Finding>| {
            let n = ctx.text.get(s..e).unwrap_or_default().chars().count();
            out.push(
                FindingBuilder::new(&META, s..e, format!("{n} replacement character(s): text lost in decoding"))
                    .build(),
            );
        };
        // Jump between occurrences (a memchr-driven search) and join adjacent ones into runs.
        const WIDTH: usize = '\u{FFFD}'.len_utf8();
        for (i, _) in ctx.text.match_indices('\u{FFFD}') {
            match start {
                Some(_) if i == end => {}
                Some(s) => {
                    flush(s, end, out);
                    start = Some(i);
                }
                None => start = Some(i),
            }
            end = i + WIDTH;
        }
        if let Some(s) = start {
            flush(s, end, out);
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::test_support::findings;

    #[test]
    fn runs_of_fffd() {
        assert_eq!(findings("SL602", "ال\u{FFFD}\u{FFFD}رب و\u{FFFD}\n").len(), 2);
    }
}
