use crate::context::Context;
use crate::finding::{Category, Edit, Finding, Fix, Severity};
use crate::rule::{FindingBuilder, Rule, RuleMeta};

pub struct ControlCharacter;

static META: RuleMeta = RuleMeta {
    code: "SL605",
    name: "control-character",
    category: Category::Encoding,
    default_severity: Severity::Error,
    summary: "C0/C1 control character (NUL, BEL, ESC, …) in the text.",
    explanation: "Control characters other than tab and line breaks have no place in scraped text: they \
come from binary junk, broken encodings or terminal escape codes, and some tools stop reading at a NUL. The fix \
deletes them.",
    example: "نص\u{0007}",
    fix: Some("safe"),
};

impl Rule for ControlCharacter {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &Context<'_>, out: &mut Vec<Finding>) {
        // Control characters (category Cc) are U+0000..U+001F, U+007F and U+0080..U+009F:
        // single bytes below 0x20 or 0x7F, or 0xC2 followed by 0x80..=0x9F. Looking at
        // bytes skips decoding the text, which is nearly always free of them.
        let bytes = ctx.text.as_bytes();
        let candidates = bytes.iter().enumerate().filter(|&(i, &b)| {
            (b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r'))
                || b == 0x7F
                || (b == 0xC2 && bytes.get(i + 1).is_some_and(|n| (0x80..=0x9F).contains(n)))
        });
        for (i, _) in candidates {
            let Some(c) = ctx.text.get(i..).and_then(|t| t.chars().next()) else { continue };
            if c.is_control() {
                let range = i..i + c.len_utf8();
                out.push(
                    FindingBuilder::new(&META, range.clone(), format!("Control character U+{:04X}", c as u32))
                        .fix(Fix::safe("Delete the control character", vec![Edit::delete(range)]))
                        .build(),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::test_support::findings;

    #[test]
    fn controls() {
        assert_eq!(findings("SL605", "a\u{0000}b\tc\u{001B}\n").len(), 2);
    }
}
