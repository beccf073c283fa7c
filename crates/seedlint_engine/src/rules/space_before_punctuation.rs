use crate::context::Context;
use crate::document::Line;
use crate::finding::{Category, Edit, Finding, Fix, Severity};
use crate::normalize::is_space;
use crate::rule::{FindingBuilder, Rule, RuleMeta};

pub struct SpaceBeforePunctuation;

static META: RuleMeta = RuleMeta {
    code: "SL502",
    name: "space-before-punctuation",
    category: Category::Whitespace,
    default_severity: Severity::Hint,
    summary: "Space before a comma, semicolon, question mark or full stop (` ،`).",
    explanation: "Arabic and Latin punctuation attaches to the word before it: `الرباط، المغرب`, not \
`الرباط ، المغرب`. Machine-translated and hand-typed text is full of the spaced form. Only `،` `؛` `؟` `,` \
`.` `!` `?` `;` count, and only when followed by a space or the end of the line (so `...`, `3 .5` and `.com` \
are left alone). The fix deletes the space.",
    example: "بعد مغادرته الرباط ، قال غانتس",
    fix: Some("safe"),
};

const PUNCT: &[char] = &['،', '؛', '؟', ',', '.', '!', '?', ';'];

impl Rule for SpaceBeforePunctuation {
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
        for (pos, mark) in line.text.match_indices(PUNCT) {
            let Some(c) = mark.chars().next() else { continue };
            let before = line.text.get(..pos).unwrap_or_default();
            let next = line.text.get(pos + mark.len()..).and_then(|t| t.chars().next());
            let prev = before.chars().next_back();
            let followed_ok = next.is_none_or(is_space);
            let part_of_ellipsis = c == '.' && (next == Some('.') || prev == Some('.'));
            // The spaces before it, and whether there is text before them.
            let text_before = before.trim_end_matches(is_space);
            let space_start = text_before.len();
            if followed_ok && !part_of_ellipsis && space_start < pos && !text_before.is_empty() {
                let range = line.start + space_start..line.start + pos;
                out.push(
                    FindingBuilder::new(&META, range.clone(), format!("Space before \"{c}\""))
                        .fix(Fix::safe("Remove the space", vec![Edit::delete(range)]))
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
    fn spaced_punctuation() {
        let t = "الرباط ، المغرب . انتهى\nانتظر ...\n ، بداية\nwww .com\n";
        let f = findings("SL502", t);
        assert_eq!(f.len(), 2, "{f:?}");
    }
}
