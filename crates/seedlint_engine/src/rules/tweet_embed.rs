use crate::context::Context;
use crate::document::Line;
use crate::finding::{Category, Detail, Edit, Finding, Fix, Severity};
use crate::rule::{FindingBuilder, Rule, RuleMeta};
use crate::rules::remove_line;
use regex::Regex;
use std::sync::OnceLock;

pub struct TweetEmbed;

static META: RuleMeta = RuleMeta {
    code: "SL206",
    name: "tweet-embed",
    category: Category::Metadata,
    default_severity: Severity::Warning,
    summary: "Residue of an embedded tweet: its signature line or a `pic.twitter.com` / `t.co` link.",
    explanation: "An embedded tweet leaves its text, a `pic.twitter.com/…` link and a signature line \
`— Name (@handle) November 24, 2021`. The signature line and the links are flagged; the tweet's own text is \
quoted content and is left alone.",
    example: "— בני גנץ - Benny Gantz (@gantzbe) November 24, 2021",
    fix: Some("safe"),
};

struct Patterns {
    signature: Regex,
    link: Regex,
}

fn patterns() -> &'static Patterns {
    static P: OnceLock<Patterns> = OnceLock::new();
    P.get_or_init(|| Patterns {
        signature: crate::regex_util::compiled(r"^[—–-]\s*.*\(@[A-Za-z0-9_]+\)\s+.+$"),
        link: crate::regex_util::compiled(r"\s*(?:https?://)?(?:pic\.twitter\.com|t\.co)/[A-Za-z0-9]+"),
    })
}

impl Rule for TweetEmbed {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn line_local(&self) -> bool {
        true
    }

    fn check_line(&self, ctx: &Context<'_>, line: &Line<'_>, out: &mut Vec<Finding>) {
        let p = patterns();
        let t = line.trimmed();
        // Substring tests first: the patterns need `(@` (a signature) or `.co` (`t.co`, `twitter.com`),
        // which almost no line has.
        if t.contains("(@")
            && t.chars().count() <= 160
            && p.signature.is_match(t)
            && !ctx.dates_of(line.index).is_empty()
        {
            let mut b = FindingBuilder::new(&META, line.trimmed_range(), "Signature line of an embedded tweet")
                .fix(remove_line(line, true));
            if let Some(d) = ctx.dates_of(line.index).first() {
                b = b.detail(Detail::Date(d.info.clone()));
            }
            out.push(b.build());
            return;
        }
        if !line.text.contains(".co") {
            return;
        }
        for m in p.link.find_iter(line.text) {
            let range = line.start + m.start()..line.start + m.end();
            let link_start = line.start + m.start() + (m.as_str().len() - m.as_str().trim_start().len());
            out.push(
                FindingBuilder::new(
                    &META,
                    link_start..range.end,
                    format!("Tweet media link \"{}\"", m.as_str().trim()),
                )
                .fix(Fix::safe("Remove the link", vec![Edit::delete(range)]))
                .build(),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::test_support::{findings, lines};

    #[test]
    fn signature_and_links() {
        let text = "عشينا היום צעד היסטורי. pic.twitter.com/bRlRBbpWbR\n— בני גנץ - Benny Gantz (@gantzbe) November 24, 2021\n";
        assert_eq!(lines("SL206", text), vec![1, 2]);
        let f = findings("SL206", text);
        assert_eq!(&text[f[0].range.clone()], "pic.twitter.com/bRlRBbpWbR");
        let fixed = crate::fix::fix_all(&crate::Engine::default(), text, false).text;
        assert!(fixed.starts_with("عشينا היום צעד היסטורי.\n"), "{fixed}");
    }
}
