use crate::context::Context;
use crate::finding::{Category, Edit, Finding, Fix, Severity};
use crate::normalize::{is_arabic_letter, is_invisible};
use crate::rule::{FindingBuilder, Rule, RuleMeta};

pub struct InvisibleCharacter;

static META: RuleMeta = RuleMeta {
    code: "SL601",
    name: "invisible-character",
    category: Category::Encoding,
    default_severity: Severity::Warning,
    summary: "Zero-width or bidirectional control character in the text.",
    explanation: "Zero-width spaces, joiners, word joiners, soft hyphens, stray BOMs and bidi marks are \
invisible, yet they split words for search and tokenizers (`عا\u{200B}جل` is not `عاجل`). Bidi embeddings, \
overrides and isolates (U+202A–U+202E, U+2066–U+2069) can also make text display in another order than it is \
stored (the \"Trojan Source\" trick); they are reported as errors. Two uses are legitimate and left alone: a \
BOM at the very start of the file, and a zero-width non-joiner or joiner between two Arabic-script letters \
(Persian and Urdu spelling needs them). The fix deletes the characters.",
    example: "عا\u{200B}جل",
    fix: Some("safe"),
};

fn name(c: char) -> &'static str {
    match c {
        '\u{00AD}' => "SOFT HYPHEN",
        '\u{061C}' => "ARABIC LETTER MARK",
        '\u{180E}' => "MONGOLIAN VOWEL SEPARATOR",
        '\u{200B}' => "ZERO WIDTH SPACE",
        '\u{200C}' => "ZERO WIDTH NON-JOINER",
        '\u{200D}' => "ZERO WIDTH JOINER",
        '\u{200E}' => "LEFT-TO-RIGHT MARK",
        '\u{200F}' => "RIGHT-TO-LEFT MARK",
        '\u{202A}' => "LEFT-TO-RIGHT EMBEDDING",
        '\u{202B}' => "RIGHT-TO-LEFT EMBEDDING",
        '\u{202C}' => "POP DIRECTIONAL FORMATTING",
        '\u{202D}' => "LEFT-TO-RIGHT OVERRIDE",
        '\u{202E}' => "RIGHT-TO-LEFT OVERRIDE",
        '\u{2060}' => "WORD JOINER",
        '\u{2066}' => "LEFT-TO-RIGHT ISOLATE",
        '\u{2067}' => "RIGHT-TO-LEFT ISOLATE",
        '\u{2068}' => "FIRST STRONG ISOLATE",
        '\u{2069}' => "POP DIRECTIONAL ISOLATE",
        '\u{FEFF}' => "ZERO WIDTH NO-BREAK SPACE (BOM)",
        _ => "INVISIBLE FORMATTING CHARACTER",
    }
}

fn is_bidi_override(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

impl Rule for InvisibleCharacter {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &Context<'_>, out: &mut Vec<Finding>) {
        let text = ctx.text;
        // Jump from one invisible character to the next with a multi-pattern search over
        // their UTF-8 encodings, instead of decoding every character of the text.
        let Some(finder) = invisible_finder() else { return };
        for m in finder.find_iter(text) {
            let i = m.start();
            let Some(c) = text.get(i..).and_then(|t| t.chars().next()) else { continue };
            let prev = text.get(..i).and_then(|t| t.chars().next_back());
            let next = text.get(m.end()..).and_then(|t| t.chars().next());
            let legit_bom = c == '\u{FEFF}' && i == 0;
            let shaping = matches!(c, '\u{200C}' | '\u{200D}')
                && prev.is_some_and(is_arabic_letter)
                && next.is_some_and(is_arabic_letter);
            if legit_bom || shaping {
                continue;
            }
            let range = i..i + c.len_utf8();
            let mut f = FindingBuilder::new(&META, range.clone(), format!("Invisible U+{:04X} {}", c as u32, name(c)))
                .fix(Fix::safe("Delete the invisible character", vec![Edit::delete(range)]))
                .build();
            if is_bidi_override(c) {
                f.severity = Severity::Error;
                f.message.push_str(": it can reorder how the text displays");
            }
            out.push(f);
        }
    }
}

/// A searcher for every character `is_invisible` accepts.
fn invisible_finder() -> Option<&'static aho_corasick::AhoCorasick> {
    static FINDER: std::sync::OnceLock<Option<aho_corasick::AhoCorasick>> = std::sync::OnceLock::new();
    FINDER
        .get_or_init(|| {
            let all = ('\u{80}'..='\u{FFFF}').filter(|&c| is_invisible(c)).map(String::from);
            aho_corasick::AhoCorasick::new(all).ok()
        })
        .as_ref()
}

#[cfg(test)]
mod tests {
    use crate::rules::test_support::findings;

    #[test]
    fn invisible_but_not_shaping_or_bom() {
        let t = "\u{FEFF}عا\u{200B}جل می\u{200C}خواهم a\u{202E}b\n";
        let f = findings("SL601", t);
        assert_eq!(f.len(), 2);
        assert!(f[0].message.contains("ZERO WIDTH SPACE"));
        assert_eq!(f[1].severity, crate::Severity::Error);
    }
}
