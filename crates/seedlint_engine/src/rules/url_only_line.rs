use crate::context::Context;
use crate::document::Line;
use crate::finding::{Category, Finding, Severity};
use crate::rule::{FindingBuilder, Rule, RuleMeta};
use crate::rules::remove_line;
use regex::Regex;
use std::sync::OnceLock;

pub struct UrlOnlyLine;

static META: RuleMeta = RuleMeta {
    code: "SL103",
    name: "url-only-line",
    category: Category::Boilerplate,
    default_severity: Severity::Warning,
    summary: "Line is only a URL or a bare domain name, usually the site's own address from the footer.",
    explanation: "A line holding nothing but `www.example.com` or `https://…` is a footer link, a share \
link or the site's address, not article text. URLs inside sentences are left alone; image file URLs are \
reported by `image-filename` instead.",
    example: "www.eremnews.com",
    fix: Some("safe"),
};

pub(crate) fn url_line_regex() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        crate::regex_util::compiled(r"(?i)^(?:(?:https?://|www\.)\S+|[a-z0-9][a-z0-9-]*(?:\.[a-z0-9-]+)*\.(?:com|net|org|info|news|ma|dz|tn|eg|sa|ae|qa|lb|jo|ps|iq|sy|ye|ly|sd|om|kw|bh|fr|uk|co|io|tv|me|ru|tr|il|de|es|it|online|site)(?:/\S*)?)$")
    })
}

impl Rule for UrlOnlyLine {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn line_local(&self) -> bool {
        true
    }

    fn check_line(&self, ctx: &Context<'_>, line: &Line<'_>, out: &mut Vec<Finding>) {
        let t = line.trimmed();
        if t.is_empty() || ctx.is_claimed_any(line.index) || !url_line_regex().is_match(t) {
            return;
        }
        out.push(
            FindingBuilder::new(
                &META,
                line.trimmed_range(),
                format!("Line is only an address (\"{t}\"): a footer or share link"),
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
    fn flags_bare_addresses_only() {
        assert_eq!(lines("SL103", "نص\nwww.eremnews.com\nhttps://x.com/a?b=1\nhespress.com\n"), vec![2, 3, 4]);
        assert!(lines("SL103", "زوروا www.eremnews.com للمزيد.\nS-300\n").is_empty());
    }
}
