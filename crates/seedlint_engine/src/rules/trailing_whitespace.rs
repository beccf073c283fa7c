use crate::context::Context;
use crate::document::Line;
use crate::finding::{Category, Edit, Finding, Fix, Severity};
use crate::normalize::is_space;
use crate::rule::{FindingBuilder, Rule, RuleMeta};

pub struct TrailingWhitespace;

static META: RuleMeta = RuleMeta {
    code: "SL504",
    name: "trailing-whitespace",
    category: Category::Whitespace,
    default_severity: Severity::Hint,
    summary: "Spaces at the end of a line.",
    explanation: "Trailing spaces are invisible noise that makes otherwise equal lines differ byte for \
byte. Lines that hold nothing but whitespace are reported by `whitespace-only-line` instead. The fix deletes \
the spaces.",
    example: "سطر ينتهي بمسافة ",
    fix: Some("safe"),
};

impl Rule for TrailingWhitespace {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn line_local(&self) -> bool {
        true
    }

    fn check_line(&self, ctx: &Context<'_>, line: &Line<'_>, out: &mut Vec<Finding>) {
        if line.is_blank() || ctx.is_furniture(line.index) {
            return;
        }
        let kept = line.text.trim_end_matches(is_space);
        if kept.len() == line.text.len() {
            return;
        }
        let range = line.start + kept.len()..line.end;
        out.push(
            FindingBuilder::new(&META, range.clone(), "Trailing whitespace")
                .fix(Fix::safe("Remove trailing whitespace", vec![Edit::delete(range)]))
                .build(),
        );
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::test_support::lines;

    #[test]
    fn trailing() {
        assert_eq!(lines("SL504", "a \nb\n \nc\u{00A0}\r\n"), vec![1, 4]);
    }
}
