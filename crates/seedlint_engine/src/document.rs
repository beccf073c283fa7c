//! The document model: lines with their byte ranges, and conversions from byte
//! offsets to line/column in the units that adapters need.

use crate::normalize::Normalized;

/// Line terminator of a line. LSP and the CLI both treat `\n`, `\r\n` and a lone `\r` as breaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LineEnding {
    Lf,
    CrLf,
    Cr,
    /// The last line, with no terminator.
    None,
}

#[derive(Debug, Clone)]
pub struct Line<'a> {
    /// 0-based.
    pub index: usize,
    /// Byte range of the content, without the terminator (and without a BOM on line 0).
    pub start: usize,
    pub end: usize,
    /// End including the terminator.
    pub eol_end: usize,
    pub ending: LineEnding,
    pub text: &'a str,
    /// Folded text with punctuation, mapped back to the source.
    pub norm: Normalized,
    /// Letters and digits only, space separated.
    pub key: String,
    /// Words in `key`.
    pub words: usize,
}

impl<'a> Line<'a> {
    pub fn is_blank(&self) -> bool {
        self.key.is_empty()
            && self.text.chars().all(|c| crate::normalize::is_space(c) || crate::normalize::is_invisible(c))
    }

    /// The range that removes the whole line, terminator included.
    pub fn full_range(&self) -> std::ops::Range<usize> {
        self.start..self.eol_end
    }

    pub fn trimmed(&self) -> &'a str {
        self.text.trim_matches(|c: char| crate::normalize::is_space(c) || crate::normalize::is_invisible(c))
    }

    /// Range of `trimmed()` in the document.
    pub fn trimmed_range(&self) -> std::ops::Range<usize> {
        let t = self.trimmed();
        let lead = t.as_ptr() as usize - self.text.as_ptr() as usize;
        self.start + lead..self.start + lead + t.len()
    }
}

pub const BOM: &str = "\u{FEFF}";

/// Split `text` into lines. A leading BOM belongs to no line.
pub fn split_lines(text: &str) -> Vec<(usize, usize, usize, LineEnding)> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut start = if text.starts_with(BOM) { BOM.len() } else { 0 };
    let mut i = start;
    while i < bytes.len() {
        match bytes.get(i).copied().unwrap_or(0) {
            b'\n' => {
                out.push((start, i, i + 1, LineEnding::Lf));
                i += 1;
                start = i;
            }
            b'\r' => {
                if bytes.get(i + 1) == Some(&b'\n') {
                    out.push((start, i, i + 2, LineEnding::CrLf));
                    i += 2;
                } else {
                    out.push((start, i, i + 1, LineEnding::Cr));
                    i += 1;
                }
                start = i;
            }
            _ => i += 1,
        }
    }
    // A final line without terminator exists when there is text after the last break,
    // and also for the empty text (one empty line, as editors show it).
    if start < bytes.len() || out.is_empty() {
        out.push((start, bytes.len(), bytes.len(), LineEnding::None));
    }
    out
}

pub fn build_lines(text: &str) -> Vec<Line<'_>> {
    split_lines(text)
        .into_iter()
        .enumerate()
        .map(|(index, (start, end, eol_end, ending))| {
            let content = text.get(start..end).unwrap_or_default();
            let (norm, key) = Normalized::keep_punctuation_and_key(content, start);
            let words = if key.is_empty() { 0 } else { key.split(' ').count() };
            Line { index, start, end, eol_end, ending, text: content, norm, key, words }
        })
        .collect()
}

/// Position of a byte offset: 0-based line, and the column in three units.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Position {
    pub line: usize,
    /// Unicode scalar values from the line start.
    pub char_column: usize,
    /// UTF-16 code units from the line start (LSP's default).
    pub utf16_column: usize,
    /// Bytes from the line start (LSP's `utf-8` encoding).
    pub utf8_column: usize,
}

/// Byte offset → line/column conversion, built once per text.
#[derive(Debug, Clone)]
pub struct LineIndex {
    /// Byte offset where each line's content starts.
    starts: Vec<usize>,
    /// Byte offset where each line's content ends (before its terminator).
    ends: Vec<usize>,
}

impl LineIndex {
    pub fn new(text: &str) -> LineIndex {
        let lines = split_lines(text);
        let mut starts: Vec<usize> = lines.iter().map(|l| l.0).collect();
        let mut ends: Vec<usize> = lines.iter().map(|l| l.1).collect();
        // Editors show an empty last line after a final terminator; positions on it are valid.
        if lines.last().is_some_and(|l| l.3 != LineEnding::None) {
            starts.push(text.len());
            ends.push(text.len());
        }
        LineIndex { starts, ends }
    }

    pub fn line_count(&self) -> usize {
        self.starts.len()
    }

    pub fn line_start(&self, line: usize) -> Option<usize> {
        self.starts.get(line).copied()
    }

    pub fn line_end(&self, line: usize) -> Option<usize> {
        self.ends.get(line).copied()
    }

    /// The line containing `offset`. An offset inside a terminator belongs to the line it ends.
    pub fn line_of(&self, offset: usize) -> usize {
        match self.starts.binary_search(&offset) {
            Ok(i) => i,
            Err(i) => i.saturating_sub(1),
        }
    }

    pub fn position(&self, text: &str, offset: usize) -> Position {
        let offset = floor_char_boundary(text, offset.min(text.len()));
        let line = self.line_of(offset);
        let start = self.starts.get(line).copied().unwrap_or(0).min(offset);
        let end = self.ends.get(line).copied().unwrap_or(text.len());
        let segment = text.get(start..offset.min(end.max(start))).unwrap_or_default();
        Position {
            line,
            char_column: segment.chars().count(),
            utf16_column: segment.encode_utf16().count(),
            utf8_column: segment.len(),
        }
    }

    /// Byte offset of a line and a column given in UTF-16 code units or bytes.
    /// Positions past the end of a line clamp to its end, and a column inside a
    /// character (half a surrogate pair, the middle of a UTF-8 sequence) moves to
    /// that character's start, as the LSP specification asks.
    pub fn offset(&self, text: &str, line: usize, column: usize, utf16: bool) -> usize {
        let Some(&start) = self.starts.get(line) else {
            return text.len();
        };
        let end = self.ends.get(line).copied().unwrap_or(text.len());
        let content = text.get(start..end).unwrap_or_default();
        if !utf16 {
            return start + floor_char_boundary(content, column.min(content.len()));
        }
        let mut units = 0;
        for (i, c) in content.char_indices() {
            let next = units + c.len_utf16();
            if next > column {
                return start + i;
            }
            units = next;
        }
        end
    }
}

pub fn floor_char_boundary(text: &str, mut offset: usize) -> usize {
    if offset >= text.len() {
        return text.len();
    }
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_all_line_endings() {
        let t = "a\r\nb\nc\rd";
        let l = split_lines(t);
        assert_eq!(l.len(), 4);
        assert_eq!(l[0], (0, 1, 3, LineEnding::CrLf));
        assert_eq!(l[2], (5, 6, 7, LineEnding::Cr));
        assert_eq!(l[3], (7, 8, 8, LineEnding::None));
        assert_eq!(split_lines("a\n").len(), 1);
        assert_eq!(split_lines("").len(), 1);
    }

    #[test]
    fn bom_is_not_part_of_line_one() {
        let t = "\u{FEFF}عاجل\n";
        let lines = build_lines(t);
        assert_eq!(lines[0].text, "عاجل");
        let idx = LineIndex::new(t);
        assert_eq!(idx.position(t, 3).char_column, 0);
    }

    #[test]
    fn columns_in_three_units() {
        let t = "x\nب😀ع";
        let idx = LineIndex::new(t);
        let off = t.find('ع').unwrap();
        let p = idx.position(t, off);
        assert_eq!((p.line, p.char_column, p.utf16_column, p.utf8_column), (1, 2, 3, 6));
        assert_eq!(idx.offset(t, 1, 3, true), off);
        // Inside the surrogate pair: snaps to the emoji's start.
        assert_eq!(idx.offset(t, 1, 2, true), off - 4);
        assert_eq!(idx.offset(t, 1, 6, false), off);
        assert_eq!(idx.offset(t, 1, 99, true), t.len());
        assert_eq!(idx.offset(t, 9, 0, true), t.len());
    }
}
