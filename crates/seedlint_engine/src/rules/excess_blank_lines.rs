use crate::context::Context;
use crate::finding::{Category, Edit, Finding, Fix, Severity};
use crate::rule::{FindingBuilder, Rule, RuleMeta};

pub struct ExcessBlankLines;

static META: RuleMeta = RuleMeta {
    code: "SL505",
    name: "excess-blank-lines",
    category: Category::Whitespace,
    default_severity: Severity::Hint,
    summary: "Two or more blank lines in a row.",
    explanation: "One blank line separates paragraphs; more are the ghosts of removed widgets and images. \
The fix keeps one blank line.",
    example: "فقرة.\n\n\n\nفقرة.",
    fix: Some("safe"),
};

impl Rule for ExcessBlankLines {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &Context<'_>, out: &mut Vec<Finding>) {
        let lines = &ctx.lines;
        let mut i = 0;
        while i < lines.len() {
            if !lines[i].is_blank() {
                i += 1;
                continue;
            }
            let start = i;
            while i < lines.len() && lines[i].is_blank() {
                i += 1;
            }
            let count = i - start;
            // A run at the very end has no paragraph to separate: one terminator is enough.
            let at_end = i == lines.len();
            let keep = if at_end { 0 } else { 1 };
            if count < 2 || count <= keep {
                continue;
            }
            let range = lines[start + keep].start..lines[i - 1].eol_end;
            out.push(
                FindingBuilder::new(&META, range.clone(), format!("{count} blank lines in a row"))
                    .fix(Fix::safe("Keep one blank line", vec![Edit::delete(range)]))
                    .build(),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::test_support::lines;

    #[test]
    fn runs_of_blank_lines() {
        assert_eq!(lines("SL505", "a\n\nb\n\n \n\nc\n"), vec![5]);
        let fixed = crate::fix::fix_all(
            &crate::Engine::new(crate::Settings { select: vec!["SL505".into()], ..Default::default() }),
            "a\n\n\n\nb\n",
            false,
        )
        .text;
        assert_eq!(fixed, "a\n\nb\n");
    }
}
