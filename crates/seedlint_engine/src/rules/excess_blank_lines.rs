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
        // Runs of blank lines, as (first, last) line indices.
        let mut runs: Vec<(usize, usize)> = Vec::new();
        for line in ctx.lines.iter().filter(|l| l.is_blank()) {
            match runs.last_mut() {
                Some(run) if run.1 + 1 == line.index => run.1 = line.index,
                _ => runs.push((line.index, line.index)),
            }
        }
        for (first, last) in runs {
            let count = last - first + 1;
            // A run at the very end has no paragraph to separate: one terminator is enough.
            let keep = if last + 1 == ctx.lines.len() { 0 } else { 1 };
            if count < 2 {
                continue;
            }
            let (Some(from), Some(to)) = (ctx.line(first + keep), ctx.line(last)) else { continue };
            let range = from.start..to.eol_end;
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
