use crate::context::Context;
use crate::finding::{Category, Finding, Severity};
use crate::rule::{FindingBuilder, Rule, RuleMeta};
use crate::rules::remove_line;
use regex::Regex;
use std::sync::OnceLock;

pub struct AuthorHandle;

static META: RuleMeta = RuleMeta {
    code: "SL204",
    name: "author-handle",
    category: Category::Metadata,
    default_severity: Severity::Warning,
    summary: "Line is a bare author handle or user name.",
    explanation: "Blog and news templates print the author's user name on its own line (`Saad236`, \
`@gantzbe`). A line that is a single Latin token with digits or a leading `@` is flagged when it sits among \
the page's metadata: in the first lines of the page, or next to another metadata line, or when the next line \
starts with the same token (a glued byline).",
    example: "Saad236",
    fix: Some("safe"),
};

fn regex() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| crate::regex_util::compiled(r"^(?:@[A-Za-z0-9_.]{2,30}|[A-Za-z][A-Za-z_.]{1,29}[0-9]{1,6})$"))
}

impl Rule for AuthorHandle {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &Context<'_>, out: &mut Vec<Finding>) {
        let mut non_blank_seen = 0;
        for line in &ctx.lines {
            if line.is_blank() {
                continue;
            }
            non_blank_seen += 1;
            let t = line.trimmed();
            if ctx.is_claimed_any(line.index) || !regex().is_match(t) {
                continue;
            }
            let (before, after) = ctx.neighbours(line.index);
            let metadata_next_to_it =
                [before, after].into_iter().flatten().any(|l| ctx.is_claimed(l.index, &[Category::Metadata]));
            let glued_prefix =
                [before, after].into_iter().flatten().any(|l| l.trimmed().starts_with(t) && l.trimmed() != t);
            if !(non_blank_seen <= 6 || metadata_next_to_it || glued_prefix) {
                continue;
            }
            out.push(
                FindingBuilder::new(&META, line.trimmed_range(), format!("Bare author handle \"{t}\""))
                    .fix(remove_line(line, true))
                    .build(),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::test_support::lines;

    #[test]
    fn handles_near_metadata() {
        assert_eq!(lines("SL204", "عنوان\nSaad23618 يناير 20235 مشاهدة\nSaad236\n"), vec![3]);
        assert!(lines("SL204", "UB40\n").len() == 1);
        let far = format!("{}UB40\n", "سطر من النص هنا.\n".repeat(10));
        assert!(lines("SL204", &far).is_empty());
    }
}
