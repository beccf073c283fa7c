//! Finding the knowledge base's names in text.
//!
//! One Aho–Corasick automaton holds every name, folded the way lines are folded
//! (`normalize`), so hamza, ta marbuta, alef maqsura, diacritics, tatweel, digits
//! and Latin case never stop a match. A match counts only on word boundaries, after
//! an optional run of proclitics that belong to the name's script:
//!
//! - Arabic `و ف ب ل ك` and their combinations (`وب`, `فل`, …) before any name;
//!   before a name with the article `ال`, the article itself may take them
//!   (`بالرباط`, `والمغرب`), and `ل` + `ال` is written `لل` (`للمغرب`), so such
//!   names are also matched by their stem after `لل`.
//! - Hebrew `ו ה ב ל מ ש כ` and pairs (`וב`, `של`, …).
//! - Latin names take none.
//!
//! Where matches overlap, the longest name wins (`بيني غانتس` over `غانتس`).

use super::kb::KnowledgeBase;
use crate::document::Line;
use crate::normalize::{fold, is_arabic_letter, is_hebrew_letter, is_word_char, Normalized};
use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use rustc_hash::FxHashMap;
use serde::Serialize;
use std::ops::Range;

const ARABIC_PLAIN_PREFIXES: &[&str] = &["", "و", "ف", "ب", "ل", "ك", "وب", "ول", "وك", "فب", "فل", "فك"];
/// Prefixes before the stem of a name that starts with `ال`: the article itself
/// (with proclitics), or the `لل` that `ل` + `ال` becomes.
const ARABIC_ARTICLE_PREFIXES: &[&str] =
    &["ال", "وال", "فال", "بال", "كال", "وبال", "فبال", "وكال", "فكال", "لل", "ولل", "فلل"];
const HEBREW_PREFIXES: &[&str] = &[
    "", "ו", "ה", "ב", "ל", "מ", "ש", "כ", "וה", "וב", "ול", "ומ", "וש", "שה", "שב", "של", "מה", "כש", "לה", "בה", "כה",
];
/// Longest proclitic run, in characters.
const MAX_PREFIX_CHARS: usize = 4;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Script {
    Arabic,
    Hebrew,
    Other,
}

/// One way an entity can appear: the name as written in the knowledge base.
#[derive(Debug, Clone)]
struct Form {
    entity: u32,
    /// The name as the knowledge base spells it.
    name: String,
    /// Set when the name is a variant spelling: the spelling to prefer.
    preferred: Option<String>,
}

#[derive(Debug, Clone)]
struct Pattern {
    script: Script,
    /// The name as it stands (no proclitics, or Arabic/Hebrew proclitics).
    plain: Option<Form>,
    /// The name minus its article `ال`, matched only after an article prefix.
    stem: Option<Form>,
}

/// One mention of an entity in a text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Mention {
    /// Index of the entity in the knowledge base.
    pub entity: usize,
    /// Source bytes of the whole written word(s), proclitics included (`وغانتس`).
    pub range: Range<usize>,
    /// Source bytes of the name proper: without proclitics; for a name with the
    /// article, its stem after the article (`رباط` of `بالرباط`).
    pub name_range: Range<usize>,
    /// 0-based line.
    pub line: usize,
    /// The knowledge-base name matched, as the knowledge base writes it.
    pub name: String,
    /// When the name is a variant spelling: the spelling to prefer.
    pub preferred: Option<String>,
    /// The match was the stem of an article name (`name_range` excludes `ال`).
    pub article_stem: bool,
}

pub struct EntityMatcher {
    automaton: Option<AhoCorasick>,
    patterns: Vec<Pattern>,
}

fn script_of(folded: &str) -> Script {
    match folded.chars().next() {
        Some(c) if is_arabic_letter(c) => Script::Arabic,
        Some(c) if is_hebrew_letter(c) => Script::Hebrew,
        _ => Script::Other,
    }
}

/// A character that ends a word: not a letter or digit, and not a hyphen or
/// underscore joining two words (`Benny-Gantz-Loudiyi.jpg` holds no mention).
fn is_boundary(c: Option<char>, beyond: Option<char>) -> bool {
    match c {
        None => true,
        Some(c) if is_word_char(c) => false,
        Some('-' | '_' | '@') => !beyond.is_some_and(is_word_char),
        Some(_) => true,
    }
}

impl EntityMatcher {
    pub fn new(kb: &KnowledgeBase) -> EntityMatcher {
        let mut index: FxHashMap<String, usize> = FxHashMap::default();
        let mut patterns: Vec<Pattern> = Vec::new();
        let mut texts: Vec<String> = Vec::new();
        // Who owns a form when two entities share it: a later source (the user's
        // files after the built-in ones) wins; within one source, the first entry
        // (a country before its capital of the same name: الجزائر, تونس, الكويت).
        let mut owner_source: FxHashMap<(usize, bool), String> = FxHashMap::default();
        for (i, entity) in kb.entities().iter().enumerate() {
            let mut names: Vec<(&str, Option<&str>)> =
                entity.matchable_names().map(|n| (n, entity.spellings.get(n).map(String::as_str))).collect();
            names.dedup();
            for (name, preferred) in names {
                let folded = fold(name);
                if folded.chars().filter(|c| is_word_char(*c)).count() < 2 {
                    continue;
                }
                let script = script_of(&folded);
                let (key, stem) = match folded.strip_prefix("ال") {
                    Some(rest) if script == Script::Arabic && rest.chars().count() >= 2 => (rest.to_string(), true),
                    _ => (folded, false),
                };
                let slot = *index.entry(key.clone()).or_insert_with(|| {
                    texts.push(key.clone());
                    patterns.push(Pattern { script, plain: None, stem: None });
                    patterns.len() - 1
                });
                let form = Form { entity: i as u32, name: name.to_string(), preferred: preferred.map(str::to_string) };
                let Some(p) = patterns.get_mut(slot) else { continue };
                let target = if stem { &mut p.stem } else { &mut p.plain };
                let replace = match target {
                    None => true,
                    Some(existing) => {
                        existing.entity as usize != i
                            && owner_source.get(&(slot, stem)).is_some_and(|s| *s != entity.origin.source)
                    }
                };
                if replace {
                    *target = Some(form);
                    owner_source.insert((slot, stem), entity.origin.source.clone());
                }
            }
        }
        let automaton = AhoCorasickBuilder::new().match_kind(MatchKind::LeftmostLongest).build(&texts).ok();
        EntityMatcher { automaton, patterns }
    }

    /// Mentions in folded text (`Line::norm.text`), as ranges of that text:
    /// (word start, name start, end, form, is article stem).
    fn find_folded<'p>(&'p self, folded: &str) -> Vec<(usize, usize, usize, &'p Form, bool)> {
        let Some(ac) = &self.automaton else { return Vec::new() };
        let mut candidates = Vec::new();
        // Leftmost-longest search, restarted one character after a match that is not a
        // mention (inside a longer word), so a name that starts inside it is still seen.
        let mut pos = 0;
        while pos < folded.len() {
            let Some(m) = ac.find(aho_corasick::Input::new(folded).range(pos..)) else { break };
            let (s, e) = (m.start(), m.end());
            let next = s + folded.get(s..).and_then(|t| t.chars().next()).map_or(1, char::len_utf8);
            pos = next;
            let Some(pattern) = self.patterns.get(m.pattern().as_usize()) else { continue };
            let mut after = folded.get(e..).unwrap_or_default().chars();
            if !is_boundary(after.next(), after.next()) {
                continue;
            }
            // Walk back over letters to the word's start: that run is the prefix.
            let before = folded.get(..s).unwrap_or_default();
            let mut word_start = s;
            let mut chars = before.chars().rev();
            let mut prefix_chars = 0;
            let mut too_long = false;
            loop {
                let c = chars.next();
                match c {
                    Some(c) if is_word_char(c) => {
                        prefix_chars += 1;
                        word_start -= c.len_utf8();
                        if prefix_chars > MAX_PREFIX_CHARS {
                            too_long = true;
                            break;
                        }
                    }
                    other => {
                        if !is_boundary(other, chars.next()) {
                            too_long = true;
                        }
                        break;
                    }
                }
            }
            if too_long {
                continue;
            }
            let prefix = folded.get(word_start..s).unwrap_or_default();
            // A name of three letters or fewer with a proclitic is too often another word
            // (نوك, Nuuk, after ب is بنوك, 'banks'). The stem of a name with the article
            // is not such a name: القدس is matched as قدس after ال.
            let short_with_proclitic = !prefix.is_empty()
                && folded.get(s..e).is_some_and(|n| n.chars().filter(|c| is_word_char(*c)).count() <= 3);
            let plain_ok = !short_with_proclitic
                && match pattern.script {
                    Script::Arabic => ARABIC_PLAIN_PREFIXES.contains(&prefix),
                    Script::Hebrew => HEBREW_PREFIXES.contains(&prefix),
                    Script::Other => prefix.is_empty(),
                };
            if let (true, Some(form)) = (plain_ok, &pattern.plain) {
                candidates.push((word_start, s, e, form, false));
                pos = e;
            } else if let (true, Some(form)) = (ARABIC_ARTICLE_PREFIXES.contains(&prefix), &pattern.stem) {
                candidates.push((word_start, s, e, form, true));
                pos = e;
            }
        }
        // Longest name first; among equals, leftmost. Then keep what does not overlap.
        candidates.sort_by_key(|&(w, s, e, _, _)| (std::cmp::Reverse(e - s), w));
        let mut kept: Vec<(usize, usize, usize, &Form, bool)> = Vec::new();
        for c in candidates {
            if kept.iter().all(|k| c.2 <= k.0 || c.0 >= k.2) {
                kept.push(c);
            }
        }
        kept.sort_by_key(|k| k.0);
        kept
    }

    /// Every mention in the document whose lines are `lines`.
    pub fn find(&self, text: &str, lines: &[Line<'_>]) -> Vec<Mention> {
        let mut out = Vec::new();
        for line in lines {
            if !line.key.is_empty() {
                self.find_in_line(&line.norm, line.index, text, &mut out);
            }
        }
        out
    }

    /// Mentions in one line, from its normalization (`norm`, whose offsets map into `text`).
    pub(crate) fn find_in_line(&self, norm: &Normalized, line: usize, text: &str, out: &mut Vec<Mention>) {
        for (word_start, name_start, end, form, stem) in self.find_folded(&norm.text) {
            out.push(Mention {
                entity: form.entity as usize,
                range: norm.source_range(word_start..end, text),
                name_range: norm.source_range(name_start..end, text),
                line,
                name: form.name.clone(),
                preferred: form.preferred.clone(),
                article_stem: stem,
            });
        }
    }

    /// Mentions in a text on its own.
    pub fn find_in(&self, text: &str) -> Vec<Mention> {
        self.find(text, &crate::document::build_lines(text))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::entities::kb::parse_toml;

    fn matcher(kb_toml: &str) -> (KnowledgeBase, EntityMatcher) {
        let mut kb = KnowledgeBase::new();
        assert!(kb.apply(parse_toml(kb_toml, "t.toml").unwrap()).is_empty());
        let m = EntityMatcher::new(&kb);
        (kb, m)
    }

    fn found<'t>(m: &EntityMatcher, kb: &KnowledgeBase, text: &'t str) -> Vec<(&'t str, String)> {
        m.find_in(text).into_iter().map(|x| (&text[x.range.clone()], kb.entities()[x.entity].id.clone())).collect()
    }

    const KB: &str = r#"
[[entity]]
id = "gantz"
kind = "person"
name = { ar = "بيني غانتس", en = "Benny Gantz", he = "בני גנץ" }
aliases = ["غانتس", "Gantz"]
spellings = { "غانتز" = "غانتس" }

[[entity]]
id = "morocco"
kind = "place"
name = { ar = "المغرب", en = "Morocco" }

[[entity]]
id = "rabat"
kind = "place"
name = { ar = "الرباط", he = "רבאט" }

[[entity]]
id = "tel-aviv"
kind = "place"
name = { ar = "تل أبيب", he = "תל אביב" }

[[entity]]
id = "loudiyi"
kind = "person"
name = { ar = "عبد اللطيف لوديي" }
aliases = ["لوديي"]
"#;

    #[test]
    fn arabic_proclitics() {
        let (kb, m) = matcher(KB);
        let text = "وغانتس في الرباط وبالرباط وللمغرب والمغرب، فالمغرب ولغانتس وكالمغرب بغانتز";
        let got = found(&m, &kb, text);
        let words: Vec<&str> = got.iter().map(|g| g.0).collect();
        assert_eq!(
            words,
            ["وغانتس", "الرباط", "وبالرباط", "وللمغرب", "والمغرب", "فالمغرب", "ولغانتس", "وكالمغرب", "بغانتز"]
        );
        assert_eq!(got[3].1, "morocco");
    }

    #[test]
    fn word_boundaries() {
        let (kb, m) = matcher(KB);
        // Inside longer words, as an adjective, with a suffix, or joined by hyphens: no mention.
        let text = "المغربية مغرب المغربي رباطة Gantzberg Benny-Gantz-Loudiyi.jpg التلأبيب";
        assert_eq!(found(&m, &kb, text), []);
        // Bare stem of an article name is not the name (مغرب is the sunset prayer).
        assert_eq!(found(&m, &kb, "صلاة مغرب"), []);
        // Punctuation and quotes are boundaries.
        let got = found(&m, &kb, "«غانتس»، (Gantz) \"المغرب\".");
        assert_eq!(got.len(), 3, "{got:?}");
    }

    #[test]
    fn longest_match_wins_and_overlaps_resolve() {
        let (kb, m) = matcher(KB);
        let text = "قال بيني غانتس إن عبد اللطيف لوديي وعبداللطيف لوديي ولوديي في تل أبيب";
        let got = found(&m, &kb, text);
        let words: Vec<&str> = got.iter().map(|g| g.0).collect();
        assert_eq!(words, ["بيني غانتس", "عبد اللطيف لوديي", "وعبداللطيف لوديي", "ولوديي", "تل أبيب"]);
        let variant = m.find_in(text).into_iter().find(|x| text[x.range.clone()].starts_with("وعبد")).unwrap();
        assert_eq!(variant.preferred.as_deref(), Some("عبد اللطيف لوديي"));
        assert_eq!(&text[variant.name_range.clone()], "عبداللطيف لوديي");
    }

    #[test]
    fn scripts_and_folding() {
        let (kb, m) = matcher(KB);
        let text = "— בני גנץ - Benny Gantz (@gantzbe) ובני גנץ בתל אביב; BENNY GANTZ; بيـني غانتسَ; تل ابيب";
        let got = found(&m, &kb, text);
        let ids: Vec<&str> = got.iter().map(|g| g.1.as_str()).collect();
        assert_eq!(ids, ["gantz", "gantz", "gantz", "tel-aviv", "gantz", "gantz", "tel-aviv"], "{got:?}");
        assert_eq!(got[4].0, "BENNY GANTZ");
        assert_eq!(got[5].0, "بيـني غانتسَ", "diacritics and tatweel stay inside the range");
    }

    #[test]
    fn article_stem_names_report_the_stem() {
        let (kb, m) = matcher(KB);
        let text = "للرباط";
        let x = &m.find_in(text)[0];
        assert!(x.article_stem);
        assert_eq!(&text[x.name_range.clone()], "رباط");
        assert_eq!(kb.entities()[x.entity].id, "rabat");
    }

    #[test]
    fn short_stems_of_article_names_and_washington_are_found_in_the_builtin_base() {
        let kb = KnowledgeBase::builtin();
        let m = EntityMatcher::new(kb);
        let text = "زار الرئيس القدس أمس ثم عاد من بالقدس إلى واشنطن بعد لقاء في باريس.";
        let ids: Vec<&str> = m.find_in(text).iter().map(|x| kb.entities()[x.entity].id.as_str()).collect();
        assert_eq!(
            ids,
            ["capital:IL:jerusalem", "capital:IL:jerusalem", "capital:US:washington-d-c", "capital:FR:paris"]
        );
        // A three-letter name after a proclitic is still another word (بنوك is 'banks').
        assert!(m.find_in("أعلنت البنوك المركزية").is_empty());
    }
}
