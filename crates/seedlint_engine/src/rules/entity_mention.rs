use crate::context::Context;
use crate::finding::{Category, Detail, Finding, Severity};
use crate::rule::{FindingBuilder, Rule, RuleMeta};

pub struct EntityMention;

static META: RuleMeta = RuleMeta {
    code: "SL700",
    name: "entity-mention",
    category: Category::Entity,
    default_severity: Severity::Info,
    summary: "A mention of a knowledge-base entity (opt-in annotation, not a problem).",
    explanation: "Marks every mention of a person, place, organisation, product or event of the knowledge \
base, in any of its spellings and scripts and with Arabic or Hebrew proclitics (`وغانتس`, `بالرباط`, \
`בני גנץ`), so that a corpus can be tagged in the same run as it is linted. It is an annotation, not a \
warning, and it is off unless selected (`--select SL700` or `select = [\"entity\"]`), because a news article \
mentions dozens of entities. Editors show entities through hovers, symbols and semantic tokens instead; \
`seedlint entities` lists them per document.",
    example: "قال وزير الدفاع الإسرائيلي بيني غانتس، إن الرباط وتل أبيب بحاجة لتعميق التحالفات.",
    fix: None,
};

impl Rule for EntityMention {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &Context<'_>, out: &mut Vec<Finding>) {
        let Some(entities) = ctx.entities else { return };
        for m in &ctx.mentions {
            let Some(e) = entities.entity(m) else { continue };
            let written = ctx.text.get(m.range.clone()).unwrap_or_default();
            out.push(
                FindingBuilder::new(&META, m.range.clone(), format!("{} «{}»: {}", e.kind, written, e.display_name()))
                    .detail(Detail::Entity {
                        id: e.id.clone(),
                        entity_kind: e.kind.to_string(),
                        name: e.display_name().to_string(),
                    })
                    .build(),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::{Engine, Settings};

    #[test]
    fn off_by_default_on_when_selected() {
        let text = "قال بيني غانتس إن الرباط\n";
        assert!(Engine::default().check(text).iter().all(|f| f.code != "SL700"));
        let settings = Settings { select: vec!["SL700".into()], ..Settings::default() };
        let found = Engine::new(settings).check(text);
        let msgs: Vec<&str> = found.iter().map(|f| f.message.as_str()).collect();
        assert_eq!(msgs, ["person «بيني غانتس»: بيني غانتس", "place «الرباط»: الرباط"]);
    }
}
