use crate::context::Context;
use crate::document::Line;
use crate::finding::{Category, Edit, Finding, Fix, Severity};
use crate::normalize::is_space;
use crate::rule::check_each_line;
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
        check_each_line(self, ctx, out)
    }

    fn line_local(&self) -> bool {
        true
    }

    fn check_line(&self, ctx: &Context<'_>, line: &Line<'_>, out: &mut Vec<Finding>) {
        if ctx.is_furniture(line.index) {
            return;
        }
        let chars: Vec<(usize, char)> = line.text.char_indices().collect();
        for (i, &(pos, c)) in chars.iter().enumerate() {
            if !PUNCT.contains(&c) {
                continue;
            }
            let next = chars.get(i + 1).map(|&(_, n)| n);
            let prev = i.checked_sub(1).and_then(|p| chars.get(p)).map(|&(_, p)| p);
            let followed_ok = next.is_none_or(is_space);
            let part_of_ellipsis = c == '.' && (next == Some('.') || prev == Some('.'));
            // The spaces before it, and whether there is text before them.
            let spaces = chars.get(..i).unwrap_or_default().iter().rev().take_while(|&&(_, p)| is_space(p)).count();
            let Some(&(space_start, _)) = chars.get(i - spaces) else { continue };
            if followed_ok && !part_of_ellipsis && spaces > 0 && spaces < i {
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
