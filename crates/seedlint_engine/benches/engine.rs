//! Engine micro-benchmarks: the whole engine, the shared context (lines,
//! normalization, phrase matches, dates) and each rule alone, on a seed-sized
//! page (10 KB) and a 1 MB document. Reported as time and bytes/s.
//!
//! Each rule runs on a context where the rules before it have recorded their
//! findings, as inside `Engine::check`, so what is measured is that rule's own work.

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use seedlint_engine::context::Context;
use seedlint_engine::phrases::PhraseSet;
use seedlint_engine::{rules, Engine, Settings};
use std::path::Path;
use std::time::Duration;

fn root() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../.."))
}

/// The seeds, one after another, cut at a line end near 10 KB.
fn page_10k() -> String {
    let mut dir: Vec<_> = std::fs::read_dir(root().join("seeds")).unwrap().map(|e| e.unwrap().path()).collect();
    dir.sort();
    let all: String = dir.iter().map(|p| std::fs::read_to_string(p).unwrap()).collect::<Vec<_>>().join("\n");
    let cut = all.char_indices().map(|(i, _)| i).find(|&i| i >= 10_000 && all[..i].ends_with('\n')).unwrap();
    all[..cut].to_string()
}

/// Distinct real articles (the AlMayadeen sample) up to 1 MB.
fn document_1m() -> String {
    let corpus = std::fs::read_to_string(root().join("../shared/corpora/almayadeen-2023-02.jsonl")).unwrap();
    let mut out = String::new();
    for line in corpus.lines() {
        let v: serde_json::Value = serde_json::from_str(line).unwrap();
        out.push_str(v["text"].as_str().unwrap());
        out.push_str("\n\n");
        if out.len() >= 1_000_000 {
            break;
        }
    }
    out
}

/// The start of the line holding byte `at`.
fn line_start(text: &str, mut at: usize) -> usize {
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    text[..at].rfind('\n').map_or(0, |i| i + 1)
}

fn bench(c: &mut Criterion) {
    let inputs = [("10KB", page_10k()), ("1MB", document_1m())];
    let engine = Engine::default();
    let settings = Settings::default();
    let phrases = PhraseSet::new(PhraseSet::builtin_phrases());

    let mut g = c.benchmark_group("engine");
    for (name, text) in &inputs {
        let t = text.as_str();
        g.throughput(Throughput::Bytes(text.len() as u64));
        g.bench_with_input(BenchmarkId::new("check", name), text, |b, t| b.iter(|| engine.check(t)));
        g.bench_with_input(BenchmarkId::new("context", name), text, |b, t| {
            b.iter(|| Context::new(t, &settings, &phrases, None, None).lines.len())
        });
        // What the language server does on a keystroke: the text with one character
        // typed (at a different line each time), checked with the document's memo.
        let edited: Vec<String> = (0..16)
            .map(|k| {
                let at = line_start(t, k * t.len() / 16);
                format!("{}ا{}", &t[..at], &t[at..])
            })
            .collect();
        let mut memo = seedlint_engine::LineMemo::new();
        engine.check_incremental(&edited[0], None, None, &mut memo);
        let mut k = 0;
        g.bench_with_input(BenchmarkId::new("keystroke", name), text, |b, _| {
            b.iter(|| {
                k = (k + 1) % edited.len();
                engine.check_incremental(&edited[k], None, None, &mut memo).0.len()
            })
        });
        // The entity matcher alone (every name of the built-in knowledge base).
        g.bench_with_input(BenchmarkId::new("mentions", name), text, |b, t| b.iter(|| engine.mentions(t).len()));
    }
    g.finish();

    let mut g = c.benchmark_group("rule");
    g.warm_up_time(Duration::from_millis(300)).measurement_time(Duration::from_secs(1)).sample_size(20);
    for (name, text) in &inputs {
        g.throughput(Throughput::Bytes(text.len() as u64));
        let mut ctx = Context::new(text, &settings, &phrases, None, Some(engine.entities()));
        for rule in rules::ALL {
            let code = rule.meta().code;
            g.bench_function(BenchmarkId::new(code, name), |b| {
                b.iter(|| {
                    let mut out = Vec::new();
                    rule.check(&ctx, &mut out);
                    out
                })
            });
            let mut found = Vec::new();
            rule.check(&ctx, &mut found);
            ctx.record(&found);
        }
    }
    g.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default().warm_up_time(Duration::from_millis(500)).measurement_time(Duration::from_secs(2));
    targets = bench
}
criterion_main!(benches);
