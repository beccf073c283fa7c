use crate::context::Context;
use crate::document::Line;
use crate::finding::{Category, Edit, Finding, Fix, Severity};
use crate::rule::{FindingBuilder, Rule, RuleMeta};
use crate::rules::human_line;

pub struct HardWrappedLine;

static META: RuleMeta = RuleMeta {
    code: "SL403",
    name: "hard-wrapped-line",
    category: Category::Residue,
    default_severity: Severity::Info,
    summary: "A sentence is broken across two lines (hard-wrapped mid-sentence).",
    explanation: "Copying from a rendered page or a PDF breaks paragraphs at the width of a column: a line \
ends mid-sentence (`… ولكن على أساس`) and the sentence goes on at the start of the next line (`شيء أكثر قوة، \
مع بقاء أطول.`). A break is reported when the line before it has at least six words and no sentence-ending \
punctuation, the next line directly follows it, and either the line ends with a word that cannot end a \
sentence (`و`, `في`, `على`, `عن`, `التي`, `the`, `of`, …), or it has at least twelve words and the next line \
ends a sentence. The first two lines of a document (title and subtitle) never count, and neither do lines reported as \
metadata or boilerplate. The fix joins the two lines with a space.",
    example: "المغرب وإسرائيل: شراكة عسكرية\nتحليل\nتأمل إسرائيل في أن تتطور علاقاتها المتجددة مع المغرب إلى علاقة عميقة، ولكن على أساس\nشيء أكثر قوة ، مع بقاء أطول.",
    fix: Some("unsafe"),
};

const CANNOT_END: &[&str] = &[
    "و",
    "في",
    "من",
    "الي",
    "علي",
    "عن",
    "ان",
    "او",
    "ثم",
    "التي",
    "الذي",
    "الذين",
    "اللذين",
    "اللتين",
    "مع",
    "بين",
    "حول",
    "بعد",
    "قبل",
    "لدي",
    "عند",
    "حتي",
    "لكن",
    "بل",
    "اذا",
    "لان",
    "كما",
    "ضد",
    "نحو",
    "خلال",
    "منذ",
    "عبر",
    "دون",
    "لا",
    "لم",
    "لن",
    "قد",
    "the",
    "a",
    "an",
    "of",
    "to",
    "and",
    "in",
    "on",
    "for",
    "with",
    "by",
    "from",
    "that",
    "or",
    "but",
];

fn ends_sentence(line: &Line<'_>) -> bool {
    let t = line.trimmed();
    let core = t.trim_end_matches(['"', '\'', '”', '“', '»', '«', ')', ']', '*']);
    core.ends_with(['.', '!', '?', '؟', ':', '؛', ';', '…'])
}

impl Rule for HardWrappedLine {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &Context<'_>, out: &mut Vec<Finding>) {
        // Title and subtitle: unpunctuated by nature, and what follows them is not their continuation.
        let heading_zone_end = ctx.lines.iter().filter(|l| !l.is_blank()).nth(1).map_or(0, |l| l.index);
        for pair in ctx.lines.windows(2) {
            let [a, b] = pair else { continue };
            if a.index <= heading_zone_end || a.words < 6 || b.is_blank() || a.is_blank() {
                continue;
            }
            let furniture = [Category::Metadata, Category::Boilerplate, Category::Duplicate];
            if ctx.is_claimed(a.index, &furniture) || ctx.is_claimed(b.index, &furniture) || ends_sentence(a) {
                continue;
            }
            let last_word = a.key.rsplit(' ').next().unwrap_or_default();
            let dangling = CANNOT_END.contains(&last_word);
            // Without a dangling word the evidence is weaker, so list-like lines (numbers,
            // `label: value`, several sentences already) are left alone.
            let listy = |l: &Line<'_>| {
                let t = l.trimmed();
                let digits = t.chars().filter(char::is_ascii_digit).count();
                t.starts_with(|c: char| c.is_ascii_digit() || crate::context::is_bulleted(&c.to_string()))
                    || t.contains(':')
                    || digits * 10 > t.chars().count()
                    || t.trim_end_matches('.').contains('.')
            };
            // Arabic paragraphs open with و/ف + verb (وأضافت، وأعلن): then a missing full stop, not a wrap.
            let opens_paragraph =
                b.key.split(' ').next().is_some_and(|w| w.chars().count() >= 4 && w.starts_with(['و', 'ف']));
            let long_then_sentence_end =
                a.words >= 12 && ends_sentence(b) && !listy(a) && !listy(b) && !opens_paragraph;
            if !(dangling || long_then_sentence_end) {
                continue;
            }
            let why = if dangling {
                format!("line {} ends with \"{last_word}\", which cannot end a sentence", human_line(a))
            } else {
                format!(
                    "line {} stops without punctuation and the sentence ends on line {}",
                    human_line(a),
                    human_line(b)
                )
            };
            out.push(
                FindingBuilder::new(&META, a.end..b.start, format!("Sentence broken across lines: {why}"))
                    .fix(Fix::suggestion("Join the lines", vec![Edit::replace(a.end..b.start, " ")]))
                    .build(),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::test_support::lines;

    #[test]
    fn wrapped_sentences() {
        let t = "عنوان المقال الذي لا ينتهي بنقطة أبدا هنا\n\
عنوان فرعي طويل\n\
تأمل إسرائيل في أن تتطور علاقاتها المتجددة مع المغرب إلى علاقة عميقة لا تقوم فقط على مبيعات الأسلحة ولكن على أساس\n\
شيء أكثر قوة ، مع بقاء أطول.\n\
بينما أعرب المغرب عن\n\
اهتمامه بعدد من الأنظمة.\n";
        assert_eq!(lines("SL403", t), vec![3]);
    }

    #[test]
    fn titles_and_paragraphs_are_not_wrapped() {
        let t = "تتطلع إسرائيل إلى تعميق العلاقات مع المغرب بخطط لبيع أسلحة وتدريبات مشتركة\n\
بعد مغادرته الرباط ، قال غانتس إن رحلته كانت علنية بشكل غير مسبوق\n\
وكانت صحيفة ديفينسيا المختصة في الشؤون العسكرية، كشفت أن المغرب باشر مفاوضاته.\n\
وقالت الصحيفة إن المغرب مهتم بشراء نظام الدفاع الصاروخي.\n\
وأدت الانفجارات التي وقعت في خطي نورد ستريم المخصصين لتصدير الغاز الروسي إلى أوروبا في أيلول الماضي\n\
وأعلن مسؤولون ألمان أن شولتس سيدافع عن الاتفاق.\n";
        assert!(lines("SL403", t).is_empty());
    }
}
