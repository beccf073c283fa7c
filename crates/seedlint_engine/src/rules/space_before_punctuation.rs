use crate::context::Context;
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

    fn check(&self, ctx: &Context<'_>, out: &mut Vec<Finding>) {
        for line in &ctx.lines {
            if ctx.is_furniture(line.index) {
                continue;
            }
            let text = line.text;
            let chars: Vec<(usize, char)> = text.char_indices().collect();
            let mut i = 0;
            while i < chars.len() {
                let (pos, c) = chars[i];
                if !PUNCT.contains(&c) {
                    i += 1;
                    continue;
                }
                let followed_ok = chars.get(i + 1).is_none_or(|&(_, n)| is_space(n));
                let part_of_ellipsis =
                    c == '.' && (chars.get(i + 1).is_some_and(|&(_, n)| n == '.') || i > 0 && chars[i - 1].1 == '.');
                // Walk back over the spaces before it.
                let mut j = i;
                while j > 0 && is_space(chars[j - 1].1) {
                    j -= 1;
                }
                if followed_ok && !part_of_ellipsis && j < i && j > 0 {
                    let range = line.start + chars[j].0..line.start + pos;
                    out.push(
                        FindingBuilder::new(&META, range.clone(), format!("Space before \"{c}\""))
                            .fix(Fix::safe("Remove the space", vec![Edit::delete(range)]))
                            .build(),
                    );
                }
                i += 1;
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
