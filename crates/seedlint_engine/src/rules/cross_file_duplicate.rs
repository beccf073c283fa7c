use crate::context::Context;
use crate::finding::{Category, Finding, Severity};
use crate::rule::{FindingBuilder, Rule, RuleMeta};

pub struct CrossFileDuplicate;

static META: RuleMeta = RuleMeta {
    code: "SL305",
    name: "cross-file-duplicate",
    category: Category::Duplicate,
    default_severity: Severity::Info,
    summary: "Paragraph that also appears in another document of the corpus.",
    explanation: "News sites reuse paragraphs across articles: background, boilerplate context, a \
republished lead. When seedlint checks a text as part of a corpus (the editor's workspace, \
`seedlint check --corpus`), a line of more than `corpus.max-boilerplate-words` words (default 12) whose \
normalized text occurs in another document is reported, pointing at one other copy. Which copy to keep is \
a corpus-level decision, so there is no fix.",
    example: "ويأتي الاتفاق بعد عام من استئناف العلاقات الدبلوماسية بين البلدين، في إطار اتفاقات وقعتها دول عربية عدة.",
    fix: None,
};

impl Rule for CrossFileDuplicate {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &Context<'_>, out: &mut Vec<Finding>) {
        let Some(corpus) = ctx.corpus else { return };
        for line in &ctx.lines {
            if line.words <= ctx.settings.corpus.max_boilerplate_words || ctx.is_claimed_any(line.index) {
                continue;
            }
            let others = corpus.index.frequency(&line.key, corpus.document);
            if others == 0 {
                continue;
            }
            let Some(at) = corpus.index.elsewhere(&line.key, corpus.document) else { continue };
            let Some(name) = corpus.index.name(at.doc) else { continue };
            let more = if others > 1 { format!(" and {} other file(s)", others - 1) } else { String::new() };
            out.push(
                FindingBuilder::new(
                    &META,
                    line.trimmed_range(),
                    format!("Paragraph also in {name}:{}{more}", at.line + 1),
                )
                .related_elsewhere(name.to_string(), at.line, "other copy")
                .build(),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::{CorpusIndex, Engine};

    #[test]
    fn points_at_the_other_file() {
        let para = "وكان المغرب قد أعاد العلاقات الدبلوماسية مع إسرائيل بعد اتفاق ثلاثي مغربي إسرائيلي أمريكي في العاشر من كانون الأول.";
        let mut idx = CorpusIndex::new();
        idx.insert("a.txt", &format!("عنوان أ\n{para}\n"));
        idx.insert("b.txt", &format!("عنوان ب\nنص آخر\n{para}\n"));
        let text = format!("عنوان أ\n{para}\n");
        let f: Vec<_> = Engine::default()
            .check_in_corpus(&text, Some(&idx), Some("a.txt"))
            .into_iter()
            .filter(|f| f.code == "SL305")
            .collect();
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].message, "Paragraph also in b.txt:3");
        let ext = f[0].related[0].elsewhere.as_ref().unwrap();
        assert_eq!((ext.document.as_str(), ext.line), ("b.txt", 2));
    }
}
