//! Every rule's documented example (`seedlint rule CODE`, docs/rules.md, the hover)
//! makes that rule fire, with only that rule selected: documentation the code proves.

use seedlint_engine::{all_rules, CorpusIndex, Engine, Settings};

#[test]
fn every_documented_example_fires_its_rule() {
    let mut silent = Vec::new();
    for meta in all_rules() {
        let settings = Settings { select: vec![meta.code.to_string()], ..Settings::default() };
        let engine = Engine::new(settings);
        // Examples write line endings as escapes (`\r\n`) so they can be read.
        let mut example = meta.example.replace("\\r", "\r").replace("\\n", "\n");
        if !example.ends_with('\n') {
            example.push('\n');
        }
        // Corpus rules judge a line by the other documents: one other copy makes a
        // cross-file duplicate, many make learned boilerplate.
        let fires = [1, 8].iter().any(|&copies| {
            let mut corpus = CorpusIndex::new();
            for i in 0..copies {
                corpus.add(&format!("other-{i}"), engine.index_entry(&example).0);
            }
            for i in 0..12 {
                corpus.add(&format!("unrelated-{i}"), engine.index_entry(&format!("نص آخر مختلف تماما رقم {i}\n")).0);
            }
            engine.check_in_corpus(&example, Some(&corpus), Some("example")).iter().any(|f| f.code == meta.code)
        });
        if !fires {
            silent.push(meta.code);
        }
    }
    assert!(silent.is_empty(), "these rules' documented examples find nothing: {silent:?}");
}
