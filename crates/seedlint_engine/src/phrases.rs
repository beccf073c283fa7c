//! The boilerplate phrase set: built-in phrases (`data/boilerplate.tsv`) plus the
//! user's, compiled once per engine and matched against each line's key.

use crate::normalize::key;
use aho_corasick::{AhoCorasick, MatchKind};
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

pub const BUILTIN_TSV: &str = include_str!("../data/boilerplate.tsv");

const MAX_FUZZY_CHARS: usize = 64;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MatchMode {
    /// The whole line is the phrase.
    Line,
    /// The phrase occurs inside the line, on word boundaries.
    Contains,
}

#[derive(Debug, Clone)]
pub struct Phrase {
    pub mode: MatchMode,
    pub kind: String,
    /// As written in the data file.
    pub text: String,
    pub key: String,
}

/// What a kind of boilerplate is, in words, and how strongly a match alone says "boilerplate".
/// The kind of phrases listed for one site (`Settings::site`).
pub const SITE_KIND: &str = "site";

pub fn kind_info(kind: &str) -> (&'static str, f32) {
    match kind {
        "breaking" => ("a breaking-news tag", 0.7),
        "most-read" => ("a \"most read\" widget heading", 0.8),
        "related" => ("a \"related / read also\" widget heading", 0.7),
        "empty-widget" => ("the text of an empty widget", 0.9),
        "share" => ("a share widget", 0.7),
        "comment" => ("a comment widget", 0.7),
        "comment-policy" => ("a comment form or comment policy", 0.9),
        "newsletter" => ("a newsletter sign-up", 0.7),
        "footer" => ("a site footer", 0.8),
        "site-name" => ("a site's name", 0.7),
        "back-top" => ("a \"back\" / \"top\" link", 0.6),
        "navigation" => ("a navigation or section link", 0.45),
        "logo" => ("a logo's alt text", 0.8),
        "disclaimer" => ("an opinion disclaimer (\"the views are the writer's own\")", 0.8),
        "social" => ("a social-media widget", 0.7),
        // Someone looked at this site and said so: as strong as evidence gets.
        SITE_KIND => ("listed as boilerplate for this site", 1.0),
        _ => ("a configured boilerplate phrase", 0.9),
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct PhraseMatch {
    pub phrase: usize,
    /// 1.0 for an exact match, lower for a fuzzy one.
    pub similarity: f32,
}

#[derive(Debug)]
pub struct PhraseSet {
    pub phrases: Vec<Phrase>,
    exact: HashMap<String, usize>,
    /// Line phrases by length in chars, for fuzzy matching.
    by_len: HashMap<usize, Vec<usize>>,
    /// Each phrase's character histogram (`Histogram`), for a cheap bound before
    /// computing an edit distance.
    histograms: Vec<Histogram>,
    contains: Option<AhoCorasick>,
    contains_ids: Vec<usize>,
    /// Single words of social and share widgets: a line made only of these is a widget.
    widget_words: HashSet<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PhraseError {
    pub line: usize,
    pub message: String,
}

pub fn parse_tsv(tsv: &str) -> Result<Vec<Phrase>, PhraseError> {
    let mut out = Vec::new();
    for (i, raw) in tsv.lines().enumerate() {
        let line = raw.trim_end();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let mut cols = line.splitn(3, '\t');
        let (Some(mode), Some(kind), Some(text)) = (cols.next(), cols.next(), cols.next()) else {
            return Err(PhraseError {
                line: i + 1,
                message: "expected three tab-separated columns: match, kind, phrase".into(),
            });
        };
        let mode = match mode {
            "line" => MatchMode::Line,
            "contains" => MatchMode::Contains,
            other => {
                return Err(PhraseError {
                    line: i + 1,
                    message: format!("unknown match `{other}` (expected `line` or `contains`)"),
                })
            }
        };
        out.push(Phrase { mode, kind: kind.to_string(), text: text.to_string(), key: key(text) });
    }
    Ok(out)
}

impl PhraseSet {
    pub fn new(phrases: Vec<Phrase>) -> PhraseSet {
        let mut exact = HashMap::default();
        let mut by_len: HashMap<usize, Vec<usize>> = HashMap::default();
        let mut contains_patterns = Vec::new();
        let mut contains_ids = Vec::new();
        let mut widget_words = HashSet::default();
        for (i, p) in phrases.iter().enumerate() {
            if p.key.is_empty() {
                continue;
            }
            match p.mode {
                MatchMode::Line => {
                    // The same line listed twice: the stronger evidence wins (a site's own list
                    // over a built-in phrase: the user's decision is final).
                    let slot = exact.entry(p.key.clone()).or_insert(i);
                    let weight = |at: usize| phrases.get(at).map_or(0.0, |q: &Phrase| kind_info(&q.kind).1);
                    if weight(i) > weight(*slot) {
                        *slot = i;
                    }
                    by_len.entry(p.key.chars().count()).or_default().push(i);
                    if matches!(p.kind.as_str(), "social" | "share") {
                        for w in p.key.split(' ') {
                            widget_words.insert(w.to_string());
                        }
                    }
                }
                MatchMode::Contains => {
                    contains_patterns.push(p.key.clone());
                    contains_ids.push(i);
                }
            }
        }
        let contains = if contains_patterns.is_empty() {
            None
        } else {
            AhoCorasick::builder().match_kind(MatchKind::LeftmostLongest).build(&contains_patterns).ok()
        };
        let histograms = phrases.iter().map(|p| Histogram::of(&p.key)).collect();
        PhraseSet { phrases, exact, by_len, contains, contains_ids, widget_words, histograms }
    }

    pub fn builtin_phrases() -> Vec<Phrase> {
        // The built-in file is tested to parse; an error here is a build defect.
        parse_tsv(BUILTIN_TSV).unwrap_or_default()
    }

    /// Best match for a line key. `max_words` bounds fuzzy matching to short lines,
    /// where a typo'd widget heading is plausible and the cost is small.
    pub fn match_line(&self, line_key: &str, words: usize) -> Option<PhraseMatch> {
        if line_key.is_empty() {
            return None;
        }
        if let Some(&i) = self.exact.get(line_key) {
            return Some(PhraseMatch { phrase: i, similarity: 1.0 });
        }
        if let Some(ac) = &self.contains {
            for m in ac.find_iter(line_key) {
                let bytes = line_key.as_bytes();
                let before_ok = m.start() == 0 || m.start().checked_sub(1).and_then(|i| bytes.get(i)) == Some(&b' ');
                let after_ok = m.end() == line_key.len() || bytes.get(m.end()) == Some(&b' ');
                if before_ok && after_ok {
                    let phrase = self.contains_ids.get(m.pattern().as_usize()).copied()?;
                    return Some(PhraseMatch { phrase, similarity: 1.0 });
                }
            }
        }
        if words <= 4 && line_key.split(' ').all(|w| self.widget_words.contains(w)) {
            let first = line_key.split(' ').next().unwrap_or_default();
            let i = self.phrases.iter().position(|p| p.key == first)?;
            return Some(PhraseMatch { phrase: i, similarity: 1.0 });
        }
        if words <= 6 {
            return self.fuzzy(line_key);
        }
        None
    }

    /// Allowed edits: about one per eight characters, so only a typo or two; never on
    /// phrases shorter than eight characters, where one edit makes another word.
    fn fuzzy(&self, line_key: &str) -> Option<PhraseMatch> {
        let n = line_key.chars().count();
        // Widget headings are short; a long line is never a typo of one (and the
        // edit distance would cost length × phrase length).
        if !(8..=MAX_FUZZY_CHARS).contains(&n) {
            return None;
        }
        let budget = n / 8;
        let mut best: Option<(usize, usize)> = None;
        let histogram = Histogram::of(line_key);
        for len in n.saturating_sub(budget)..=n + budget {
            for &i in self.by_len.get(&len).into_iter().flatten() {
                let Some(phrase) = self.phrases.get(i) else { continue };
                // Nearly every line is far from every phrase, which the histograms show
                // without the quadratic edit distance.
                if self.histograms.get(i).is_some_and(|h| histogram.distance_bound(h) > budget) {
                    continue;
                }
                let d = strsim::levenshtein(line_key, &phrase.key);
                if d <= budget && best.is_none_or(|(bd, _)| d < bd) {
                    best = Some((d, i));
                }
            }
        }
        best.map(|(d, i)| PhraseMatch { phrase: i, similarity: 1.0 - d as f32 / n as f32 })
    }
}

/// Characters counted in 64 buckets. The bag distance of two texts (the larger of
/// the characters one has more of and the other has more of) never exceeds their
/// edit distance, and merging characters into buckets only lowers it: so a bound
/// above the budget proves the edit distance is too.
#[derive(Debug, Clone)]
struct Histogram([u16; 64]);

impl Histogram {
    fn of(text: &str) -> Histogram {
        let mut h = [0u16; 64];
        for c in text.chars() {
            if let Some(slot) = h.get_mut(c as usize % 64) {
                *slot = slot.saturating_add(1);
            }
        }
        Histogram(h)
    }

    fn distance_bound(&self, other: &Histogram) -> usize {
        let (mut more, mut fewer) = (0usize, 0usize);
        for (a, b) in self.0.iter().zip(other.0.iter()) {
            if a > b {
                more += (a - b) as usize;
            } else {
                fewer += (b - a) as usize;
            }
        }
        more.max(fewer)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn set() -> PhraseSet {
        PhraseSet::new(PhraseSet::builtin_phrases())
    }

    #[test]
    fn the_histogram_bound_never_exceeds_the_edit_distance() {
        let words =
            ["الأخبار العاجلة", "الأحبار العاجلة", "no stories found", "stories no found", "عاجل", "", "اقرا ايضا"];
        for a in words {
            for b in words {
                let bound = Histogram::of(a).distance_bound(&Histogram::of(b));
                assert!(bound <= strsim::levenshtein(a, b), "{a} / {b}");
            }
        }
        assert!(Histogram::of("الأكثر قراءة").distance_bound(&Histogram::of("تابعونا على")) > 2);
    }

    #[test]
    fn a_sites_phrase_that_is_also_built_in_scores_as_the_sites() {
        let mut phrases = PhraseSet::builtin_phrases();
        let builtin = phrases.iter().find(|p| p.mode == MatchMode::Line && p.kind == "navigation").unwrap().clone();
        assert!(kind_info(&builtin.kind).1 < 1.0);
        phrases.push(Phrase { kind: SITE_KIND.to_string(), ..builtin.clone() });
        let set = PhraseSet::new(phrases);
        let m = set.match_line(&builtin.key, builtin.key.split(' ').count()).unwrap();
        assert_eq!(set.phrases[m.phrase].kind, SITE_KIND, "{}", builtin.text);
    }

    #[test]
    fn builtin_file_parses() {
        let p = parse_tsv(BUILTIN_TSV).unwrap();
        assert!(p.len() > 200);
        assert!(p.iter().all(|p| !p.key.is_empty()));
    }

    #[test]
    fn matches_variants_and_typos() {
        let s = set();
        for line in ["عـاجـل", "عاجل |", "No  stories\u{00A0}found.", "الأحبار العاجلة", "× On whatsapp"]
        {
            assert!(s.match_line(&key(line), key(line).split(' ').count()).is_some(), "{line}");
        }
        let m = s.match_line(&key("الأحبار العاجلة"), 2).unwrap();
        assert!(m.similarity < 1.0 && m.similarity > 0.9);
    }

    #[test]
    fn does_not_match_inside_sentences() {
        let s = set();
        let k = key("وقال الوزير إن عودة العلاقات بين البلدين خطوة مهمة.");
        assert_eq!(s.match_line(&k, k.split(' ').count()), None);
        // A short word one edit away from a phrase is another word, not a typo.
        assert_eq!(s.match_line(&key("عودت"), 1), None);
    }

    #[test]
    fn reports_bad_tsv_lines() {
        let e = parse_tsv("line\tx\n").unwrap_err();
        assert_eq!(e.line, 1);
        assert!(parse_tsv("word\tx\ty").unwrap_err().message.contains("unknown match"));
    }
}
