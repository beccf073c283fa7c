//! `Engine::check_incremental` (what the language server runs on every keystroke)
//! gives exactly what a fresh check gives, after edits of every kind to real pages:
//! typing, deleting, new lines, pasted duplicates, lines moved, CRLF and a BOM.

use seedlint_engine::{Engine, LineMemo, Settings};
use std::path::Path;

fn root() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../.."))
}

fn pages() -> Vec<String> {
    let mut seeds: Vec<_> = std::fs::read_dir(root().join("seeds")).unwrap().map(|e| e.unwrap().path()).collect();
    seeds.sort();
    let mut pages: Vec<String> = seeds.iter().map(|p| std::fs::read_to_string(p).unwrap()).collect();
    // Real pages of another site, read from ../shared (never copied here): without them
    // the seeds are still checked, and the test says so, unless CI requires them.
    let path = root().join("../shared/corpora/almayadeen-2023-02.jsonl");
    let corpus = std::fs::read_to_string(&path).unwrap_or_else(|e| {
        assert!(std::env::var("SEEDLINT_REQUIRE_CORPORA").map_or(true, |v| v != "1"), "{}: {e}", path.display());
        eprintln!("skipped the AlMayadeen pages: {} is missing", path.display());
        String::new()
    });
    for line in corpus.lines().step_by(37).take(8) {
        let v: serde_json::Value = serde_json::from_str(line).unwrap();
        pages.push(v["text"].as_str().unwrap().to_string());
    }
    // Line endings and a BOM change where lines start and how they end.
    let crlf = format!("\u{FEFF}{}", pages[1].replace('\n', "\r\n"));
    pages.push(crlf);
    pages
}

/// xorshift: deterministic, no dependency.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 as usize
    }
    fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            self.next() % n
        }
    }
}

fn char_boundary(text: &str, mut at: usize) -> usize {
    at = at.min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

/// One random edit of the kinds an editor produces.
fn edit(text: &str, rng: &mut Rng) -> String {
    let at = char_boundary(text, rng.below(text.len() + 1));
    let lines: Vec<&str> = text.split('\n').collect();
    let pick = rng.below(lines.len());
    match rng.below(7) {
        0 => {
            let inserts = ["ا", " ", "،", "\n", "5", "x", "  ", "عاجل", "\u{200B}"];
            let piece = inserts[rng.below(inserts.len())];
            format!("{}{piece}{}", &text[..at], &text[at..])
        }
        1 => {
            let end = char_boundary(text, at + 1 + rng.below(12));
            let end = if end <= at { char_boundary(text, at + 4) } else { end };
            format!("{}{}", &text[..at], &text[end.max(at)..])
        }
        2 => {
            // Paste a copy of a line after another: a duplicate appears.
            let mut v = lines.clone();
            let copy = v[pick];
            v.insert(rng.below(v.len() + 1), copy);
            v.join("\n")
        }
        3 => {
            // Move a line.
            let mut v = lines.clone();
            let moved = v.remove(pick);
            v.insert(rng.below(v.len() + 1), moved);
            v.join("\n")
        }
        4 => {
            // Delete a line.
            let mut v = lines.clone();
            if v.len() > 1 {
                v.remove(pick);
            }
            v.join("\n")
        }
        5 => format!("{}\n\n", text.trim_end()),
        _ => format!("{}الأكثر قراءة\n{}", &text[..at], &text[at..]),
    }
}

fn assert_same_after_edits(engine: &Engine, edits_per_page: usize, seed: u64) {
    let mut rng = Rng(seed);
    for (p, page) in pages().into_iter().enumerate() {
        let mut memo = LineMemo::new();
        let mut text = page;
        for k in 0..edits_per_page {
            let memoized = engine.check_incremental(&text, None, None, &mut memo);
            let fresh = engine.check_with_mentions(&text, None, None);
            assert_eq!(memoized.0.len(), fresh.0.len(), "page {p}, edit {k}: finding count");
            for (a, b) in memoized.0.iter().zip(&fresh.0) {
                assert_eq!(a, b, "page {p}, edit {k}");
            }
            assert_eq!(memoized.1, fresh.1, "page {p}, edit {k}: mentions");
            text = edit(&text, &mut rng);
        }
        assert!(!memo.is_empty());
    }
}

#[test]
fn memoized_checks_equal_fresh_checks_after_random_edits() {
    assert_same_after_edits(&Engine::default(), 25, 0x5eed_1157);
}

#[test]
fn memoized_checks_equal_fresh_checks_with_every_rule_and_custom_severities() {
    let mut settings = Settings { select: vec!["ALL".into()], ..Settings::default() };
    settings.severity.insert("SL501".into(), seedlint_engine::Severity::Error);
    settings.severity.insert("residue".into(), seedlint_engine::Severity::Hint);
    assert_same_after_edits(&Engine::new(settings), 15, 0xfeed_beef);
}

#[test]
fn a_memo_filled_by_another_engine_is_not_reused() {
    let text = "قال الوزير  إن الاتفاق مهم.\nعاجل\n";
    let mut memo = LineMemo::new();
    let default = Engine::default();
    let quiet = Engine::new(Settings { ignore: vec!["SL501".into()], ..Settings::default() });
    let first = default.check_incremental(text, None, None, &mut memo).0;
    assert!(first.iter().any(|f| f.code == "SL501"), "{first:?}");
    let second = quiet.check_incremental(text, None, None, &mut memo).0;
    assert!(second.iter().all(|f| f.code != "SL501"), "{second:?}");
    assert_eq!(second, quiet.check(text));
}

#[test]
fn the_memo_forgets_lines_that_are_gone() {
    let engine = Engine::default();
    let mut memo = LineMemo::new();
    for k in 0..2_000 {
        engine.check_incremental(&format!("سطر رقم {k} في النص.\nسطر ثابت لا يتغير.\n"), None, None, &mut memo);
    }
    assert!(memo.len() < 600, "{} lines remembered for a 3-line text", memo.len());
}
