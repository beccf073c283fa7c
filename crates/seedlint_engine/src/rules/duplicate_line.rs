use crate::context::Context;
use crate::finding::{Category, Finding, Severity};
use crate::rule::{FindingBuilder, Rule, RuleMeta};
use crate::rules::{excerpt, human_line, remove_line};
use rustc_hash::FxHashMap as HashMap;

pub struct DuplicateLine;

static META: RuleMeta = RuleMeta {
    code: "SL301",
    name: "duplicate-line",
    category: Category::Duplicate,
    default_severity: Severity::Warning,
    summary: "Line repeats an earlier line of the same document.",
    explanation: "Scrapers often keep a title or lead paragraph twice (the page's `<h1>` and its `og:title`, \
or a lead repeated as the last line). Two lines are the same when their keys are: letters and digits after \
normalization, so punctuation, spacing, diacritics and letter variants do not hide a repeat. Lines shorter than \
`duplicates.min-chars` (default 10) are ignored, and so are items of a list (lines marked with a bullet, \
a list number or a leading dash, next to another such line): a ranked vote repeats its names and two phones \
share specifications. The finding points at the first copy.",
    example: "وزير الدفاع الإسرائيلي جاي للمغرب.. القضية فيها صواريخ “كروز”؟\n\nوزير الدفاع الإسرائيلي جاي للمغرب.. القضية فيها صواريخ “كروز”؟",
    fix: Some("safe"),
};

impl Rule for DuplicateLine {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &Context<'_>, out: &mut Vec<Finding>) {
        let min = ctx.settings.duplicates.min_chars;
        let mut first_seen: HashMap<&str, usize> = HashMap::default();
        for line in &ctx.lines {
            if line.key.chars().count() < min {
                continue;
            }
            match first_seen.get(line.key.as_str()) {
                None => {
                    first_seen.insert(&line.key, line.index);
                }
                Some(&first) => {
                    if ctx.is_claimed(line.index, &[Category::Duplicate]) || ctx.is_list_item(line.index) {
                        continue;
                    }
                    let Some(original) = ctx.line(first) else { continue };
                    out.push(
                        FindingBuilder::new(
                            &META,
                            line.trimmed_range(),
                            format!("Duplicate of line {}: \"{}\"", human_line(original), excerpt(original.text, 60)),
                        )
                        .related(original.trimmed_range(), "first copy")
                        .fix(remove_line(line, true))
                        .build(),
                    );
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::test_support::{findings, lines};

    #[test]
    fn exact_after_normalization() {
        let text = "عنوان المقال هنا طويل\n\nعنوان المقـال هنا، طويل!\nقصير\nقصير\n";
        assert_eq!(lines("SL301", text), vec![3]);
        let f = &findings("SL301", text)[0];
        assert_eq!(&text[f.related[0].range.clone()], "عنوان المقال هنا طويل");
    }

    #[test]
    fn list_items_may_repeat() {
        let votes = "المدرب الأول\n1-محمد صلاح\n2-لوكا مودريتش\nالمدرب الثاني\n1-محمد صلاح\n2-لوكا مودريتش\n";
        assert!(lines("SL301", votes).is_empty());
        let specs = "-الذاكرة العشوائية : 4GB .\n-ذاكرة التخزين : 64GB .\nالهاتف الثاني\n-الذاكرة العشوائية : 4GB .\n-ذاكرة التخزين : 64GB .\n";
        assert!(lines("SL301", specs).is_empty());
        // A lone repeated line that only starts with a number is still a duplicate.
        let lone = "3- نقاط تلخص الخبر الطويل\nنص المقال هنا.\n3- نقاط تلخص الخبر الطويل\n";
        assert_eq!(lines("SL301", lone), vec![3]);
    }
}
