use crate::context::Context;
use crate::document::Line;
use crate::finding::{Category, Edit, Finding, Fix, Severity};
use crate::rule::{FindingBuilder, Rule, RuleMeta};

pub struct MixedScriptWord;

static META: RuleMeta = RuleMeta {
    code: "SL606",
    name: "mixed-script-word",
    category: Category::Encoding,
    default_severity: Severity::Warning,
    summary: "A Latin word with Cyrillic or Greek look-alike letters in it (a homoglyph: `Gаntz` with Cyrillic `а`).",
    explanation: "Cyrillic `а е о р с х у` and Greek `ο ν ρ` look exactly like Latin letters. A word that \
mixes them is either spoofing (to dodge filters and search) or the residue of OCR and keyboard mix-ups; \
either way it no longer matches its real spelling. The rule flags words whose letters come from both the \
Latin and the Cyrillic or Greek script. When every foreign letter has a Latin twin, the fix replaces \
them (unsafe: a real Cyrillic word with one Latin letter would be altered too).",
    example: "Benny Gаntz",
    fix: Some("unsafe"),
};

fn is_cyrillic_or_greek(c: char) -> bool {
    matches!(c, '\u{0370}'..='\u{03FF}' | '\u{0400}'..='\u{052F}')
}

impl Rule for MixedScriptWord {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn line_local(&self) -> bool {
        true
    }

    fn check_line(&self, _ctx: &Context<'_>, line: &Line<'_>, out: &mut Vec<Finding>) {
        // Greek and Cyrillic (U+0370..U+052F) start with bytes 0xCD..=0xD4 in UTF-8;
        // a line without one (nearly every Arabic or English line) has nothing to find.
        if line.text.is_ascii() || !line.text.bytes().any(|b| (0xCD..=0xD4).contains(&b)) {
            return;
        }
        // Words with their byte offsets (separators may be several bytes: `،`, NBSP).
        let mut words: Vec<(usize, &str)> = Vec::new();
        let mut word_start: Option<usize> = None;
        for (i, c) in line.text.char_indices().chain(std::iter::once((line.text.len(), ' '))) {
            match (crate::normalize::is_word_char(c), word_start) {
                (true, None) => word_start = Some(i),
                (false, Some(s)) => {
                    words.push((s, line.text.get(s..i).unwrap_or_default()));
                    word_start = None;
                }
                _ => {}
            }
        }
        for (start, word) in words {
            if word.chars().count() > 64 {
                continue;
            }
            let latin = word.chars().any(|c| c.is_ascii_alphabetic());
            let foreign: Vec<char> = word.chars().filter(|&c| is_cyrillic_or_greek(c)).collect();
            if !latin || foreign.is_empty() {
                continue;
            }
            let range = line.start + start..line.start + start + word.len();
            let names: Vec<String> = foreign.iter().map(|c| format!("{c} U+{:04X}", *c as u32)).collect();
            let mut b = FindingBuilder::new(
                &META,
                range.clone(),
                format!("\"{word}\" mixes Latin with Cyrillic/Greek letters ({})", names.join(", ")),
            );
            if foreign.iter().all(|&c| crate::normalize::latin_twin(c).is_some()) {
                let fixed: String = word.chars().map(|c| crate::normalize::latin_twin(c).unwrap_or(c)).collect();
                b = b
                    .fix(Fix::suggestion(format!("Use Latin letters: \"{fixed}\""), vec![Edit::replace(range, fixed)]));
            }
            out.push(b.build());
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::test_support::findings;

    #[test]
    fn homoglyphs() {
        let t = "وقال Benny Gаntz و Москва и Athens ΑΘΗΝΑ\n";
        let f = findings("SL606", t);
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(&t[f[0].range.clone()], "Gаntz");
        let fixed = crate::fix::fix_all(
            &crate::Engine::new(crate::Settings { select: vec!["SL606".into()], ..Default::default() }),
            t,
            true,
        )
        .text;
        assert!(fixed.contains("Benny Gantz"));
    }
}
