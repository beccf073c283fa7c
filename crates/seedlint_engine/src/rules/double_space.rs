use crate::context::Context;
use crate::document::Line;
use crate::finding::{Category, Edit, Finding, Fix, Severity};
use crate::normalize::is_space;
use crate::rule::{FindingBuilder, Rule, RuleMeta};

pub struct DoubleSpace;

static META: RuleMeta = RuleMeta {
    code: "SL501",
    name: "double-space",
    category: Category::Whitespace,
    default_severity: Severity::Info,
    summary: "Two or more spaces (of any kind, NBSP included) between words.",
    explanation: "A run of spaces inside a line is left over from removed markup (`الإسرائيلي،  بيني`). It \
breaks phrase search and n-gram statistics. Leading indentation and trailing spaces are other rules' business. \
The fix collapses the run to one ASCII space.",
    example: "يُرتقب أن يزور وزير الدفاع الإسرائيلي،  بيني غانتس",
    fix: Some("safe"),
};

impl Rule for DoubleSpace {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn line_local(&self) -> bool {
        true
    }

    fn check_line(&self, ctx: &Context<'_>, line: &Line<'_>, out: &mut Vec<Finding>) {
        let content = line.trimmed_range();
        if content.is_empty() || ctx.is_furniture(line.index) {
            return;
        }
        let text = ctx.text.get(content.clone()).unwrap_or_default();
        let mut run: Option<(usize, usize, usize)> = None; // start, end, count
        let mut flush = |run: &mut Option<(usize, usize, usize)>| {
            if let Some((s, e, n)) = run.take() {
                if n >= 2 {
                    let range = content.start + s..content.start + e;
                    out.push(
                        FindingBuilder::new(&META, range.clone(), format!("{n} spaces in a row"))
                            .fix(Fix::safe("Collapse to one space", vec![Edit::replace(range, " ")]))
                            .build(),
                    );
                }
            }
        };
        for (i, c) in text.char_indices() {
            if is_space(c) {
                run = Some(match run {
                    Some((s, _, n)) => (s, i + c.len_utf8(), n + 1),
                    None => (i, i + c.len_utf8(), 1),
                });
            } else {
                flush(&mut run);
            }
        }
        flush(&mut run);
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::test_support::findings;

    #[test]
    fn runs_inside_lines() {
        let t = "  • بند\nالإسرائيلي،  بيني \u{00A0}غانتس \n";
        let f = findings("SL501", t);
        assert_eq!(f.len(), 2);
        assert_eq!(&t[f[0].range.clone()], "  ");
        let fixed = crate::fix::fix_all(
            &crate::Engine::new(crate::Settings { select: vec!["SL501".into()], ..Default::default() }),
            t,
            false,
        )
        .text;
        assert_eq!(fixed, "  • بند\nالإسرائيلي، بيني غانتس \n");
    }
}
