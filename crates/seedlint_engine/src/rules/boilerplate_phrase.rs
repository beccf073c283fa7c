use crate::context::Context;
use crate::finding::{Category, Detail, Finding, Severity, Signal};
use crate::phrases::{kind_info, MatchMode};
use crate::rule::{FindingBuilder, Rule, RuleMeta};
use crate::rules::remove_line;

pub struct BoilerplatePhrase;

static META: RuleMeta = RuleMeta {
    code: "SL101",
    name: "boilerplate-phrase",
    category: Category::Boilerplate,
    default_severity: Severity::Warning,
    summary: "Line is site boilerplate: a widget heading, tag, footer, site name or link text.",
    explanation: "Scrapers keep the text of page furniture: breaking-news tags (`عاجل`), \"most read\" and \
\"related\" widget headings (`الأكثر قراءة`, `اقرأ أيضا`), empty-widget text (`No stories found.`), share, \
comment and newsletter widgets, comment policies, footers, site names, \"back\"/\"top\" links and logo alt text. \
None of it is article text.\n\n\
The line is compared with a built-in phrase list (see `data/boilerplate.tsv`, extendable with \
`boilerplate.line-phrases` and `boilerplate.contains-phrases`, and per site with `[sites.NAME]` lists, which \
always score enough) after normalization, so `عـاجـل`, `عاجل |` and \
`No  stories found` match, and short lines also match within a small edit distance (`الأحبار العاجلة`). \
A match is only the start of a score: a short line, a line before or after the article body, or a line next \
to other boilerplate scores higher; a line inside the body scores lower, so that a one-word heading that \
happens to equal a section name (`رياضة`) between two paragraphs is left alone. Lines scoring at least \
`boilerplate.min-score` (default 0.6) are reported, and the message lists every signal and its weight.",
    example: "الأكثر قراءة\n\nNo stories found.",
    fix: Some("safe for exact matches, unsafe for fuzzy ones"),
};

impl Rule for BoilerplatePhrase {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &Context<'_>, out: &mut Vec<Finding>) {
        for line in &ctx.lines {
            let Some(m) = ctx.phrase_match(line.index) else {
                continue;
            };
            if ctx.is_claimed_any(line.index) {
                continue;
            }
            let Some(phrase) = ctx.phrases.phrases.get(m.phrase) else { continue };
            let (what, weight) = kind_info(&phrase.kind);
            let mut signals = Vec::new();
            let exact = m.similarity >= 1.0;
            let how = match (phrase.mode, exact) {
                (MatchMode::Contains, _) => format!("contains \"{}\"", phrase.text),
                (MatchMode::Line, true) => format!("is \"{}\"", phrase.text),
                (MatchMode::Line, false) => format!("is close to \"{}\" (similarity {:.2})", phrase.text, m.similarity),
            };
            let base = if exact { weight } else { weight * m.similarity - 0.1 };
            let what = match (&ctx.settings.site, phrase.kind.as_str()) {
                (Some(site), crate::phrases::SITE_KIND) => format!("listed as boilerplate for site \"{site}\""),
                _ => what.to_string(),
            };
            signals.push(Signal { name: format!("{how}: {what}"), weight: base });
            if line.words <= 4 {
                signals.push(Signal { name: "short line".into(), weight: 0.1 });
            }
            match ctx.body {
                Some((first, _)) if line.index < first => {
                    signals.push(Signal { name: "before the article body".into(), weight: 0.15 })
                }
                Some((_, last)) if line.index > last => {
                    signals.push(Signal { name: "after the article body".into(), weight: 0.15 })
                }
                Some(_) => signals.push(Signal { name: "inside the article body".into(), weight: -0.25 }),
                None => signals.push(Signal { name: "no article body around it".into(), weight: 0.1 }),
            }
            let (before, after) = ctx.neighbours(line.index);
            let is_furniture =
                |l: &crate::document::Line<'_>| ctx.phrase_match(l.index).is_some() || ctx.is_claimed_any(l.index);
            if before.is_some_and(is_furniture) || after.is_some_and(is_furniture) {
                signals.push(Signal { name: "next to other boilerplate".into(), weight: 0.1 });
            }
            let score = signals.iter().map(|s| s.weight).sum::<f32>().clamp(0.0, 1.0);
            let threshold = ctx.settings.boilerplate.min_score;
            // A line someone listed for this site is reported whatever its score.
            let listed_for_site = exact && phrase.kind == crate::phrases::SITE_KIND;
            if score < threshold && !listed_for_site {
                continue;
            }
            let why: Vec<String> = signals.iter().map(|s| format!("{} ({:+.2})", s.name, s.weight)).collect();
            let message = format!("Boilerplate line, score {score:.2}: {}", why.join("; "));
            out.push(
                FindingBuilder::new(&META, line.trimmed_range(), message)
                    .fix(remove_line(line, exact))
                    .detail(Detail::Score { score, threshold, signals })
                    .build(),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::test_support::lines;

    #[test]
    fn flags_widgets_around_the_article() {
        let body = "قال وزير الدفاع الإسرائيلي بيني غانتس، إن الرباط وتل أبيب، بحاجة لتعميق التحالفات في المنطقة كلها.";
        let text =
            format!("عـاجـل\n{body}\n{body} وأضاف.\nالأكثر قراءة\n\nNo stories found.\nالأحبار العاجلة\n× On whatsapp\n");
        assert_eq!(lines("SL101", &text), vec![1, 4, 6, 7, 8]);
    }

    #[test]
    fn leaves_section_words_inside_the_body_alone() {
        let body = "قال وزير الدفاع الإسرائيلي بيني غانتس، إن الرباط وتل أبيب، بحاجة لتعميق التحالفات في المنطقة كلها.";
        let text = format!("{body}\nرياضة\n{body} ثم\nعودة\n{body} وأكد.\n");
        assert!(lines("SL101", &text).is_empty());
    }

    #[test]
    fn a_sentence_using_a_phrase_is_not_boilerplate() {
        let text = "وقال إن الأكثر قراءة هذا الأسبوع كان تقرير الوزارة عن الاقتصاد، وهو ما أثار نقاشا واسعا.\n";
        assert!(lines("SL101", text).is_empty());
    }
}
