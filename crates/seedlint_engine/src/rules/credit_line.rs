use crate::classifier::{is_family_phrase, is_function_word, opening_phrase, Follow, SOURCE_CREDIT};
use crate::context::{is_prose, Context};
use crate::document::Line;
use crate::finding::{Category, Finding, Severity};
use crate::rule::{FindingBuilder, Rule, RuleMeta};
use crate::rules::remove_line;

pub struct CreditLine;

static META: RuleMeta = RuleMeta {
    code: "SL209",
    name: "credit-line",
    category: Category::Metadata,
    default_severity: Severity::Warning,
    summary: "Line is a source, syndication or photo credit (`المصدر: وكالات`, `*نقلاً عن الاتحاد الإماراتية`, `Source: AFP`).",
    explanation: "Articles taken from another paper or an agency end, or start, with a line saying where \
they come from: `نقلاً عن صحيفة …` (quoted from), `بالاتفاق مع …` (by agreement with), `المصدر: … + وكالات`, \
`رويترز`, `Source: …`, `Quelle: …`, `Fuente: …`, `Crédit : …`. The line credits; it is not the article.\n\n\
A line of names joined by `/`, `+` or `|`, one of them an agency or credit word (`فرانس24/ أ ف ب`, \
`APA/AFP/Mandel Ngan`), is a credit too. Otherwise a line qualifies when a credit word of the classifier's source-credit family opens it (after any `*` or \
bullet) and the line is short (at most eight words), not a prose paragraph and without a comma inside. The \
word must stand alone, or be followed by a separator (`:`, `-`, `|`), or be a phrase of two or more words \
(`نقلا عن`) followed by at most five words that are names, not prose (no function words such as `في` or \
`the`). So `المصدر: وكالات` and `*نقلا عن الرياضية السعودية` go, while `المصدر نفسه قال إن …` and `Reuters \
reported that …` stay.",
    example: "*نقلاً عن الاتحاد الإماراتية\nالمصدر: وكالات",
    fix: Some("safe"),
};

/// Longest line a credit takes, in words.
const MAX_WORDS: usize = 8;

impl Rule for CreditLine {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn line_local(&self) -> bool {
        true
    }

    fn check_line(&self, ctx: &Context<'_>, line: &Line<'_>, out: &mut Vec<Finding>) {
        if line.words == 0 || line.words > MAX_WORDS || is_prose(line) || ctx.is_claimed_any(line.index) {
            return;
        }
        let text = line.trimmed();
        let end = text.trim_end_matches(['"', '\'', '”', '“', '»', '«', ')', ' ']);
        let inner = end.trim_end_matches(['.', '،', ',']);
        if inner.contains(['،', ',', '؛', ';']) || (end.ends_with('.') && line.words > 5) {
            return;
        }
        // `فرانس24/ أ ف ب`, `APA/AFP/Mandel Ngan`, `… + وكالات`: names joined by slashes, one an agency.
        let parts: Vec<&str> = text.split(['/', '+', '|']).collect();
        if parts.len() >= 2 {
            if let Some(agency) = parts.iter().find(|p| is_family_phrase(&crate::normalize::key(p), SOURCE_CREDIT)) {
                out.push(
                    FindingBuilder::new(
                        &META,
                        line.trimmed_range(),
                        format!(
                            "Credit line (names joined by `/` or `+`, \"{}\" among them): where the text comes from, not the text",
                            agency.trim()
                        ),
                    )
                    .fix(remove_line(line, true))
                    .build(),
                );
                return;
            }
        }
        let Some(opening) = opening_phrase(line, SOURCE_CREDIT) else { return };
        let names_follow = || {
            let rest: Vec<&str> = line.key.split(' ').filter(|t| !t.is_empty()).skip(opening.words).collect();
            opening.words >= 2 && rest.len() <= 5 && !rest.iter().any(|t| is_function_word(t))
        };
        let how = match opening.follow {
            Follow::Nothing => "is a credit word alone",
            Follow::Separator => "a credit word and a separator open it",
            Follow::Words if names_follow() => "a credit phrase and names",
            Follow::Words => return,
        };
        out.push(
            FindingBuilder::new(
                &META,
                line.trimmed_range(),
                format!("Credit line (\"{}\": {how}): where the text comes from, not the text", opening.marker),
            )
            .fix(remove_line(line, true))
            .build(),
        );
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::test_support::lines;

    #[test]
    fn flags_source_and_syndication_credits() {
        let body = "قال وزير الدفاع الإسرائيلي بيني غانتس، إن الرباط وتل أبيب بحاجة لتعميق التحالفات في المنطقة كلها.";
        let text = format!(
            "{body}\n{body} ثم\n*نقلاً عن الاتحاد الإماراتية\nالمصدر: وكالات\nSource: AFP\nفرانس24/ أ ف ب\nAPA/AFP/Mandel Ngan\n{body} وأكد.\n"
        );
        assert_eq!(lines("SL209", &text), vec![3, 4, 5, 6, 7]);
    }

    #[test]
    fn leaves_sentences_that_open_with_a_credit_word_alone() {
        let body = "قال وزير الدفاع الإسرائيلي بيني غانتس، إن الرباط وتل أبيب بحاجة لتعميق التحالفات في المنطقة كلها.";
        let text = format!(
            "{body}\nالمصدر نفسه قال إن الهجوم وقع ليلا\nReuters reported that the talks failed\nنقلا عن مصادر في الوزارة\n{body} ثم.\n"
        );
        assert!(lines("SL209", &text).is_empty());
    }
}
