use crate::context::Context;
use crate::document::Line;
use crate::finding::{Category, Edit, Finding, Fix, Severity};
use crate::normalize::is_arabic_letter;
use crate::rule::{FindingBuilder, Rule, RuleMeta};

pub struct MissingSpaceAfterPunctuation;

static META: RuleMeta = RuleMeta {
    code: "SL506",
    name: "missing-space-after-punctuation",
    category: Category::Whitespace,
    default_severity: Severity::Info,
    summary: "No space after a comma, full stop or colon between two Arabic words (`أمني،قوله`).",
    explanation: "When markup between two sentences or clauses is removed, the space goes with it: \
`أمني،قوله`, `عبوة.قومي`. Tokenizers then see one word. Only punctuation with an Arabic letter directly \
on both sides is reported, so numbers (`48.72`), domains (`eremnews.com`) and Latin abbreviations are left \
alone. The fix inserts a space after the punctuation.",
    example: "وقال مسؤول أمني،قوله إن الوضع هادئ.",
    fix: Some("safe"),
};

const PUNCT: &[char] = &['،', '؛', '؟', ',', '.', '!', ':', ';'];

impl Rule for MissingSpaceAfterPunctuation {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn line_local(&self) -> bool {
        true
    }

    fn check_line(&self, ctx: &Context<'_>, line: &Line<'_>, out: &mut Vec<Finding>) {
        if ctx.is_furniture(line.index) {
            return;
        }
        // Jump from one punctuation mark to the next instead of decoding the whole line.
        for (at, mark) in line.text.match_indices(PUNCT) {
            let before = line.text.get(..at).and_then(|t| t.chars().next_back());
            let after = line.text.get(at + mark.len()..).and_then(|t| t.chars().next());
            let (Some(before), Some(p), Some(after)) = (before, mark.chars().next(), after) else { continue };
            if !is_arabic_letter(before) || !is_arabic_letter(after) {
                continue;
            }
            let end = line.start + at + p.len_utf8();
            out.push(
                FindingBuilder::new(&META, line.start + at..end, format!("No space after \"{p}\""))
                    .fix(Fix::safe("Insert a space", vec![Edit::replace(end..end, " ")]))
                    .build(),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::test_support::findings;

    #[test]
    fn glued_after_punctuation() {
        let t = "أمني،قوله عبوة.قومي 48.72 eremnews.com U.S. ثم، بعد\n";
        assert_eq!(findings("SL506", t).len(), 2);
        let e = crate::Engine::new(crate::Settings { select: vec!["SL506".into()], ..Default::default() });
        assert_eq!(crate::fix::fix_all(&e, t, false).text, "أمني، قوله عبوة. قومي 48.72 eremnews.com U.S. ثم، بعد\n");
    }
}
