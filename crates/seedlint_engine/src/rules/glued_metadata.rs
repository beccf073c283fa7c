use crate::context::Context;
use crate::document::Line;
use crate::finding::{Category, Detail, Finding, Severity, Signal};
use crate::rule::{FindingBuilder, Rule, RuleMeta};
use crate::rules::remove_line;
use regex::Regex;
use std::sync::OnceLock;

pub struct GluedMetadata;

static META: RuleMeta = RuleMeta {
    code: "SL203",
    name: "glued-metadata",
    category: Category::Metadata,
    default_severity: Severity::Warning,
    summary: "Line is page metadata glued together: author, date, view counter, \"last updated\".",
    explanation: "When a scraper drops the markup between a page's metadata fields, they run together: \
`Saad23618 يناير 20235 مشاهدةآخر تحديث : منذ أسبوع واحد` is an author handle, a date, a view counter and a \
\"last updated\" note. The rule looks for metadata cues (a view or comment counter, `آخر تحديث`, a relative \
time such as `منذ أسبوع`, a date, digits glued to letters) and flags short lines that have at least two of \
them.",
    example: "Saad23618 يناير 20235 مشاهدةآخر تحديث : منذ أسبوع واحد",
    fix: Some("safe"),
};

struct Cues {
    counter: Regex,
    updated: Regex,
    relative: Regex,
    glue: Regex,
}

fn cues() -> &'static Cues {
    static C: OnceLock<Cues> = OnceLock::new();
    C.get_or_init(|| Cues {
        counter: crate::regex_util::compiled(r"\d+\s*(?:مشاهده|مشاهدات|قراءه|قراءات|تعليق|تعليقات|views?|comments?|reads?)"),
        updated: crate::regex_util::compiled(r"اخر تحديث|تم التحديث|last updated|updated"),
        relative: crate::regex_util::compiled(r"منذ\s+(?:\d+\s*)?(?:ثانيه|ثوان|دقيقه|دقائق|ساعه|ساعات|يوم|ايام|اسبوع|اسابيع|شهر|اشهر|سنه)|\d+\s*(?:minutes?|hours?|days?|weeks?)\s+ago"),
        glue: crate::regex_util::compiled(r"\p{L}\d|\d\p{Arabic}"),
    })
}

impl Rule for GluedMetadata {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn line_local(&self) -> bool {
        true
    }

    fn check_line(&self, ctx: &Context<'_>, line: &Line<'_>, out: &mut Vec<Finding>) {
        let c = cues();
        if line.words == 0 || line.words > 16 || ctx.is_claimed_any(line.index) {
            return;
        }
        let t = &line.norm.text;
        let mut signals = Vec::new();
        let mut cue = |present: bool, name: &str| {
            if present {
                signals.push(Signal { name: name.into(), weight: 0.4 });
            }
        };
        cue(c.counter.is_match(t), "view or comment counter");
        cue(c.updated.is_match(t), "\"last updated\" note");
        cue(c.relative.is_match(t), "relative time");
        cue(!ctx.dates_of(line.index).is_empty(), "date");
        cue(c.glue.is_match(t), "digits glued to letters");
        if signals.len() < 2 {
            return;
        }
        let names: Vec<&str> = signals.iter().map(|s| s.name.as_str()).collect();
        let score = (signals.len() as f32 * 0.4).min(1.0);
        out.push(
            FindingBuilder::new(
                &META,
                line.trimmed_range(),
                format!("Page metadata glued together: {}", names.join(", ")),
            )
            .fix(remove_line(line, true))
            .detail(Detail::Score { score, threshold: 0.8, signals })
            .build(),
        );
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::test_support::lines;

    #[test]
    fn glued_counters() {
        assert_eq!(lines("SL203", "Saad23618 يناير 20235 مشاهدةآخر تحديث : منذ أسبوع واحد\n"), vec![1]);
        assert!(lines("SL203", "شارك 500 شخص في المسيرة منذ يومين.\nتبلغ قيمتها 1000 دولار\n").is_empty());
    }
}
