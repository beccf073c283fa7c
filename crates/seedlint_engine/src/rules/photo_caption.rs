use crate::context::Context;
use crate::document::Line;
use crate::finding::{Category, Finding, Severity};
use crate::rule::{FindingBuilder, Rule, RuleMeta};
use crate::rules::remove_line;
use regex::Regex;
use std::sync::OnceLock;

pub struct PhotoCaption;

static META: RuleMeta = RuleMeta {
    code: "SL208",
    name: "photo-caption",
    category: Category::Metadata,
    default_severity: Severity::Info,
    summary: "Line is a photo caption ending in a credit, e.g. `… في 24 نوفمبر 2021 (وزارة الدفاع)`.",
    explanation: "Captions keep their photo credit in parentheses at the very end, with no full stop after \
it: `(AP / Mosa'ab Elshamy)`, `(وزارة الدفاع)`, `(رويترز)`. The rule flags a line that ends in such a credit \
(an agency, a ministry, a slash between names, or a Latin name) and that reads like a caption: it gives a date \
or a position word (`يمين`, `وسط`, `يسار`, `في الصورة`). A sentence that ends with an abbreviation in \
parentheses and a full stop, like `(لادجيد).`, is not a caption. Captions describe the page's pictures, not \
the story, but they may carry facts, so the fix is marked unsafe.",
    example: "وزير الدفاع بيني غانتس ، يمين ، يصافح نظيره المغربي … في 24 نوفمبر 2021 (وزارة الدفاع)",
    fix: Some("unsafe"),
};

struct Patterns {
    credit: Regex,
    agency: Regex,
    cue: Regex,
}

fn patterns() -> &'static Patterns {
    static P: OnceLock<Patterns> = OnceLock::new();
    P.get_or_init(|| Patterns {
        credit: crate::regex_util::compiled(r"\(([^()]{2,60})\)\s*$"),
        agency: crate::regex_util::compiled(r"(?i)/|\b(?:ap|afp|reuters|getty|epa|xinhua|anadolu|photo|credit|courtesy|shutterstock)\b|رويترز|ا ف ب|فرانس برس|الاناضول|وزاره|مكتب|صوره|ارشيف|تصوير|وكاله|^[a-z][a-z' .-]+$"),
        cue: crate::regex_util::compiled(r"(?:^|[^\p{L}])(?:يمين|يسار|وسط|في الصوره|الصوره|left|right|center|pictured)(?:[^\p{L}]|$)"),
    })
}

impl Rule for PhotoCaption {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn line_local(&self) -> bool {
        true
    }

    fn check_line(&self, ctx: &Context<'_>, line: &Line<'_>, out: &mut Vec<Finding>) {
        let p = patterns();
        if line.words < 3 || ctx.is_claimed_any(line.index) {
            return;
        }
        let folded = &line.norm.text;
        let Some(credit) = p.credit.captures(folded).and_then(|c| c.get(1)) else {
            return;
        };
        if !p.agency.is_match(credit.as_str().trim()) {
            return;
        }
        if ctx.dates_of(line.index).is_empty() && !p.cue.is_match(folded) {
            return;
        }
        out.push(
            FindingBuilder::new(
                &META,
                line.trimmed_range(),
                format!("Photo caption with credit \"({})\"", credit.as_str().trim()),
            )
            .fix(remove_line(line, false))
            .build(),
        );
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::test_support::lines;

    #[test]
    fn captions() {
        let text = "وزير الدفاع بيني غانتس يزور مقر القوات بالرباط في 24 نوفمبر 2021 (وزارة الدفاع)\n\
وزير الدفاع بيني غانتس ، وسط ، في استقبال وزير الخارجية (AP / Mosa'ab Elshamy)\n\
كما من المرتقب أن يزور مقر المديرية العامة للدراسات والمستندات (لادجيد).\n";
        assert_eq!(lines("SL208", text), vec![1, 2]);
    }
}
