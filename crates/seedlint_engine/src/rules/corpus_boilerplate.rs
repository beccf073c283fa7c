use crate::context::Context;
use crate::finding::{Category, Detail, Finding, Severity, Signal};
use crate::rule::{FindingBuilder, Rule, RuleMeta};
use crate::rules::remove_line;

pub struct CorpusBoilerplate;

static META: RuleMeta = RuleMeta {
    code: "SL104",
    name: "corpus-boilerplate",
    category: Category::Boilerplate,
    default_severity: Severity::Warning,
    summary: "Line that recurs across many documents of the corpus: boilerplate learned from the data.",
    explanation: "Every site has furniture no built-in list knows: its own footer, slogan, newsletter line. \
Across a corpus it gives itself away by recurring. When seedlint checks a text as part of a corpus (the \
editor's workspace, `seedlint check --corpus`), a short line (at most `corpus.max-boilerplate-words` words, \
default 12) that also occurs in at least `corpus.min-documents` other documents (default 3) and in at least \
`corpus.min-share` of them (default 2%) is reported, with the count: \"this line appears in 37 of 40 \
files\". A longer line is usually a paragraph a newsroom reuses (background, a republished lead) and \
recurs in a few files only; it is reported when it is in at least `corpus.paragraph-min-share` of the \
files (default 10%) and in at least twice `corpus.min-documents` others: a site's widget sentence \
(\"get notifications by installing our app…\") is on a large part of its pages. Lines are compared after \
normalization. The fix is unsafe: a recurring line can be a legitimate \
heading, so look before removing.",
    example: "تابعوا آخر الأخبار على قناتنا في تلغرام",
    fix: Some("unsafe"),
};

impl Rule for CorpusBoilerplate {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &Context<'_>, out: &mut Vec<Finding>) {
        let Some(corpus) = ctx.corpus else { return };
        let s = &ctx.settings.corpus;
        let total = corpus.index.documents();
        let others_total = total.saturating_sub(u32::from(corpus.document.is_some())).max(1);
        for line in &ctx.lines {
            if line.words == 0 || ctx.is_claimed_any(line.index) {
                continue;
            }
            let paragraph = line.words > s.max_boilerplate_words;
            if line.key.chars().count() < crate::corpus::MIN_INDEXED_CHARS {
                continue;
            }
            let others = corpus.index.frequency(&line.key, corpus.document);
            let share = others as f32 / others_total as f32;
            let (min_documents, min_share) = if paragraph {
                (s.min_documents.saturating_mul(2), s.paragraph_min_share.max(s.min_share))
            } else {
                (s.min_documents, s.min_share)
            };
            if others < min_documents || share < min_share {
                continue;
            }
            let with_this = others + 1;
            let of = others_total + 1;
            let signals = vec![Signal { name: format!("in {with_this} of {of} documents"), weight: share }];
            out.push(
                FindingBuilder::new(
                    &META,
                    line.trimmed_range(),
                    format!("This line appears in {with_this} of {of} files: boilerplate learned from the corpus"),
                )
                .fix(remove_line(line, false))
                .detail(Detail::Score { score: share, threshold: min_share, signals })
                .build(),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::{CorpusIndex, Engine};

    #[test]
    fn learns_a_sites_own_footer() {
        let footer = "تابعوا آخر الأخبار على قناتنا في تلغرام";
        let mut idx = CorpusIndex::new();
        for i in 0..5 {
            idx.insert(&format!("d{i}"), &format!("مقال رقم {i} عن موضوع مختلف تماما.\n{footer}\n"));
        }
        let text = format!("مقال رقم 0 عن موضوع مختلف تماما.\n{footer}\n");
        let f: Vec<_> = Engine::default()
            .check_in_corpus(&text, Some(&idx), Some("d0"))
            .into_iter()
            .filter(|f| f.code == "SL104")
            .collect();
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].message, "This line appears in 5 of 5 files: boilerplate learned from the corpus");
        // Without a corpus, or in too few documents, nothing.
        assert!(Engine::default().check(&text).iter().all(|f| f.code != "SL104"));
        let mut small = CorpusIndex::new();
        small.insert("d0", &text);
        small.insert("d1", &text);
        assert!(Engine::default().check_in_corpus(&text, Some(&small), Some("d0")).iter().all(|f| f.code != "SL104"));
    }

    /// A site's widget sentence is on many of its pages; a reused background
    /// paragraph on a few. Only the first is boilerplate.
    #[test]
    fn a_long_line_is_boilerplate_only_on_a_large_share_of_the_files() {
        let widget =
            "يمكنكم تسلم إشعارات بأهم الموضوعات بعد تحميل أحدث نسخة من تطبيق الموقع على هواتفكم الذكية في أي وقت";
        let background =
            "وكان الصحفي قد اختفى بعد دخوله مبنى القنصلية في المدينة مطلع الشهر الماضي لإنجاز معاملة رسمية تخص زواجه";
        let mut idx = CorpusIndex::new();
        let page = |i: usize| {
            let mut t = format!("مقال رقم {i} عن موضوع مختلف تماما.\n");
            if i.is_multiple_of(2) {
                t += &format!("{widget}\n");
            }
            if i < 8 {
                t += &format!("{background}\n");
            }
            t
        };
        for i in 0..100 {
            idx.insert(&format!("d{i}"), &page(i));
        }
        let codes = |line: &str| -> Vec<&'static str> {
            let text = page(0);
            let start = text.find(line).unwrap();
            Engine::default()
                .check_in_corpus(&text, Some(&idx), Some("d0"))
                .into_iter()
                .filter(|f| f.range.start == start)
                .map(|f| f.code)
                .collect()
        };
        assert_eq!(codes(widget), vec!["SL104"], "in 50 of 100 files");
        assert_eq!(codes(background), vec!["SL305"], "in 8 of 100 files: a duplicate, not boilerplate");
    }
}
