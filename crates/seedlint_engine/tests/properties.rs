//! Properties that must hold for any text: the engine does not panic, reports
//! ranges that exist, and its fixes change only what they were asked to change.
//!
//! Case counts: `PROPTEST_CASES` (default 256 here; CI sets more).

use proptest::prelude::*;
use seedlint_engine::fix::{apply_edits, fix_all, select_edits};
use seedlint_engine::{Engine, Settings};

/// Pieces scraped text is made of, hostile ones included.
fn piece() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("قال وزير الدفاع".to_string()),
        Just("عـاجـل".to_string()),
        Just("الأكثر قراءة".to_string()),
        Just("No stories found.".to_string()),
        Just("• خبر.. عنوان".to_string()),
        Just("בני גנץ".to_string()),
        Just("Benny Gantz".to_string()),
        Just("😀".to_string()),
        Just("\u{1F468}\u{200D}\u{1F469}".to_string()),
        Just("\n".to_string()),
        Just("\r\n".to_string()),
        Just("\r".to_string()),
        Just("\u{00A0}".to_string()),
        Just("  ".to_string()),
        Just("\u{200B}".to_string()),
        Just("\u{202E}".to_string()),
        Just("\u{FEFF}".to_string()),
        Just("\u{FFFD}".to_string()),
        Just("\u{0000}".to_string()),
        Just(" ،".to_string()),
        Just("،".to_string()),
        Just("..".to_string()),
        Just("AA".to_string()),
        Just("FE9CNKiWUAM6iQM.jpeg".to_string()),
        Just("www.eremnews.com".to_string()),
        Just("الأربعاء 01 يونيو 2022 على الساعة 23:00".to_string()),
        Just("٢٠٢٣".to_string()),
        Just("Ø§Ù„Ù…".to_string()),
        Just("pic.twitter.com/abc".to_string()),
        "[\\u{0600}-\\u{06FF}]{1,12}",
        "[a-zA-Z0-9 .,:()-]{1,12}",
        any::<String>().prop_map(|s| s.chars().take(8).collect()),
    ]
}

fn document() -> impl Strategy<Value = String> {
    prop::collection::vec(piece(), 0..60).prop_map(|v| v.concat())
}

fn config() -> ProptestConfig {
    ProptestConfig {
        cases: std::env::var("PROPTEST_CASES").ok().and_then(|c| c.parse().ok()).unwrap_or(256),
        ..ProptestConfig::default()
    }
}

/// The visible characters of a text, homoglyphs read as their Latin twins.
fn non_space(s: &str) -> Vec<char> {
    s.chars()
        .filter(|c| !c.is_whitespace() && !seedlint_engine::normalize::is_invisible(*c) && !c.is_control())
        .map(|c| seedlint_engine::normalize::latin_twin(c).unwrap_or(c))
        .collect()
}

fn is_subsequence(small: &[char], big: &[char]) -> bool {
    let mut it = big.iter();
    small.iter().all(|c| it.any(|b| b == c))
}

proptest! {
    #![proptest_config(config())]

    /// The one-pass normalization equals the two it replaces.
    #[test]
    fn one_pass_normalization_equals_two(text in document(), base in 0usize..1000) {
        use seedlint_engine::normalize::{key, Normalized};
        let (norm, k) = Normalized::keep_punctuation_and_key(&text, base);
        prop_assert_eq!(&k, &key(&text));
        prop_assert_eq!(norm, Normalized::keep_punctuation(&text, base));
    }

    /// A memo carried across a sequence of texts (an editor's buffer as it changes)
    /// never changes the findings or the mentions.
    #[test]
    fn a_memo_never_changes_the_result(texts in prop::collection::vec(document(), 1..5)) {
        let engine = Engine::new(Settings { select: vec!["ALL".into()], ..Settings::default() });
        let mut memo = seedlint_engine::LineMemo::new();
        for text in &texts {
            // Each text again with its first line moved to the end: same lines, new places.
            let moved = match text.split_once('\n') {
                Some((first, rest)) => format!("{rest}\n{first}"),
                None => text.clone(),
            };
            for t in [text, &moved] {
                let plain = engine.check_with_mentions(t, None, None);
                prop_assert_eq!(engine.check_incremental(t, None, None, &mut memo), plain);
            }
        }
    }

    #[test]
    fn any_text_checks_without_panicking_and_ranges_are_valid(text in document()) {
        let findings = Engine::default().check(&text);
        for f in &findings {
            prop_assert!(f.range.start <= f.range.end && f.range.end <= text.len(), "{f:?}");
            prop_assert!(text.is_char_boundary(f.range.start) && text.is_char_boundary(f.range.end), "{f:?}");
            for r in &f.related {
                prop_assert!(r.range.end <= text.len() && text.is_char_boundary(r.range.start) && text.is_char_boundary(r.range.end));
            }
            for e in f.fix.iter().flat_map(|x| &x.edits) {
                prop_assert!(e.range.end <= text.len() && text.is_char_boundary(e.range.start) && text.is_char_boundary(e.range.end), "{f:?}");
            }
        }
        prop_assert!(findings.windows(2).all(|w| w[0].range.start <= w[1].range.start), "findings are ordered");
    }

    #[test]
    fn arbitrary_bytes_check_without_panicking(bytes in prop::collection::vec(any::<u8>(), 0..2000)) {
        let text = String::from_utf8_lossy(&bytes);
        let _ = Engine::default().check(&text);
    }

    #[test]
    fn each_fix_touches_only_its_own_lines_or_whitespace(text in document()) {
        let findings = Engine::default().check(&text);
        let index = seedlint_engine::LineIndex::new(&text);
        for f in &findings {
            let Some(fix) = &f.fix else { continue };
            let first = index.line_start(index.line_of(f.range.start)).unwrap_or(0);
            let last_line = index.line_of(f.range.end.saturating_sub(1).max(f.range.start));
            // The end of the finding's last line, terminator included.
            let last = index.line_start(last_line + 1).unwrap_or(text.len());
            for e in &fix.edits {
                let removed = &text[e.range.clone()];
                let inside = e.range.start >= first && e.range.end <= last;
                let only_space = removed.chars().all(|c| c.is_whitespace() || seedlint_engine::normalize::is_invisible(c) || c.is_control());
                prop_assert!(inside || only_space, "{} edit {:?} outside its lines: {removed:?}", f.code, e.range);
                // A fix inserts only whitespace, or substitutes characters one for one inside
                // its own finding (a homoglyph for its Latin twin).
                let substitution = e.range.start >= f.range.start
                    && e.range.end <= f.range.end
                    && e.replacement.chars().count() == removed.chars().count();
                prop_assert!(
                    e.replacement.chars().all(char::is_whitespace) || substitution,
                    "{} inserts text: {:?}", f.code, e.replacement
                );
            }
        }
    }

    #[test]
    fn fixes_keep_every_unflagged_character_and_are_idempotent(text in document()) {
        let engine = Engine::default();
        let once = fix_all(&engine, &text, false);
        // Nothing new is ever written: the fixed text's characters are a subsequence of the input's.
        prop_assert!(is_subsequence(&non_space(&once.text), &non_space(&text)));
        // The outcome's findings are what a fresh check gives (callers rely on them instead of re-checking).
        prop_assert_eq!(&once.initial, &engine.check(&text));
        prop_assert_eq!(&once.remaining, &engine.check(&once.text));
        let twice = fix_all(&engine, &once.text, false);
        prop_assert_eq!(&twice.text, &once.text, "a second fix-all changed the text");
        // What fixing removed is what the first check reported: each change lies within the
        // range or the fix of a first-check finding of its code, or it is only whitespace.
        let mut restored = once.text.clone();
        for c in once.changes.iter().rev() {
            let removed = &text[c.original.clone()];
            let is_space = |ch: char| ch.is_whitespace() || seedlint_engine::normalize::is_invisible(ch) || ch.is_control();
            let space = removed.chars().all(is_space);
            // The space around the text a change removed may differ from the first report's.
            let text_start = c.original.start + (removed.len() - removed.trim_start_matches(is_space).len());
            let text_end = c.original.end - (removed.len() - removed.trim_end_matches(is_space).len());
            let reported = once.initial.iter().any(|f| {
                let edits = f.fix.iter().flat_map(|x| &x.edits);
                let start = edits.clone().map(|e| e.range.start).chain([f.range.start]).min().unwrap_or(f.range.start);
                let end = edits.map(|e| e.range.end).chain([f.range.end]).max().unwrap_or(f.range.end);
                f.code == c.code && start <= text_start && text_end <= end
            });
            prop_assert!(space || reported, "{} removed {removed:?}, which the first check did not report", c.code);
            restored.replace_range(c.result.clone(), removed);
        }
        // The changes are a complete record: undone, they give the input back.
        prop_assert_eq!(&restored, &text);
        // One pass of non-conflicting fixes deletes only text that some applied finding flagged.
        let findings = engine.check(&text);
        let (edits, applied) = select_edits(&findings, false);
        let _ = apply_edits(&text, &edits);
        prop_assert_eq!(edits.len(), applied.iter().map(|f| f.fix.as_ref().map_or(0, |x| x.edits.len())).sum::<usize>());
    }

    #[test]
    fn unsafe_fixes_also_terminate(text in document()) {
        let engine = Engine::new(Settings::default());
        let once = fix_all(&engine, &text, true);
        prop_assert!(once.passes <= 10);
        prop_assert!(is_subsequence(&non_space(&once.text), &non_space(&text)));
    }
}
