//! The rule registry. One rule per file; codes are stable and never reused.
//!
//! Order matters only in one way: a rule may skip lines that earlier rules
//! already reported whole (see `Context::is_claimed`), so the more specific
//! rules of a family run first.
//!
//! To add a rule: copy a small rule file of the same category, give it the next
//! free code, add it to `ALL` below, and run `cargo run -- rules --format markdown > docs/rules.md`
//! (a test fails until the docs are regenerated).

use crate::document::Line;
use crate::finding::{Edit, Fix};
use crate::rule::Rule;

mod author_handle;
mod boilerplate_phrase;
mod byline;
mod control_character;
mod corpus_boilerplate;
mod credit_line;
mod cross_file_duplicate;
mod dateline;
mod dateline_place;
mod double_space;
mod duplicate_line;
mod entity_mention;
mod entity_spelling;
mod excess_blank_lines;
mod glued_duplicate;
mod glued_metadata;
mod glued_words;
mod hard_wrapped_line;
mod image_filename;
mod impossible_date;
mod invisible_character;
mod junk_line;
mod latin_glued_to_arabic;
mod long_token;
mod missing_space_after_punctuation;
mod mixed_line_endings;
mod mixed_script_word;
mod mojibake;
mod near_duplicate;
mod photo_caption;
mod related_links;
mod replacement_character;
mod separator_line;
mod space_before_punctuation;
mod teaser_list;
mod trailing_whitespace;
mod truncated_duplicate;
mod tweet_embed;
mod unknown_person;
mod url_only_line;
mod whitespace_only_line;

pub static ALL: &[&dyn Rule] = &[
    // Metadata first: its lines are specific (dates, file names) and must not be
    // mistaken for boilerplate or duplicates.
    &dateline::Dateline,
    &byline::Byline,
    &glued_metadata::GluedMetadata,
    &image_filename::ImageFilename,
    &author_handle::AuthorHandle,
    &tweet_embed::TweetEmbed,
    &dateline_place::DatelinePlace,
    &photo_caption::PhotoCaption,
    &credit_line::CreditLine,
    // Boilerplate.
    &boilerplate_phrase::BoilerplatePhrase,
    &teaser_list::TeaserList,
    &related_links::RelatedLinks,
    &url_only_line::UrlOnlyLine,
    &separator_line::SeparatorLine,
    &corpus_boilerplate::CorpusBoilerplate,
    // Duplicates: the most specific explanation of a repeated line wins.
    &truncated_duplicate::TruncatedDuplicate,
    &duplicate_line::DuplicateLine,
    &glued_duplicate::GluedDuplicate,
    &near_duplicate::NearDuplicate,
    &cross_file_duplicate::CrossFileDuplicate,
    // The learned classifier last among whole-line rules: a more specific explanation wins.
    &junk_line::JunkLine,
    // Residue.
    &latin_glued_to_arabic::LatinGluedToArabic,
    &glued_words::GluedWords,
    &hard_wrapped_line::HardWrappedLine,
    &long_token::LongToken,
    // Whitespace.
    &double_space::DoubleSpace,
    &space_before_punctuation::SpaceBeforePunctuation,
    &whitespace_only_line::WhitespaceOnlyLine,
    &trailing_whitespace::TrailingWhitespace,
    &excess_blank_lines::ExcessBlankLines,
    &missing_space_after_punctuation::MissingSpaceAfterPunctuation,
    // Encoding.
    &invisible_character::InvisibleCharacter,
    &replacement_character::ReplacementCharacter,
    &mixed_line_endings::MixedLineEndings,
    &mojibake::Mojibake,
    &control_character::ControlCharacter,
    &mixed_script_word::MixedScriptWord,
    // Entities: annotations and consistency, after everything that removes lines.
    &entity_mention::EntityMention,
    &entity_spelling::EntitySpelling,
    &unknown_person::UnknownPerson,
    &impossible_date::ImpossibleDate,
];

/// Rules that run only when selected by name, code or category: annotations too
/// many to show by default (SL700), and hints not yet right often enough to show
/// unasked (SL702: 54 of 100 hand-checked hints on the multi-site pages were people
/// with the right boundaries; `eval/labels/unknown-person-hints.tsv`).
pub const OPT_IN: &[&str] = &["SL700", "SL702"];

/// The fix that deletes a whole line with its terminator.
pub(crate) fn remove_line(line: &Line<'_>, safe: bool) -> Fix {
    let edits = vec![Edit::delete(line.full_range())];
    if safe {
        Fix::safe("Remove the line", edits)
    } else {
        Fix::suggestion("Remove the line", edits)
    }
}

/// A set of 64-bit hashes that answers "no" or "maybe": one bit per slot, about
/// sixteen slots per member, so most lookups of absent hashes cost one read of a
/// small table instead of a hash-map probe. The duplicate rules probe a hash at
/// nearly every word or byte of every line and almost always miss.
pub(crate) struct HashFilter {
    bits: Vec<u64>,
    shift: u32,
}

impl HashFilter {
    pub fn with_capacity(members: usize) -> HashFilter {
        let slots = (members.max(1) * 16).next_power_of_two().max(64);
        HashFilter { bits: vec![0; slots / 64], shift: 64 - slots.trailing_zeros() }
    }

    fn slot(&self, hash: u64) -> usize {
        // Fibonacci hashing: the top bits of the product mix every bit of the hash.
        (hash.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> self.shift) as usize
    }

    pub fn insert(&mut self, hash: u64) {
        let slot = self.slot(hash);
        if let Some(word) = self.bits.get_mut(slot / 64) {
            *word |= 1 << (slot % 64);
        }
    }

    pub fn may_contain(&self, hash: u64) -> bool {
        let slot = self.slot(hash);
        self.bits.get(slot / 64).is_some_and(|word| word & (1 << (slot % 64)) != 0)
    }
}

/// Text shown in messages: the line, shortened to `max` characters.
pub(crate) fn excerpt(text: &str, max: usize) -> String {
    let t = text.trim();
    if t.chars().count() <= max {
        t.to_string()
    } else {
        let mut s: String = t.chars().take(max).collect();
        s.push('…');
        s
    }
}

/// 1-based line number for messages.
pub(crate) fn human_line(line: &Line<'_>) -> usize {
    line.index + 1
}

#[cfg(test)]
mod hash_filter_tests {
    use super::HashFilter;

    #[test]
    fn members_are_always_found_and_most_others_are_not() {
        let mut f = HashFilter::with_capacity(1000);
        let member = |i: u64| i.wrapping_mul(0x2545_F491_4F6C_DD1D) ^ 0xABCD;
        (0..1000).for_each(|i| f.insert(member(i)));
        assert!((0..1000).all(|i| f.may_contain(member(i))));
        let false_positives = (1000..101_000).filter(|&i| f.may_contain(member(i))).count();
        assert!(false_positives < 10_000, "{false_positives} of 100000");
    }
}

#[cfg(test)]
pub(crate) mod test_support {
    use crate::{Engine, Finding, Settings};

    /// Findings of `code` when the default rules run (so earlier rules' claims apply),
    /// plus `code` if it is opt-in, less the learned junk-line rule: a rule's tests must
    /// not change when the model is retrained (the classifier has its own tests).
    pub fn findings(code: &str, text: &str) -> Vec<Finding> {
        let mut settings = Settings::default();
        if super::OPT_IN.contains(&code) {
            settings.select = vec!["ALL".into(), code.into()];
        }
        if code != "SL105" {
            settings.ignore = vec!["SL105".into()];
        }
        Engine::new(settings).check(text).into_iter().filter(|f| f.code == code).collect()
    }

    /// 1-based line numbers where `code` fires.
    pub fn lines(code: &str, text: &str) -> Vec<usize> {
        let idx = crate::LineIndex::new(text);
        let mut v: Vec<usize> = findings(code, text).iter().map(|f| idx.line_of(f.range.start) + 1).collect();
        v.dedup();
        v
    }
}
