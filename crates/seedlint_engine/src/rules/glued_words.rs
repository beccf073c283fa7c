use crate::context::Context;
use crate::finding::{Category, Edit, Finding, Fix, Severity};
use crate::normalize::{is_arabic_letter, Normalized};
use crate::rule::{FindingBuilder, Rule, RuleMeta};
use std::collections::HashMap;

pub struct GluedWords;

static META: RuleMeta = RuleMeta {
    code: "SL402",
    name: "glued-words",
    category: Category::Residue,
    default_severity: Severity::Warning,
    summary: "Two words glued together where a space was lost (`التحالفاتغانتس`).",
    explanation: "When a scraper removes a link or a line break without leaving a space, two words fuse: \
`التحالفاتغانتس`, `أنّالقدرات`, `لطهرانباتت`. Arabic words are long and productive, so a dictionary alone \
cannot tell; the rule uses the document itself. An Arabic token that occurs once is split at each position, \
and it is flagged when both halves occur elsewhere in the same document as words of their own (with \
proclitics like `و`, `ب`, `ل`, `ال` allowed on the second), each half has at least three letters (two for \
particles such as `أن`, `من`, `في`, `لا`), and the second half is not a pronoun suffix (`ها`, `هم`, `هما`, …). \
The fix inserts the missing space; it is marked unsafe because a rare compound can look glued.",
    example: "غانتس: المغرب وإسرائيل بحاجة لتعميق التحالفاتغانتس: المغرب",
    fix: Some("unsafe"),
};

const SHORT_PARTICLES: &[&str] = &[
    "ان", "من", "في", "عن", "لا", "ما", "لم", "لن", "قد", "هو", "هي", "او", "ثم", "مع",
];
const SUFFIXES: &[&str] = &[
    "ها", "هم", "هما", "هن", "كم", "كما", "نا", "تها", "تهم", "تهما", "وها", "وهم", "ات", "ون",
    "ين", "يه", "ية", "يين", "يات",
];
const CLITICS: &[&str] = &[
    "و", "ف", "ب", "ل", "ك", "ال", "وال", "بال", "فال", "لل", "ول", "وب", "كال",
];

fn arabic_tokens(norm: &Normalized) -> impl Iterator<Item = (usize, &str)> + '_ {
    let text = norm.text.as_str();
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in text.char_indices() {
        if is_arabic_letter(c) {
            start.get_or_insert(i);
        } else if let Some(s) = start.take() {
            out.push((s, &text[s..i]));
        }
    }
    if let Some(s) = start {
        out.push((s, &text[s..]));
    }
    out.into_iter()
}

impl Rule for GluedWords {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &Context<'_>, out: &mut Vec<Finding>) {
        let mut counts: HashMap<&str, usize> = HashMap::new();
        for line in &ctx.lines {
            for (_, tok) in arabic_tokens(&line.norm) {
                *counts.entry(tok).or_default() += 1;
            }
        }
        let known = |w: &str| counts.get(w).copied().unwrap_or(0) > 0;
        let known_with_clitics = |w: &str| {
            known(w)
                || CLITICS.iter().any(|c| {
                    w.strip_prefix(c)
                        .is_some_and(|rest| rest.chars().count() >= 3 && known(rest))
                })
        };
        for line in &ctx.lines {
            if ctx.is_claimed(line.index, &[Category::Metadata, Category::Boilerplate]) {
                continue;
            }
            for (tok_start, tok) in arabic_tokens(&line.norm) {
                let n = tok.chars().count();
                if n < 6 || counts.get(tok).copied().unwrap_or(0) > 1 {
                    continue;
                }
                let split = tok.char_indices().skip(2).map(|(i, _)| i).find(|&i| {
                    let (left, right) = tok.split_at(i);
                    let (ln, rn) = (left.chars().count(), right.chars().count());
                    let left_ok =
                        (ln >= 3 && known(left)) || (ln == 2 && SHORT_PARTICLES.contains(&left));
                    let right_ok =
                        rn >= 3 && !SUFFIXES.contains(&right) && known_with_clitics(right);
                    left_ok && right_ok
                });
                let Some(split) = split else { continue };
                let (left, right) = tok.split_at(split);
                let range = line
                    .norm
                    .source_range(tok_start..tok_start + tok.len(), ctx.text);
                let at = line.norm.source_offset(tok_start + split);
                let original = ctx.text.get(range.clone()).unwrap_or(tok);
                out.push(
                    FindingBuilder::new(
                        &META,
                        range,
                        format!(
                            "\"{original}\" looks like \"{left}\" and \"{right}\" glued together"
                        ),
                    )
                    .fix(Fix::suggestion(
                        "Insert a space",
                        vec![Edit::replace(at..at, " ")],
                    ))
                    .build(),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::test_support::{findings, lines};

    #[test]
    fn glued_pairs_from_document_vocabulary() {
        let t = "غانتس: المغرب وإسرائيل بحاجة لتعميق التحالفات\nغانتس: المغرب وإسرائيل بحاجة لتعميق التحالفاتغانتس: المغرب\n";
        let f = findings("SL402", t);
        assert_eq!(f.len(), 1);
        assert_eq!(&t[f[0].range.clone()], "التحالفاتغانتس");
        let fixed = crate::fix::fix_all(
            &crate::Engine::new(crate::Settings {
                select: vec!["SL402".into()],
                ..Default::default()
            }),
            t,
            true,
        )
        .text;
        assert!(fixed.contains("التحالفات غانتس"));
    }

    #[test]
    fn words_with_suffixes_are_not_glued() {
        let t = "شكر الملك على جهود الوزيرين وجهودهما في هذا المجال.\nهما جهود كبيرة\n";
        assert!(lines("SL402", t).is_empty());
    }
}
