use crate::context::Context;
use crate::finding::{Category, Detail, Edit, Finding, Fix, Severity};
use crate::rule::{FindingBuilder, Rule, RuleMeta};

pub struct EntitySpelling;

static META: RuleMeta = RuleMeta {
    code: "SL701",
    name: "entity-spelling",
    category: Category::Entity,
    default_severity: Severity::Warning,
    summary: "The same entity is spelled two ways in one document, or across the corpus.",
    explanation: "Scraped text mixes transliterations and spacing of one name: `غانتس` and `غانتز`, \
`عبد اللطيف لوديي` and `عبداللطيف لوديي`. Search, counting and entity linking then see two people. The \
knowledge base lists variant spellings with the spelling to prefer (`spellings = { \"غانتز\" = \"غانتس\" }`), \
and knows by itself that `عبد` compounds are written apart. When a document uses a variant and also another \
name of the same entity, each variant mention is reported with the preferred spelling; with a corpus (`check \
--corpus`, or the editor's workspace index), so is a variant in a document when other documents of the corpus \
name the entity properly. The fix (a \
suggestion, since it edits article text) rewrites the name and keeps its proclitics (`وغانتز` → `وغانتس`). \
Differences the normalization already ignores (hamza, ta marbuta, diacritics) are not reported.",
    example: "قال بيني غانتس إن الزيارة تاريخية. وأضاف غانتز أن التعاون سيتعمق.",
    fix: Some("unsafe"),
};

impl Rule for EntitySpelling {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &Context<'_>, out: &mut Vec<Finding>) {
        let Some(entities) = ctx.entities else { return };
        for m in ctx.mentions.iter() {
            let Some(preferred) = &m.preferred else { continue };
            if ctx.is_furniture(m.line) {
                continue;
            }
            let Some(e) = entities.entity(m) else { continue };
            let written = ctx.text.get(m.name_range.clone()).unwrap_or_default();
            // Inconsistent if the document also names the entity another way, or other
            // documents of the corpus do.
            let other = ctx.mentions.iter().find(|o| o.entity == m.entity && o.preferred.is_none());
            let elsewhere = match (other, &ctx.corpus) {
                (None, Some(c)) => c.index.documents_naming(&e.id, c.document),
                _ => Vec::new(),
            };
            if other.is_none() && elsewhere.is_empty() {
                continue;
            }
            let where_ = match other {
                Some(o) => format!("this document also writes «{}»", ctx.text.get(o.range.clone()).unwrap_or_default()),
                None => format!(
                    "named otherwise in {} other document{} of the corpus",
                    elsewhere.len(),
                    if elsewhere.len() == 1 { "" } else { "s" }
                ),
            };
            // An article stem is replaced by the preferred form's stem (`بالرباط`).
            let replacement = if m.article_stem { preferred.strip_prefix("ال") } else { Some(preferred.as_str()) };
            let mut b = FindingBuilder::new(
                &META,
                m.name_range.clone(),
                format!(
                    "«{written}» is a variant spelling of «{preferred}» ({}, {}): {where_}",
                    e.display_name(),
                    e.kind
                ),
            );
            if let Some(o) = other {
                let other_written = ctx.text.get(o.range.clone()).unwrap_or_default();
                b = b.related(o.range.clone(), format!("also written «{other_written}»"));
            } else if let Some(name) = elsewhere.first().and_then(|&d| ctx.corpus.as_ref()?.index.name(d)) {
                b = b.related_elsewhere(name.to_string(), 0, "named properly here".to_string());
            }
            b = b.detail(Detail::Entity {
                id: e.id.clone(),
                entity_kind: e.kind.to_string(),
                name: e.display_name().to_string(),
            });
            if let Some(r) = replacement {
                b = b.fix(Fix::suggestion(
                    format!("Spell it «{preferred}»"),
                    vec![Edit::replace(m.name_range.clone(), r)],
                ));
            }
            out.push(b.build());
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::fix::{apply_edits, select_edits};
    use crate::rules::test_support::findings;

    #[test]
    fn variants_beside_another_name_are_flagged_with_a_fix() {
        let text = "قال بيني غانتس إن الزيارة تاريخية وستفتح صفحة جديدة في العلاقات.\nوأضاف وغانتز أن التعاون سيتعمق بين البلدين في المستقبل.\n";
        let f = findings("SL701", text);
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(&text[f[0].range.clone()], "غانتز");
        assert!(f[0].message.contains("«غانتس»"), "{}", f[0].message);
        let fixed = apply_edits(text, &select_edits(&f, true).0);
        assert!(fixed.contains("وغانتس أن"), "{fixed}");
    }

    #[test]
    fn joined_abd_compound_is_a_variant() {
        let text = "استقبل عبد اللطيف لوديي الوفد اليوم في مقر الوزارة بالعاصمة.\nووقع غانتس وعبداللطيف لوديي مذكرة تفاهم في مجال الدفاع.\n";
        let f = findings("SL701", text);
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(&text[f[0].range.clone()], "عبداللطيف لوديي");
        let fixed = apply_edits(text, &select_edits(&f, true).0);
        assert!(fixed.contains("وعبد اللطيف لوديي مذكرة"), "{fixed}");
    }

    #[test]
    fn a_variant_alone_is_consistent_unless_the_corpus_disagrees() {
        let lone = "وأضاف غانتز أن التعاون سيتعمق بين البلدين.\n";
        assert!(findings("SL701", lone).is_empty());
        let engine = crate::Engine::default();
        let mut corpus = crate::CorpusIndex::new();
        let other = "قال بيني غانتس إن الزيارة تاريخية.\n";
        corpus.add("b.txt", engine.index_entry(other).0);
        corpus.add("a.txt", engine.index_entry(lone).0);
        // The same through a saved index: the entity names are part of the format.
        let saved = crate::CorpusIndex::from_bytes(&corpus.to_bytes()).unwrap();
        for corpus in [&corpus, &saved] {
            let found: Vec<_> = engine
                .check_in_corpus(lone, Some(corpus), Some("a.txt"))
                .into_iter()
                .filter(|f| f.code == "SL701")
                .collect();
            assert_eq!(found.len(), 1, "{found:?}");
            assert!(found[0].message.contains("in 1 other document of the corpus"), "{}", found[0].message);
            assert_eq!(found[0].related[0].elsewhere.as_ref().map(|e| e.document.as_str()), Some("b.txt"));
        }
    }
}
