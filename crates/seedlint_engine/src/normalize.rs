//! Matching normalization that remembers where every output byte came from.
//!
//! Rules match on normalized text but must report ranges in the original, so
//! [`Normalized`] keeps, for each byte of its text, the byte offset of the
//! source character that produced it.
//!
//! What is folded (see `docs/normalization.md` for the table):
//! - Unicode compatibility decomposition (the "K" of NFKC: presentation forms,
//!   ligatures, full-width letters), then all combining marks dropped. For Arabic
//!   this removes diacritics (harakat, shadda, tanwin) and folds hamza carriers
//!   `أ إ آ` to `ا`, `ؤ` to `و`, `ئ` to `ي`, because NFD splits them into a base
//!   letter plus a combining hamza or madda.
//! - `ٱ → ا`, `ى → ي`, `ی → ي`, `ک → ك`, `ة → ه`, `ۀ → ه`.
//! - Tatweel (`ـ`) and invisible characters (zero-width, bidi controls, soft hyphen, BOM) removed.
//! - Arabic-Indic and Persian digits to ASCII.
//! - Every kind of space (NBSP, thin space, …) to one ASCII space; runs collapsed; ends trimmed.
//! - Latin (and every cased script) lowercased.

use unicode_normalization::char::{decompose_compatible, is_combining_mark};

/// Characters that render as nothing and only get in the way of matching.
pub fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{00AD}' // soft hyphen
            | '\u{061C}' // Arabic letter mark
            | '\u{180E}'
            | '\u{200B}'..='\u{200F}' // ZWSP, ZWNJ, ZWJ, LRM, RLM
            | '\u{202A}'..='\u{202E}' // bidi embeddings and overrides
            | '\u{2060}'..='\u{2064}'
            | '\u{2066}'..='\u{2069}' // bidi isolates
            | '\u{FEFF}'
    )
}

/// Whitespace that is not a line break. Includes NBSP and friends, which
/// `char::is_whitespace` covers, plus a few it does not.
pub fn is_space(c: char) -> bool {
    (c.is_whitespace() && c != '\n' && c != '\r') || c == '\u{180E}'
}

pub fn is_arabic_letter(c: char) -> bool {
    matches!(c, '\u{0620}'..='\u{063F}' | '\u{0641}'..='\u{064A}' | '\u{066E}'..='\u{06D3}' | '\u{06D5}' | '\u{06EE}'..='\u{06EF}' | '\u{06FA}'..='\u{06FC}' | '\u{06FF}' | '\u{0750}'..='\u{077F}' | '\u{08A0}'..='\u{08C9}' | '\u{FB50}'..='\u{FDFF}' | '\u{FE70}'..='\u{FEFC}')
}

pub fn is_hebrew_letter(c: char) -> bool {
    matches!(c, '\u{05D0}'..='\u{05EA}' | '\u{05EF}'..='\u{05F2}' | '\u{FB1D}'..='\u{FB4F}')
}

pub fn is_latin_letter(c: char) -> bool {
    c.is_ascii_alphabetic() || matches!(c, '\u{00C0}'..='\u{024F}') && c.is_alphabetic()
}

/// `char::is_alphanumeric`, answered without table lookups for ASCII and the
/// Arabic block, which are nearly all of what seedlint reads.
/// Chinese or Japanese script (kana, CJK ideographs): written without spaces between
/// words. Korean is not: Hangul text puts spaces between words.
pub fn is_cjk(c: char) -> bool {
    matches!(c, '\u{3040}'..='\u{30ff}' | '\u{3400}'..='\u{4dbf}' | '\u{4e00}'..='\u{9fff}')
}

pub fn is_word_char(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphanumeric();
    }
    match c {
        '\u{0621}'..='\u{063A}' | '\u{0641}'..='\u{064A}' | '\u{0660}'..='\u{0669}' | '\u{0671}'..='\u{06D3}' => true,
        '\u{0600}'..='\u{06FF}' => c.is_alphanumeric(),
        _ => c.is_alphanumeric(),
    }
}

/// Arabic letters that compatibility decomposition leaves as they are: most of the
/// block, except the hamza and madda carriers (آ أ ؤ إ ئ) which it splits.
fn is_plain_arabic_letter(c: char) -> bool {
    matches!(c, '\u{0621}' | '\u{0627}'..='\u{063A}' | '\u{0641}'..='\u{064A}')
}

fn fold_letter(c: char) -> char {
    match c {
        '\u{0671}' => 'ا', // alef wasla
        'ى' | 'ی' | 'ې' => 'ي',
        'ک' => 'ك',
        'ة' | 'ۀ' | 'ە' => 'ه',
        '\u{0660}'..='\u{0669}' => char::from(b'0' + (c as u32 - 0x0660) as u8),
        '\u{06F0}'..='\u{06F9}' => char::from(b'0' + (c as u32 - 0x06F0) as u8),
        _ => c,
    }
}

/// Normalized text plus, for each byte of it, the source byte it came from.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Normalized {
    pub text: String,
    /// Source offset of the normalized text's start: the line's place in its document.
    base: usize,
    /// `base + origin[i]` is the source offset of the character that produced byte `i`
    /// of `text`; `origin[text.len()]` is the source end. Relative, so that a line's
    /// normalization can be reused wherever the line moves (`rebased`), and `u32`,
    /// since it is the largest part of a line's analysis.
    origin: Vec<u32>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Punctuation {
    /// Keep punctuation and symbols (dates, URLs and file names need them).
    Keep,
    /// Turn every character that is not a letter or digit into a space: a
    /// "key" for comparing lines regardless of punctuation.
    Drop,
}

impl Normalized {
    /// Normalize `src`, which starts at byte `base` of the document.
    pub fn new(src: &str, base: usize, punctuation: Punctuation) -> Normalized {
        Normalized::build(src, base, punctuation, true)
    }

    /// With `track_origin` false the offset map is left empty (for keys, which
    /// are compared, never mapped back): a third of the work on Arabic text.
    fn build(src: &str, base: usize, punctuation: Punctuation, track_origin: bool) -> Normalized {
        let mut text = String::with_capacity(src.len());
        let mut origin: Vec<u32> = Vec::with_capacity(if track_origin { src.len() + 1 } else { 0 });
        let mut pending_space: Option<u32> = None;

        let push = |text: &mut String, origin: &mut Vec<u32>, ch: char, at: u32| {
            text.push(ch);
            if track_origin {
                origin.resize(text.len(), at);
            }
        };

        for (offset, c) in src.char_indices() {
            // Lines are far below 4 GiB (files are capped well before); saturate rather than wrap.
            let at = u32::try_from(offset).unwrap_or(u32::MAX);
            if c == '\u{0640}' || is_invisible(c) {
                continue;
            }
            let is_separator = is_space(c)
                || c == '\n'
                || c == '\r'
                || (punctuation == Punctuation::Drop && !is_word_char(c) && !is_combining_mark(c));
            if is_separator {
                if !text.is_empty() && pending_space.is_none() {
                    pending_space = Some(at);
                }
                continue;
            }
            if is_plain_arabic_letter(c) || c.is_ascii_alphanumeric() {
                // Fast path: nothing to decompose, nothing to drop.
                if let Some(space_at) = pending_space.take() {
                    push(&mut text, &mut origin, ' ', space_at);
                }
                push(&mut text, &mut origin, fold_letter(c).to_ascii_lowercase(), at);
                continue;
            }
            decompose_compatible(c, |d| {
                if is_combining_mark(d) {
                    return;
                }
                let d = fold_letter(d);
                if punctuation == Punctuation::Drop && !is_word_char(d) {
                    return;
                }
                if let Some(space_at) = pending_space.take() {
                    push(&mut text, &mut origin, ' ', space_at);
                }
                for lower in d.to_lowercase() {
                    push(&mut text, &mut origin, lower, at);
                }
            });
        }
        if track_origin {
            origin.push(u32::try_from(src.len()).unwrap_or(u32::MAX));
        }
        Normalized { text, base, origin }
    }

    /// The same normalization for the same text at another place in a document.
    pub fn rebased(&self, base: usize) -> Normalized {
        Normalized { text: self.text.clone(), base, origin: self.origin.clone() }
    }

    pub fn keep_punctuation(src: &str, base: usize) -> Normalized {
        Normalized::new(src, base, Punctuation::Keep)
    }

    /// `keep_punctuation(src, base)` and `key(src)` from one pass over `src`: every
    /// line needs both, and decoding and decomposing each character once instead of
    /// twice is a measurable part of a check. Equal to the two calls (a property test).
    pub fn keep_punctuation_and_key(src: &str, base: usize) -> (Normalized, String) {
        let mut text = String::with_capacity(src.len());
        let mut origin: Vec<u32> = Vec::with_capacity(src.len() + 1);
        let mut key = String::with_capacity(src.len());
        let mut pending_space: Option<u32> = None;
        let mut pending_key_space = false;
        let push = |text: &mut String, origin: &mut Vec<u32>, ch: char, at: u32| {
            text.push(ch);
            origin.resize(text.len(), at);
        };
        for (offset, c) in src.char_indices() {
            let at = u32::try_from(offset).unwrap_or(u32::MAX);
            if c == '\u{0640}' || is_invisible(c) {
                continue;
            }
            if is_space(c) || c == '\n' || c == '\r' {
                if !text.is_empty() && pending_space.is_none() {
                    pending_space = Some(at);
                }
                pending_key_space |= !key.is_empty();
                continue;
            }
            if is_plain_arabic_letter(c) || c.is_ascii_alphanumeric() {
                let folded = fold_letter(c).to_ascii_lowercase();
                if let Some(space_at) = pending_space.take() {
                    push(&mut text, &mut origin, ' ', space_at);
                }
                push(&mut text, &mut origin, folded, at);
                if std::mem::take(&mut pending_key_space) {
                    key.push(' ');
                }
                key.push(folded);
                continue;
            }
            // Punctuation and symbols separate words in the key, and nothing of them enters it.
            let key_separator = !is_word_char(c) && !is_combining_mark(c);
            pending_key_space |= key_separator && !key.is_empty();
            decompose_compatible(c, |d| {
                if is_combining_mark(d) {
                    return;
                }
                let d = fold_letter(d);
                if let Some(space_at) = pending_space.take() {
                    push(&mut text, &mut origin, ' ', space_at);
                }
                for lower in d.to_lowercase() {
                    push(&mut text, &mut origin, lower, at);
                }
                if !key_separator && is_word_char(d) {
                    if std::mem::take(&mut pending_key_space) {
                        key.push(' ');
                    }
                    key.extend(d.to_lowercase());
                }
            });
        }
        origin.push(u32::try_from(src.len()).unwrap_or(u32::MAX));
        (Normalized { text, base, origin }, key)
    }

    /// Source byte offset for a byte offset into the normalized text.
    pub fn source_offset(&self, normalized_offset: usize) -> usize {
        let relative =
            self.origin.get(normalized_offset).copied().unwrap_or_else(|| self.origin.last().copied().unwrap_or(0));
        self.base + relative as usize
    }

    /// Source range covering a normalized range: from the start of the first
    /// character to the end of the last one.
    pub fn source_range(&self, range: std::ops::Range<usize>, src_text: &str) -> std::ops::Range<usize> {
        let start = self.source_offset(range.start);
        if range.end <= range.start {
            return start..start;
        }
        let last_start = self.source_offset(range.end - 1);
        let end = src_text
            .get(last_start..)
            .and_then(|rest| rest.chars().next())
            .map(|c| last_start + c.len_utf8())
            .unwrap_or(last_start);
        // A folded character may have dropped marks that follow it in the source
        // (diacritics); they belong to the matched letter.
        let mut end = end;
        if let Some(rest) = src_text.get(end..) {
            for c in rest.chars() {
                if is_combining_mark(c) || c == '\u{0640}' {
                    end += c.len_utf8();
                } else {
                    break;
                }
            }
        }
        start..end
    }
}

/// Letters-and-digits key of `src`: what two lines must share to count as the same line.
pub fn key(src: &str) -> String {
    Normalized::build(src, 0, Punctuation::Drop, false).text
}

/// Stable 64-bit hash of a key (FNV-1a): the same on every machine and every
/// run, so indexes built in different places can be compared and merged.
pub fn key_hash(key: &str) -> u64 {
    let mut h: u64 = 0xcbf29ce484222325;
    for &b in key.as_bytes() {
        h ^= b as u64;
        h = h.wrapping_mul(0x100000001b3);
    }
    h
}

/// The Latin letter a Cyrillic or Greek letter is indistinguishable from, if any
/// (homoglyphs: Cyrillic `а` and Latin `a`).
pub fn latin_twin(c: char) -> Option<char> {
    Some(match c {
        'а' => 'a',
        'е' => 'e',
        'о' => 'o',
        'р' => 'p',
        'с' => 'c',
        'х' => 'x',
        'у' => 'y',
        'і' => 'i',
        'ј' => 'j',
        'ѕ' => 's',
        'ԁ' => 'd',
        'һ' => 'h',
        'ӏ' => 'l',
        'А' => 'A',
        'В' => 'B',
        'Е' => 'E',
        'К' => 'K',
        'М' => 'M',
        'Н' => 'H',
        'О' => 'O',
        'Р' => 'P',
        'С' => 'C',
        'Т' => 'T',
        'Х' => 'X',
        'У' => 'Y',
        'І' => 'I',
        'Ј' => 'J',
        'Ѕ' => 'S',
        'ο' => 'o',
        'ν' => 'v',
        'ρ' => 'p',
        'α' => 'a',
        'Α' => 'A',
        'Β' => 'B',
        'Ε' => 'E',
        'Ζ' => 'Z',
        'Η' => 'H',
        'Ι' => 'I',
        'Κ' => 'K',
        'Μ' => 'M',
        'Ν' => 'N',
        'Ο' => 'O',
        'Ρ' => 'P',
        'Τ' => 'T',
        'Υ' => 'Y',
        'Χ' => 'X',
        _ => return None,
    })
}

/// Normalized text with punctuation kept, without offsets.
pub fn fold(src: &str) -> String {
    Normalized::new(src, 0, Punctuation::Keep).text
}

#[cfg(test)]
mod tests {
    #[test]
    fn one_pass_matches_two_on_symbols_ligatures_and_marks() {
        for src in [
            "a™b",
            "℀ x",
            "ﷺ",
            "لا ﻻ",
            "١٢ / ۳",
            "Café\u{301} ١",
            "\u{064E}\u{064B}",
            "  «عاجل»… ",
            "x\u{200B}y",
            "ـعـاجـلـ",
            "Ǆ ﬁ ²",
            "\u{FEFF}abc",
            "",
        ] {
            let (norm, k) = Normalized::keep_punctuation_and_key(src, 7);
            assert_eq!(k, key(src), "{src:?}");
            assert_eq!(norm, Normalized::keep_punctuation(src, 7), "{src:?}");
        }
    }

    use super::*;

    #[test]
    fn folds_arabic_letter_variants_and_marks() {
        assert_eq!(fold("أإآٱا"), "ااااا");
        assert_eq!(fold("مستشفى"), "مستشفي");
        assert_eq!(fold("مدرسة"), "مدرسه");
        assert_eq!(fold("عـاجـل"), "عاجل");
        assert_eq!(fold("مَسْؤُولٌ"), "مسوول");
        assert_eq!(fold("ئ"), "ي");
    }

    #[test]
    fn folds_digits_spaces_and_case() {
        assert_eq!(fold("٢٠٢٣ و ۱۲"), "2023 و 12");
        assert_eq!(fold("  No\u{00A0}\u{2009}stories   Found. "), "no stories found.");
        assert_eq!(key("No stories found."), "no stories found");
        assert_eq!(key("عاجل |"), "عاجل");
        assert_eq!(fold("ﻻ"), "لا"); // presentation-form ligature
    }

    #[test]
    fn removes_invisible_characters() {
        assert_eq!(fold("عا\u{200B}جل\u{200F}"), "عاجل");
    }

    #[test]
    fn maps_back_to_source_offsets() {
        let src = "قال  الأَمين";
        let doc = format!("xyz\n{src}");
        let n = Normalized::keep_punctuation(src, 4);
        assert_eq!(n.text, "قال الامين");
        let start = n.text.find("الامين").unwrap();
        let r = n.source_range(start..n.text.len(), &doc);
        assert_eq!(&doc[r], "الأَمين");
    }
}
