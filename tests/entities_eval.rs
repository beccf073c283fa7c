//! The matcher against hand-annotated mentions (tests/data/entities_gold.tsv):
//! precision and recall over two seed files, with the built-in knowledge base.
//! A mention counts as found when the same line holds a predicted mention with
//! the same written form and the same entity.
//!
//! `cargo test --test entities_eval -- --nocapture` prints the numbers.

mod common;
use common::*;
use seedlint_engine::{Engine, LineIndex};
use std::collections::HashMap;

type Key = (String, usize, String, String);

fn multiset(items: impl IntoIterator<Item = Key>) -> HashMap<Key, usize> {
    let mut m = HashMap::new();
    for k in items {
        *m.entry(k).or_insert(0) += 1;
    }
    m
}

#[test]
fn matcher_precision_and_recall_on_annotated_seeds() {
    let gold_text = std::fs::read_to_string(root().join("tests/data/entities_gold.tsv")).unwrap();
    let gold: Vec<Key> = gold_text
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(|l| {
            let f: Vec<&str> = l.split('\t').collect();
            assert_eq!(f.len(), 4, "bad gold line: {l}");
            (f[0].to_string(), f[1].parse().unwrap(), f[2].to_string(), f[3].to_string())
        })
        .collect();
    let engine = Engine::default();
    let mut predicted = Vec::new();
    for prefix in ["001", "003"] {
        let text = std::fs::read_to_string(root().join(seed(prefix))).unwrap();
        let index = LineIndex::new(&text);
        for m in engine.mentions(&text) {
            let id = engine.entities().entity(&m).unwrap().id.clone();
            let line = index.line_of(m.range.start) + 1;
            predicted.push((prefix.to_string(), line, text[m.range.clone()].to_string(), id));
        }
    }
    let (g, p) = (multiset(gold.clone()), multiset(predicted.clone()));
    let true_positives: usize = p.iter().map(|(k, n)| (*n).min(g.get(k).copied().unwrap_or(0))).sum();
    let precision = true_positives as f64 / predicted.len() as f64;
    let recall = true_positives as f64 / gold.len() as f64;
    let missed: Vec<&Key> = g.iter().filter(|(k, n)| p.get(*k).copied().unwrap_or(0) < **n).map(|(k, _)| k).collect();
    let extra: Vec<&Key> = p.iter().filter(|(k, n)| g.get(*k).copied().unwrap_or(0) < **n).map(|(k, _)| k).collect();
    println!(
        "entities: {} gold, {} predicted, {true_positives} correct; precision {:.3}, recall {:.3}",
        gold.len(),
        predicted.len(),
        precision,
        recall
    );
    println!("missed: {missed:?}");
    println!("wrong: {extra:?}");
    // Thresholds just under what was measured, so a regression fails the test.
    assert!(precision >= 0.97, "precision {precision:.3}; wrong: {extra:?}");
    assert!(recall >= 0.93, "recall {recall:.3}; missed: {missed:?}");
}
