use crate::context::Context;
use crate::document::Line;
use crate::entities::people::find_people;
use crate::finding::{Category, Finding, Severity};
use crate::rule::{FindingBuilder, Rule, RuleMeta};

pub struct UnknownPerson;

static META: RuleMeta = RuleMeta {
    code: "SL702",
    name: "unknown-person",
    category: Category::Entity,
    default_severity: Severity::Hint,
    summary: "Probably a person's name that the knowledge base does not know.",
    explanation: "Arabic has no capital letters to mark names, so the rule reads the cues around them: a title \
or role (`الرئيس`, `وزير الدفاع الإسرائيلي`, `العقيد`, `السكرتير العسكري`, `نظيره`) or a verb of saying \
(`قال`, `وأضاف`) directly before one to three words that read like a name (no article on the first word, no \
function word). Names already in the knowledge base are not reported. It is a hint, with lower confidence \
than other rules: its purpose is to show which people a corpus talks about that the knowledge base should \
gain (add them to a file listed under `[entities] knowledge-base` in seedlint.toml).\n\n\
Off unless selected (`--select SL702`): on 100 hints drawn from pages of ten sites and checked by hand, 54 \
were a person's name with the right boundaries, 15 a name with words too many or too few (`أردوغان يقول`, \
`رجب طيب`), and 31 no person (a team after `الفريق`, an organisation after `رئيس`, a quotation after `وأضاف`).",
    example: "وقال المتحدث باسم الوزارة يوسف المرابط إن الاجتماع سيعقد غدا.",
    fix: None,
};

impl Rule for UnknownPerson {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn line_local(&self) -> bool {
        true
    }

    fn check_line(&self, ctx: &Context<'_>, line: &Line<'_>, out: &mut Vec<Finding>) {
        if line.words < 3
            || ctx.is_furniture(line.index)
            || !line.norm.text.chars().any(crate::normalize::is_arabic_letter)
        {
            return;
        }
        for candidate in find_people(&line.norm.text) {
            let range = line.norm.source_range(candidate.range.clone(), ctx.text);
            let known =
                ctx.mentions_on(line.index).iter().any(|m| m.range.start < range.end && range.start < m.range.end);
            if known {
                continue;
            }
            let name = ctx.text.get(range.clone()).unwrap_or_default();
            // Quoted as written: the folded cue («الرييس») reads as a misspelling.
            let cue = ctx.text.get(line.norm.source_range(candidate.cue.clone(), ctx.text)).unwrap_or_default();
            out.push(
                FindingBuilder::new(
                    &META,
                    range,
                    format!("«{name}» looks like a person (after «{cue}») not in the knowledge base"),
                )
                .build(),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::test_support::findings;

    #[test]
    fn names_after_roles_unless_known() {
        let text = "قال وزير الدفاع الإسرائيلي بيني غانتس، إن المتحدث باسم الوزارة يوسف المرابط سيعلن التفاصيل.\n";
        let f = findings("SL702", text);
        let names: Vec<&str> = f.iter().map(|f| &text[f.range.clone()]).collect();
        assert_eq!(names, ["يوسف المرابط"], "Gantz is in the knowledge base");
        let f = findings("SL702", "وقال الرئيس فلان الفلاني إن الاتفاق قريب.\n");
        assert!(f.first().is_some_and(|f| f.message.contains("(after «وقال الرئيس»)")), "{f:?}");
    }
}
