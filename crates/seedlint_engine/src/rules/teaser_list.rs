use crate::context::{is_bulleted, Context};
use crate::finding::{Category, Detail, Finding, Severity, Signal};
use crate::rule::{FindingBuilder, Rule, RuleMeta};
use crate::rules::remove_line;

pub struct TeaserList;

static META: RuleMeta = RuleMeta {
    code: "SL102",
    name: "teaser-list",
    category: Category::Boilerplate,
    default_severity: Severity::Warning,
    summary: "Bulleted list of headlines before or after the article: a teaser or navigation list.",
    explanation: "News pages surround an article with bulleted lists of other headlines (\"more news\", \
trending lists). A run of at least two bulleted lines that lies entirely before the first or after the last \
prose paragraph of the page is such a list. Bulleted lists inside the article body are content and are left \
alone.",
    example:
        "• مصر.. حاتم عمور في ضيافة السفير المغربي\n  • إجراءات جديدة.. وزارة الثقافة تحصن التراث المغربي ضد السطو",
    fix: Some("safe"),
};

impl Rule for TeaserList {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &Context<'_>, out: &mut Vec<Finding>) {
        // Runs of bulleted lines; blank lines may sit between items.
        let mut runs: Vec<Vec<usize>> = Vec::new();
        let mut open = false;
        for line in &ctx.lines {
            if is_bulleted(line.text) {
                match runs.last_mut() {
                    Some(run) if open => run.push(line.index),
                    _ => runs.push(vec![line.index]),
                }
                open = true;
            } else if !line.is_blank() {
                open = false;
            }
        }
        for items in runs {
            let before_body = ctx.body.is_none_or(|(first, _)| items.iter().all(|&k| k < first));
            let after_body = ctx.body.is_some_and(|(_, last)| items.iter().all(|&k| k > last));
            if items.len() < 2 || !(before_body || after_body) {
                continue;
            }
            let place = if before_body { "before the article body" } else { "after the article body" };
            let n = items.len();
            for (pos, &k) in items.iter().enumerate() {
                let Some(line) = ctx.line(k) else { continue };
                if ctx.is_claimed_any(k) {
                    continue;
                }
                let signals = vec![
                    Signal { name: format!("bulleted item in a list of {n}"), weight: 0.6 },
                    Signal { name: place.into(), weight: 0.3 },
                ];
                out.push(
                    FindingBuilder::new(
                        &META,
                        line.trimmed_range(),
                        format!("Teaser list item {} of {n}: a bulleted list of headlines {place}", pos + 1),
                    )
                    .fix(remove_line(line, true))
                    .detail(Detail::Score { score: 0.9, threshold: 0.6, signals })
                    .build(),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::test_support::lines;

    const BODY: &str =
        "يُرتقب أن يزور وزير الدفاع الإسرائيلي بيني غانتس المغرب، خلال هذا الأسبوع، وفقا لما ذكرته وسائل إعلام إسرائيلية.";

    #[test]
    fn flags_bullets_before_the_body() {
        let text = format!("• خبر أول.. عنوان\n  • خبر ثان.. عنوان آخر\nالعنوان\n{BODY}\n");
        assert_eq!(lines("SL102", &text), vec![1, 2]);
    }

    #[test]
    fn keeps_lists_inside_the_body() {
        let text = format!("{BODY}\n- الخطوة الأولى\n- الخطوة الثانية\n{BODY}\n");
        assert!(lines("SL102", &text).is_empty());
        // A single bullet is not a list.
        assert!(lines("SL102", &format!("• خبر\n{BODY}\n")).is_empty());
    }
}
