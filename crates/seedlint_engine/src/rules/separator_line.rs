use crate::context::Context;
use crate::document::Line;
use crate::finding::{Category, Finding, Severity};
use crate::rule::{FindingBuilder, Rule, RuleMeta};
use crate::rules::remove_line;

pub struct SeparatorLine;

static META: RuleMeta = RuleMeta {
    code: "SL107",
    name: "separator-line",
    category: Category::Boilerplate,
    default_severity: Severity::Warning,
    summary:
        "Line holds no letters or digits: a rule of dashes, underscores, stars or `×××` between parts of the page.",
    explanation: "Pages draw lines between the article and the blocks around it, and between a story and \
the next (`----------`, `__________`, `* * *`, `×××`, `◇`). Scraped as text they are lines without a single \
letter or digit: nothing a reader or a model can use. Lines of only spaces or invisible characters are \
`whitespace-only-line`'s; a line with any letter or digit in any script is left alone.",
    example: "----------------------\n×××",
    fix: Some("safe"),
};

impl Rule for SeparatorLine {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn line_local(&self) -> bool {
        true
    }

    fn check_line(&self, ctx: &Context<'_>, line: &Line<'_>, out: &mut Vec<Finding>) {
        let t = line.trimmed();
        let visible = |c: &char| !crate::normalize::is_space(*c) && !crate::normalize::is_invisible(*c);
        if line.is_blank()
            || !t.chars().any(|c| visible(&c))
            || t.chars().any(char::is_alphanumeric)
            || ctx.is_claimed_any(line.index)
        {
            return;
        }
        let shown: String = t.chars().filter(visible).take(12).collect();
        out.push(
            FindingBuilder::new(
                &META,
                line.trimmed_range(),
                format!("Line holds no letters or digits (\"{shown}\"): a separator drawn between parts of the page"),
            )
            .fix(remove_line(line, true))
            .build(),
        );
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::test_support::lines;

    #[test]
    fn flags_rules_of_symbols_and_nothing_with_a_letter_or_digit() {
        let body = "قال وزير الدفاع الإسرائيلي بيني غانتس، إن الرباط وتل أبيب بحاجة لتعميق التحالفات في المنطقة كلها.";
        let text =
            format!("{body}\n----------------------\n{body} ثم\n×××\n* * *\n-- ٢٠٢٣ --\n- a\n\u{a0}\n{body} وأكد.\n");
        assert_eq!(lines("SL107", &text), vec![2, 4, 5]);
    }
}
