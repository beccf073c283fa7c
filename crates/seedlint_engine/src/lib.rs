//! seedlint's engine: text in, findings out.
//!
//! Pure and synchronous by design: no I/O, no async, no editor types. The CLI
//! and the language server are adapters over [`Engine::check`], which is why
//! both report the same findings for the same text.

// Any input must be safe to lint: no indexing or unwrapping that odd text could
// turn into a panic. Tests may assert freely.
#![cfg_attr(
    not(test),
    deny(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, clippy::string_slice, clippy::panic)
)]

pub mod classifier;
pub mod context;
pub mod corpus;
pub mod dates;
pub mod document;
pub mod entities;
pub mod finding;
pub mod fix;
pub mod memo;
pub mod normalize;
pub mod phrases;
mod regex_util;
pub mod rule;
pub mod rules;
pub mod settings;

pub use corpus::CorpusIndex;
pub use document::{LineIndex, Position};
pub use finding::{
    Applicability, Category, DateInfo, Detail, Edit, ExternalLine, Finding, Fix, Related, Severity, Signal,
};
pub use rule::{Rule, RuleMeta};
pub use settings::Settings;

use context::Context;
use entities::Entities;
pub use memo::LineMemo;
use phrases::{MatchMode, Phrase, PhraseSet};
use std::collections::HashSet;
use std::sync::Arc;

/// A configured engine. Build once (it compiles the phrase set), check many texts.
pub struct Engine {
    settings: Settings,
    /// Lines matching these are never flagged. Patterns that do not compile were
    /// rejected by the adapters (with file and line); any left are skipped here.
    /// Normalized keys of lines never flagged.
    never_flag: HashSet<String>,
    phrases: PhraseSet,
    rules: Vec<(&'static dyn Rule, Option<Severity>)>,
    /// The built-in knowledge base plus the user's entries.
    entities: Arc<Entities>,
    /// An enabled rule reads entity mentions, so checks compute them.
    wants_mentions: bool,
    /// Unique per engine: a [`LineMemo`] filled by one engine is not reused by another.
    id: u64,
}

impl Engine {
    pub fn new(settings: Settings) -> Engine {
        let mut phrases = PhraseSet::builtin_phrases();
        let custom = |mode, kind: &str, text: &String| Phrase {
            mode,
            kind: kind.into(),
            text: text.clone(),
            key: normalize::key(text),
        };
        let b = &settings.boilerplate;
        phrases.extend(b.line_phrases.iter().map(|t| custom(MatchMode::Line, "custom", t)));
        phrases.extend(b.contains_phrases.iter().map(|t| custom(MatchMode::Contains, "custom", t)));
        // Site phrases go after the others: a line listed both ways is explained as the site's.
        phrases.extend(b.site_line_phrases.iter().map(|t| custom(MatchMode::Line, phrases::SITE_KIND, t)));
        phrases.extend(b.site_contains_phrases.iter().map(|t| custom(MatchMode::Contains, phrases::SITE_KIND, t)));
        let rules: Vec<(&'static dyn Rule, Option<Severity>)> = rules::ALL
            .iter()
            .copied()
            .filter(|r| settings.is_enabled(r.meta()))
            .map(|r| {
                let configured = settings.severity_of(r.meta());
                (r, (configured != r.meta().default_severity).then_some(configured))
            })
            .collect();
        let never_flag =
            settings.never_flag_lines.iter().map(|l| normalize::key(l)).filter(|k| !k.is_empty()).collect();
        let entities = Entities::with_entries(&settings.knowledge_base);
        let wants_mentions = rules.iter().any(|(r, _)| r.meta().category == Category::Entity);
        static NEXT_ID: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);
        let id = NEXT_ID.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        Engine { phrases: PhraseSet::new(phrases), settings, rules, never_flag, entities, wants_mentions, id }
    }

    pub fn settings(&self) -> &Settings {
        &self.settings
    }

    /// The knowledge base and matcher this engine uses.
    pub fn entities(&self) -> &Entities {
        &self.entities
    }

    /// Entity mentions in `text`, in order.
    pub fn mentions(&self, text: &str) -> Vec<entities::Mention> {
        self.entities.mentions(text)
    }

    /// Rules this engine runs, in order.
    pub fn rules(&self) -> impl Iterator<Item = &'static RuleMeta> + '_ {
        self.rules.iter().map(|(r, _)| r.meta())
    }

    /// Findings for `text`, ordered by position then code.
    pub fn check(&self, text: &str) -> Vec<Finding> {
        self.check_in_corpus(text, None, None)
    }

    /// Findings for `text` as one document of a corpus: lines repeated across the
    /// corpus are judged too. `document` is the text's name in the index, if it is in it
    /// (its own lines are then not counted as repeats of themselves).
    pub fn check_in_corpus(&self, text: &str, corpus: Option<&CorpusIndex>, document: Option<&str>) -> Vec<Finding> {
        self.run(text, corpus, document, false, None).0
    }

    /// Findings and entity mentions from one pass over `text` (lines are split and
    /// normalized once): what an editor shows on every change.
    pub fn check_with_mentions(
        &self,
        text: &str,
        corpus: Option<&CorpusIndex>,
        document: Option<&str>,
    ) -> (Vec<Finding>, Vec<entities::Mention>) {
        self.run(text, corpus, document, true, None)
    }

    /// `check_with_mentions` for a text checked again and again as it changes (an
    /// editor buffer): `memo` keeps each line's own work between calls, so a check
    /// after a small edit redoes only the changed lines and the document-wide rules.
    /// The result is the same as without the memo.
    pub fn check_incremental(
        &self,
        text: &str,
        corpus: Option<&CorpusIndex>,
        document: Option<&str>,
        memo: &mut LineMemo,
    ) -> (Vec<Finding>, Vec<entities::Mention>) {
        memo.begin(self.id);
        self.run(text, corpus, document, true, Some(memo))
    }

    /// The line classifier's features of every line of `text` (what `seedlint train`
    /// learns from), computed as a check computes them.
    pub fn line_features(&self, text: &str) -> Vec<classifier::LineFeatures> {
        let ctx = Context::build(text, &self.settings, &self.phrases, None, None, None);
        classifier::features(&ctx)
    }

    /// What a corpus index records of `text` (its distinct line hashes and the entities
    /// it names by an accepted name), and its entity mentions, from one normalization
    /// of its lines.
    pub fn index_entry(&self, text: &str) -> (corpus::IndexEntry, Vec<entities::Mention>) {
        let lines = document::build_lines(text);
        let mentions = self.entities.matcher.find(text, &lines);
        let mut named: Vec<String> = Vec::new();
        for m in mentions.iter().filter(|m| m.preferred.is_none()) {
            if let Some(e) = self.entities.entity(m).filter(|e| !named.contains(&e.id)) {
                named.push(e.id.clone());
            }
        }
        (corpus::IndexEntry { lines: corpus::hashes_of(&lines), named }, mentions)
    }

    fn run(
        &self,
        text: &str,
        corpus: Option<&CorpusIndex>,
        document: Option<&str>,
        with_mentions: bool,
        mut memo: Option<&mut LineMemo>,
    ) -> (Vec<Finding>, Vec<entities::Mention>) {
        let corpus = corpus.map(|index| context::Corpus { index, document: document.and_then(|d| index.id(d)) });
        let entities = (self.wants_mentions || with_mentions).then_some(&*self.entities);
        let mut ctx = Context::build(text, &self.settings, &self.phrases, corpus, entities, memo.as_deref_mut());
        let mut findings = Vec::new();
        for (rule_ix, (rule, severity)) in self.rules.iter().enumerate() {
            let before = findings.len();
            match memo.as_deref_mut() {
                Some(memo) if rule.line_local() => {
                    Engine::check_lines_memoized(*rule, rule_ix, &ctx, memo, &mut findings)
                }
                _ => rule.check(&ctx, &mut findings),
            }
            let new = findings.get_mut(before..).unwrap_or_default();
            if let Some(sev) = severity {
                for f in new.iter_mut() {
                    f.severity = *sev;
                }
            }
            ctx.record(new);
        }
        let ignore = &self.settings.ignore_patterns;
        if !ignore.is_empty() || !self.never_flag.is_empty() {
            // Each line is matched at most once, however many findings it has.
            let mut ignored_lines: std::collections::HashMap<usize, bool> = std::collections::HashMap::new();
            findings.retain(|f| {
                // The line holding the finding's start, by binary search (`eol_end` is
                // exclusive; past the last terminator, the last line).
                let i = ctx.lines.partition_point(|l| l.eol_end <= f.range.start);
                let Some(line) = ctx.lines.get(i).or(ctx.lines.last()) else { return true };
                let ignored =
                    !ignore.is_empty() && *ignored_lines.entry(i).or_insert_with(|| ignore.is_match(line.text));
                // The line's key is already computed, in the same normalization as the list.
                let spared = self.never_flag.contains(&line.key);
                !ignored && !spared
            });
        }
        findings.sort_by(|a, b| (a.range.start, a.range.end, a.code).cmp(&(b.range.start, b.range.end, b.code)));
        (findings, std::mem::take(&mut ctx.mentions))
    }
}

impl Engine {
    /// A line-local rule over every line, reusing the findings remembered for lines
    /// whose text, terminator and claims are unchanged.
    fn check_lines_memoized(
        rule: &dyn Rule,
        rule_ix: usize,
        ctx: &Context<'_>,
        memo: &mut LineMemo,
        out: &mut Vec<Finding>,
    ) {
        let mut found = Vec::new();
        for line in &ctx.lines {
            let claims = ctx.claim_bits(line.index);
            let Some(memo_slot) = ctx.memo_slot(line.index) else {
                rule.check_line(ctx, line, out);
                continue;
            };
            if let Some(known) = memo.findings(memo_slot, rule_ix, claims, line.ending) {
                out.extend(known.iter().map(|f| f.moved(0, line.start)));
                continue;
            }
            found.clear();
            rule.check_line(ctx, line, &mut found);
            memo.remember(
                memo_slot,
                rule_ix,
                claims,
                line.ending,
                found.iter().map(|f| f.moved(line.start, 0)).collect(),
            );
            out.append(&mut found);
        }
    }
}

impl Default for Engine {
    fn default() -> Self {
        Engine::new(Settings::default())
    }
}

/// Look a rule up by code (`SL101`) or name (`boilerplate-phrase`), case-insensitively.
pub fn find_rule(code_or_name: &str) -> Option<&'static RuleMeta> {
    rules::ALL
        .iter()
        .map(|r| r.meta())
        .find(|m| m.code.eq_ignore_ascii_case(code_or_name) || m.name.eq_ignore_ascii_case(code_or_name))
}

pub fn all_rules() -> impl Iterator<Item = &'static RuleMeta> {
    rules::ALL.iter().map(|r| r.meta())
}

/// Whether `selector` names at least one rule (see [`settings::selector_matches`]);
/// if not, an error naming the closest valid selectors, so a typo in `--select`
/// or `--ignore` cannot silently switch every rule off.
pub fn check_selector(selector: &str) -> Result<(), String> {
    if selector == "ALL" || all_rules().any(|m| settings::selector_matches(selector, m)) {
        return Ok(());
    }
    let mut candidates: Vec<&str> = vec!["ALL"];
    candidates.extend(finding::Category::ALL.iter().map(|c| c.as_str()));
    for m in all_rules() {
        candidates.push(m.code);
        candidates.push(m.name);
    }
    let wanted = selector.to_lowercase();
    let mut scored: Vec<(usize, &str)> =
        candidates.into_iter().map(|c| (edit_distance(&wanted, &c.to_lowercase()), c)).collect();
    scored.sort();
    let best = scored.first().map_or(0, |(d, _)| *d);
    let near: Vec<String> =
        scored.iter().take_while(|(d, _)| *d <= best.max(1) + 1).take(3).map(|(_, c)| format!("`{c}`")).collect();
    Err(format!("unknown rule, code or category `{selector}` (did you mean {}? see `seedlint rules`)", near.join(", ")))
}

/// Levenshtein distance in chars.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut current = Vec::with_capacity(b.len() + 1);
        current.push(i + 1);
        for (j, cb) in b.iter().enumerate() {
            let substitute = previous.get(j).map_or(usize::MAX, |d| d + usize::from(ca != *cb));
            let delete = previous.get(j + 1).map_or(usize::MAX, |d| d + 1);
            let insert = current.last().map_or(usize::MAX, |d| d + 1);
            current.push(substitute.min(delete).min(insert));
        }
        previous = current;
    }
    previous.last().copied().unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn patterns(list: &[&str]) -> settings::IgnorePatterns {
        settings::IgnorePatterns::compile(list.iter().map(|p| p.to_string()).collect()).unwrap()
    }

    #[test]
    fn selectors_are_checked_and_typos_get_the_nearest_names() {
        for good in ["ALL", "SL101", "SL1", "SL", "boilerplate-phrase", "boilerplate"] {
            assert_eq!(check_selector(good), Ok(()), "{good}");
        }
        let err = |s: &str| check_selector(s).err().unwrap_or_default();
        assert!(err("boilerplat").contains("`boilerplate`"), "{}", err("boilerplat"));
        assert!(err("SL5O2").contains("`SL502`"), "{}", err("SL5O2"));
        assert!(err("SL9").starts_with("unknown rule, code or category `SL9`"), "{}", err("SL9"));
        assert_eq!(edit_distance("kitten", "sitting"), 3);
    }

    #[test]
    fn ignore_patterns_silence_matching_lines() {
        let text = "الأكثر قراءة\nقال الوزير إن الاتفاق مهم جدا، وأضاف أنه سيعزز التعاون بين البلدين في مجالات عديدة.\nالميادين نت\n";
        let plain = Engine::default().check(text);
        assert!(plain.iter().any(|f| f.code == "SL101" && f.range.start == 0));
        let settings = Settings { ignore_patterns: patterns(&["^الأكثر"]), ..Settings::default() };
        let quiet = Engine::new(settings).check(text);
        assert!(quiet.iter().all(|f| f.range.start != 0), "{quiet:?}");
        assert!(quiet.iter().any(|f| f.code == "SL101"), "other lines are still checked");
        // A pattern for a line that is not the first.
        let settings = Settings { ignore_patterns: patterns(&["نت$"]), ..Settings::default() };
        let found = Engine::new(settings).check(text);
        assert!(found.iter().any(|f| f.range.start == 0), "line 1 is still flagged");
        assert!(found.iter().all(|f| !text[f.range.clone()].contains("الميادين")), "{found:?}");
    }

    #[test]
    fn site_lists_flag_and_spare_lines() {
        let body = "قال الوزير إن الاتفاق مهم جدا، وأضاف أنه سيعزز التعاون بين البلدين في مجالات عديدة.";
        let text = format!("{body}\nتابعونا على قناة هسبريس\n{body} ثم ختم كلامه.\nالأكثر قراءة\n");
        let plain = Engine::default().check(&text);
        assert!(plain.iter().all(|f| !text[f.range.clone()].contains("هسبريس")), "{plain:?}");
        let mut settings = Settings { site: Some("hespress".into()), ..Settings::default() };
        // Listed in its normalized form, as the editor's action writes it.
        settings.boilerplate.site_line_phrases.push(normalize::key("تابعونا على قناة هسبريس"));
        settings.never_flag_lines.push("الأكثر  قراءة".into());
        let found = Engine::new(settings).check(&text);
        let listed: Vec<_> = found.iter().filter(|f| text[f.range.clone()].contains("هسبريس")).collect();
        assert_eq!(listed.len(), 1, "{found:?}");
        assert_eq!(listed[0].code, "SL101");
        assert!(listed[0].message.contains("listed as boilerplate for site \"hespress\""), "{}", listed[0].message);
        assert!(found.iter().all(|f| !text[f.range.clone()].contains("قراءة")), "never-flag line spared: {found:?}");
    }
}
