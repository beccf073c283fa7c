use crate::context::Context;
use crate::document::Line;
use crate::finding::{Category, Finding, Severity};
use crate::rule::{FindingBuilder, Rule, RuleMeta};
use crate::rules::remove_line;
use regex::Regex;
use std::sync::OnceLock;

pub struct Byline;

static META: RuleMeta = RuleMeta {
    code: "SL202",
    name: "byline",
    category: Category::Metadata,
    default_severity: Severity::Warning,
    summary: "Line is a byline (`بقلم …`, `كتب: …`, `By …`).",
    explanation: "A short line that opens with a byline word (`بقلم`, `كتب`, `كتبت`, `إعداد`, `تحرير`, \
`By`, `Written by`) names the author; it is page metadata, not article text. Only short lines (at most \
seven words) without sentence-ending punctuation qualify, so a sentence like `كتب الرئيس على حسابه …` is left \
alone.",
    example: "بقلم جواده اري جروس",
    fix: Some("safe"),
};

fn regex() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        crate::regex_util::compiled(
            r"^(?:بقلم|كتب|كتبت|كتبه|اعداد|تحرير|written by|reported by|reporting by|by)\s*[:：\-–]?\s*[\p{L}@]",
        )
    })
}

impl Rule for Byline {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn line_local(&self) -> bool {
        true
    }

    fn check_line(&self, _ctx: &Context<'_>, line: &Line<'_>, out: &mut Vec<Finding>) {
        let folded = &line.norm.text;
        if line.words < 2 || line.words > 7 || folded.ends_with('.') || !regex().is_match(folded) {
            return;
        }
        out.push(
            FindingBuilder::new(&META, line.trimmed_range(), format!("Byline: \"{}\"", line.trimmed()))
                .fix(remove_line(line, true))
                .build(),
        );
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::test_support::lines;

    #[test]
    fn bylines() {
        assert_eq!(lines("SL202", "بقلم جواده اري جروس\nكتب: محمد علي\nBy Jane Doe\n"), vec![1, 2, 3]);
        assert!(lines("SL202", "كتب الرئيس على حسابه في تويتر أن الزيارة ناجحة.\nبقلم\n").is_empty());
    }
}
