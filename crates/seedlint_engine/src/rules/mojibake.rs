use crate::context::Context;
use crate::finding::{Category, Finding, Severity};
use crate::rule::{FindingBuilder, Rule, RuleMeta};
use regex::Regex;
use std::sync::OnceLock;

pub struct Mojibake;

static META: RuleMeta = RuleMeta {
    code: "SL604",
    name: "mojibake",
    category: Category::Encoding,
    default_severity: Severity::Error,
    summary: "UTF-8 read as Latin-1 or Windows-1252 (`Ø§Ù„Ù…ØºØ±Ø¨` for `المغرب`).",
    explanation: "Arabic letters are two bytes in UTF-8, with a lead byte 0xD8–0xDB. Decoded as Latin-1 or \
Windows-1252 they become pairs like `Ø§`, `Ù„`, `Ù…`. Three such pairs in a row are flagged. There is no \
automatic fix: re-decode the source instead of editing the symptom.",
    example: "Ø§Ù„Ù…ØºØ±Ø¨",
    fix: None,
};

fn regex() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| crate::regex_util::compiled(r"(?:[ØÙÚÛ][\u{0080}-\u{00BF}\u{0152}\u{0153}\u{0160}\u{0161}\u{0178}\u{017D}\u{017E}\u{0192}\u{02C6}\u{02DC}\u{2013}-\u{2122}]){3,}"))
}

impl Rule for Mojibake {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &Context<'_>, out: &mut Vec<Finding>) {
        for m in regex().find_iter(ctx.text) {
            out.push(
                FindingBuilder::new(&META, m.range(), "Mojibake: UTF-8 Arabic decoded as Latin-1/Windows-1252").build(),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::test_support::findings;

    #[test]
    fn double_decoded_arabic() {
        assert_eq!(findings("SL604", "Ø§Ù„Ù…ØºØ±Ø¨ ok\n").len(), 1);
        assert!(findings("SL604", "Ørsted Ústí\n").is_empty());
    }
}
