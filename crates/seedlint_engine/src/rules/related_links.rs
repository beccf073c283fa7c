use crate::classifier::related_links;
use crate::context::Context;
use crate::finding::{Category, Detail, Finding, Severity, Signal};
use crate::rule::{FindingBuilder, Rule, RuleMeta};
use crate::rules::{excerpt, remove_line};

pub struct RelatedLinks;

static META: RuleMeta = RuleMeta {
    code: "SL106",
    name: "related-links",
    category: Category::Boilerplate,
    default_severity: Severity::Warning,
    summary:
        "A \"read also\" link to another story (`اقرأ أيضا: …`, `Read more: …`), or the headlines listed under one.",
    explanation: "News sites put links to their other stories into the article: a marker such as `اقرأ أيضا`, \
`إقرأ أيضاً`, `قد يهمك`, `شاهد..`, `Read more`, `Related`, `Lire aussi` or `Lesen Sie auch`, then a \
separator (`:`, `..`, `-`, `|`, `»`) and the other story's headline, all on one line; or the marker alone as \
a header with a few headlines under it, as \"most read\" boxes are headed too (`الأكثر قراءة`, `Most read`, \
`Les plus lus`). Neither is the article's text.\n\n\
The marker must open the line and be followed by a separator or by nothing, so a sentence that starts with \
the same word (`شاهد عيان قال …`, an eyewitness said) is left alone. Under a bare header, the lines that \
read like headlines (no more than 22 words, no end mark but `?` or `!`, not a prose paragraph) are taken, up \
to six and up to the first prose paragraph; a short last one directly above a paragraph, after other \
items, is taken for that paragraph's subheading and kept. The markers are the classifier's \"read also\" \
family (`classifier.rs`). The link line's fix is safe; the listed headlines' fix is unsafe, since a \
subheading can look like a headline.",
    example: "اقرأ أيضاً: لماذا تتدهور الليرة التركية؟\nاقرأ أيضا:\nأردوغان يعين صهره وزيرا للمالية",
    fix: Some("safe for the link line, unsafe for headlines listed under a header"),
};

impl Rule for RelatedLinks {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &Context<'_>, out: &mut Vec<Finding>) {
        for block in related_links(ctx) {
            let n = block.items.len();
            if let Some(line) = ctx.line(block.header).filter(|_| !ctx.is_claimed_any(block.header)) {
                let (message, signal) = if block.inline {
                    (
                        format!("Link to another story: \"{}\" and a headline", block.marker),
                        format!("starts with \"{}\" and a separator", block.marker),
                    )
                } else {
                    (
                        format!("Related-links header \"{}\" ({n} headline(s) under it)", block.marker),
                        format!("is \"{}\" alone", block.marker),
                    )
                };
                let signals = vec![Signal { name: signal, weight: 1.0 }];
                out.push(
                    FindingBuilder::new(&META, line.trimmed_range(), message)
                        .fix(remove_line(line, true))
                        .detail(Detail::Score { score: 1.0, threshold: 1.0, signals })
                        .build(),
                );
            }
            for (pos, &k) in block.items.iter().enumerate() {
                let Some(line) = ctx.line(k) else { continue };
                if ctx.is_claimed_any(k) {
                    continue;
                }
                let signals = vec![
                    Signal { name: format!("under the header \"{}\"", block.marker), weight: 0.6 },
                    Signal { name: "reads like a headline, not a paragraph".into(), weight: 0.3 },
                ];
                let header = ctx.line(block.header).map_or_else(String::new, |h| excerpt(h.text, 40));
                out.push(
                    FindingBuilder::new(
                        &META,
                        line.trimmed_range(),
                        format!("Headline {} of {n} listed under \"{header}\" (line {})", pos + 1, block.header + 1),
                    )
                    .fix(remove_line(line, false))
                    .detail(Detail::Score { score: 0.9, threshold: 0.6, signals })
                    .build(),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::test_support::lines;

    const BODY: &str =
        "قال وزير الدفاع الإسرائيلي بيني غانتس، إن الرباط وتل أبيب بحاجة لتعميق التحالفات في المنطقة كلها.";

    #[test]
    fn finds_inline_links_in_their_spellings() {
        let text = format!(
            "{BODY}\nإقرأ أيضا: تركي آل الشيخ يطالب الهلال بـ\"اتخاذ اللازم\"\n{BODY}\nاقرأ أيضا : رحلة محمد مرسي بين السلطة والسجن\n{BODY}\nقد يهمك.. ما حقيقة عدم تصويت كوبر؟\n{BODY}\nشاهد.. الرئاسة الفرنسية تنشر فيديو\n{BODY}\nRead more: Another story about it\n{BODY}\n"
        );
        assert_eq!(lines("SL106", &text), vec![2, 4, 6, 8, 10]);
    }

    #[test]
    fn takes_the_headlines_under_a_bare_header_up_to_the_prose() {
        let text = format!(
            "{BODY}\nاقرأ أيضاً:\nلماذا تتدهور الليرة التركية؟\nأردوغان يعين صهره وزيرا للمالية وانخفاض الليرة التركية\nترامب: \"لا تنازل مع تركيا\" في ملف رجل الدين\n{BODY}\n"
        );
        assert_eq!(lines("SL106", &text), vec![2, 3, 4, 5]);
    }

    #[test]
    fn keeps_a_subheading_above_the_next_paragraph() {
        let text = format!(
            "{BODY}\nاقرأ أيضا\nلماذا تتدهور الليرة التركية؟\nأردوغان يعين صهره وزيرا للمالية\nصفقة ملكية شركة ديزني\n{BODY}\n"
        );
        assert_eq!(lines("SL106", &text), vec![2, 3, 4]);
    }

    #[test]
    fn leaves_sentences_that_start_with_a_marker_word_alone() {
        let text = format!(
            "{BODY}\nشاهد عيان قال إن الانفجار وقع قرب المستشفى\nRelated work has shown the same effect in mice\n{BODY}\nاقرأ أيضا:\n{BODY}\n"
        );
        assert_eq!(lines("SL106", &text), vec![5]);
    }
}
