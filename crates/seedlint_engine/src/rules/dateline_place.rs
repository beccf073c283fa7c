use crate::context::Context;
use crate::document::Line;
use crate::finding::{Category, Finding, Severity};
use crate::rule::{FindingBuilder, Rule, RuleMeta};
use crate::rules::remove_line;
use regex::Regex;
use std::sync::OnceLock;

pub struct DatelinePlace;

static META: RuleMeta = RuleMeta {
    code: "SL207",
    name: "dateline-place",
    category: Category::Metadata,
    default_severity: Severity::Info,
    summary: "Line is a dateline place (`الرباط ، المغرب -`) split from the lead it introduces.",
    explanation: "Agency copy opens with the place it was filed from and a dash (`الرباط ، المغرب - …`, \
`(رويترز) -`). When the scraper breaks the line after the dash, the place stands alone. The rule flags short \
lines (at most five words) made of names, commas and parentheses that end in a dash. Removing the line loses \
the place name, so the fix is marked unsafe.",
    example: "الرباط ، المغرب -",
    fix: Some("unsafe"),
};

fn regex() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| crate::regex_util::compiled(r"^\(?[\p{L} ]+\)?(?:\s*[،,/]\s*\(?[\p{L} ]+\)?){0,2}\s*[-–—]$"))
}

impl Rule for DatelinePlace {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn line_local(&self) -> bool {
        true
    }

    fn check_line(&self, ctx: &Context<'_>, line: &Line<'_>, out: &mut Vec<Finding>) {
        // Bounded Unicode repetitions compile slowly, so the regex is unbounded and the length is checked here.
        if line.words == 0
            || line.words > 5
            || line.text.chars().count() > 80
            || ctx.is_claimed_any(line.index)
            || !regex().is_match(line.trimmed())
        {
            return;
        }
        out.push(
            FindingBuilder::new(
                &META,
                line.trimmed_range(),
                format!("Dateline place on a line of its own: \"{}\"", line.trimmed()),
            )
            .fix(remove_line(line, false))
            .build(),
        );
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::test_support::lines;

    #[test]
    fn places() {
        assert_eq!(lines("SL207", "الرباط ، المغرب -\n(رويترز) -\n"), vec![1, 2]);
        assert!(lines("SL207", "وزير الدفاع - وهو في الرباط - قال\nالرباط\n").is_empty());
    }
}
