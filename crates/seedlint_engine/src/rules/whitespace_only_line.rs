use crate::context::Context;
use crate::document::Line;
use crate::finding::{Category, Edit, Finding, Fix, Severity};
use crate::rule::{FindingBuilder, Rule, RuleMeta};

pub struct WhitespaceOnlyLine;

static META: RuleMeta = RuleMeta {
    code: "SL503",
    name: "whitespace-only-line",
    category: Category::Whitespace,
    default_severity: Severity::Info,
    summary: "Line holds only spaces or invisible characters (often a lone NBSP).",
    explanation: "An empty `<p>&nbsp;</p>` becomes a line that looks blank but is not: it holds a \
no-break space. Such lines defeat paragraph splitting on blank lines. The fix empties the line.",
    example: "\u{00A0}",
    fix: Some("safe"),
};

impl Rule for WhitespaceOnlyLine {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn line_local(&self) -> bool {
        true
    }

    fn check_line(&self, _ctx: &Context<'_>, line: &Line<'_>, out: &mut Vec<Finding>) {
        if line.text.is_empty() || !line.is_blank() {
            return;
        }
        let names: Vec<String> = {
            let mut v: Vec<String> = line.text.chars().map(|c| format!("U+{:04X}", c as u32)).collect();
            v.dedup();
            v
        };
        let range = line.start..line.end;
        out.push(
            FindingBuilder::new(&META, range.clone(), format!("Line holds only whitespace ({})", names.join(" ")))
                .fix(Fix::safe("Empty the line", vec![Edit::delete(range)]))
                .build(),
        );
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::test_support::lines;

    #[test]
    fn nbsp_lines() {
        assert_eq!(lines("SL503", "نص\n\u{00A0}\n\n  \nنص\n"), vec![2, 4]);
    }
}
