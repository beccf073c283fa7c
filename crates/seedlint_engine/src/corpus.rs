//! Document frequency of normalized lines across a corpus.
//!
//! Lines and paragraphs that repeat across many documents are boilerplate that
//! no phrase list knows (a site's own footer), or paragraphs reused between
//! articles. The index is plain data: adapters build it from whatever documents
//! they see (the CLI's files, the editor's workspace) and the engine reads it.

use crate::document::build_lines;
use crate::normalize::key_hash;
use rustc_hash::FxHashMap as HashMap;

/// Where a line occurs: document id and 0-based line number.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Occurrence {
    pub doc: u32,
    pub line: u32,
}

#[derive(Debug, Clone, Default)]
struct LineStats {
    /// Number of documents containing the line at least once.
    docs: u32,
    /// A few places it occurs (enough to point at another copy).
    seen: Vec<Occurrence>,
}

const KEEP_OCCURRENCES: usize = 4;

#[derive(Debug, Clone, Default)]
pub struct CorpusIndex {
    names: Vec<Option<String>>,
    by_name: HashMap<String, u32>,
    /// Distinct line hashes of each document, to remove it again.
    doc_lines: Vec<Vec<u64>>,
    lines: HashMap<u64, LineStats>,
    live: u32,
    /// Per entity id: the documents that name it by one of its accepted names (not a
    /// variant spelling), for entity-spelling consistency across the corpus.
    named: HashMap<String, Vec<u32>>,
    /// Read from a summary (`to_bytes`): per-document line lists are not kept, so a
    /// document of the index is assumed to contain the lines it asks about.
    summary: bool,
}

/// A summary file that cannot be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SummaryError(pub String);

impl std::fmt::Display for SummaryError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// The first bytes of a summary file: name and format version. Version 2 added
/// the entity names section; version 1 files are still read (without it).
pub const SUMMARY_MAGIC: &[u8; 8] = b"SLIDX\x00\x02\n";
const SUMMARY_MAGIC_V1: &[u8; 8] = b"SLIDX\x00\x01\n";

/// What one document gives a corpus index: its distinct line hashes and the
/// entities it names by an accepted name. Built apart from the index (in parallel,
/// say) and added with [`CorpusIndex::add`].
#[derive(Debug, Clone, Default, PartialEq)]
pub struct IndexEntry {
    pub lines: Vec<(u64, u32)>,
    /// Entity ids, each once.
    pub named: Vec<String>,
}

impl IndexEntry {
    /// The entry of a text whose entities are not known (no engine): its lines only.
    pub fn lines_only(text: &str) -> IndexEntry {
        IndexEntry { lines: line_hashes(text), named: Vec::new() }
    }
}

struct Reader<'b> {
    bytes: &'b [u8],
    at: usize,
}

impl<'b> Reader<'b> {
    fn take(&mut self, n: usize) -> Result<&'b [u8], SummaryError> {
        let end = self.at.checked_add(n).filter(|&e| e <= self.bytes.len());
        let Some(end) = end else {
            return Err(SummaryError(format!("truncated at byte {} (wanted {n} more)", self.at)));
        };
        let out = self.bytes.get(self.at..end).unwrap_or_default();
        self.at = end;
        Ok(out)
    }
    fn u32(&mut self) -> Result<u32, SummaryError> {
        let b = self.take(4)?;
        Ok(u32::from_le_bytes([
            b.first().copied().unwrap_or(0),
            b.get(1).copied().unwrap_or(0),
            b.get(2).copied().unwrap_or(0),
            b.get(3).copied().unwrap_or(0),
        ]))
    }
    fn u64(&mut self) -> Result<u64, SummaryError> {
        let lo = self.u32()? as u64;
        let hi = self.u32()? as u64;
        Ok(lo | (hi << 32))
    }
}

/// Lines shorter than this (in key characters) are not indexed.
pub const MIN_INDEXED_CHARS: usize = 10;

/// The distinct indexed lines of a text: (hash of the line's key, 0-based line),
/// first occurrence of each.
pub fn line_hashes(text: &str) -> Vec<(u64, u32)> {
    hashes_of(&build_lines(text))
}

/// [`line_hashes`] of lines already built.
pub fn hashes_of(lines: &[crate::document::Line<'_>]) -> Vec<(u64, u32)> {
    let mut out: Vec<(u64, u32)> = Vec::new();
    for line in lines {
        if line.key.chars().count() < MIN_INDEXED_CHARS {
            continue;
        }
        let h = key_hash(&line.key);
        if out.iter().any(|(seen, _)| *seen == h) {
            continue;
        }
        out.push((h, line.index as u32));
    }
    out
}

impl CorpusIndex {
    pub fn new() -> CorpusIndex {
        CorpusIndex::default()
    }

    /// Distinct indexed lines.
    pub fn distinct_lines(&self) -> usize {
        self.lines.len()
    }

    /// Number of documents in the index.
    pub fn documents(&self) -> u32 {
        self.live
    }

    pub fn name(&self, doc: u32) -> Option<&str> {
        self.names.get(doc as usize).and_then(|n| n.as_deref())
    }

    pub fn id(&self, name: &str) -> Option<u32> {
        self.by_name.get(name).copied()
    }

    /// Add (or replace) a document by its lines only (see [`IndexEntry::lines_only`]).
    pub fn insert(&mut self, name: &str, text: &str) {
        self.add(name, IndexEntry::lines_only(text));
    }

    /// Add (or replace) a document: the one way every adapter fills an index.
    pub fn add(&mut self, name: &str, entry: IndexEntry) {
        let IndexEntry { lines, named } = entry;
        self.remove(name);
        let id = self.names.len() as u32;
        self.names.push(Some(name.to_string()));
        self.by_name.insert(name.to_string(), id);
        let mut hashes: Vec<u64> = Vec::with_capacity(lines.len());
        for (h, line) in lines {
            let stats = self.lines.entry(h).or_default();
            stats.docs += 1;
            if stats.seen.len() < KEEP_OCCURRENCES {
                stats.seen.push(Occurrence { doc: id, line });
            }
            hashes.push(h);
        }
        self.doc_lines.push(hashes);
        self.live += 1;
        for entity in named {
            let docs = self.named.entry(entity).or_default();
            if !docs.contains(&id) {
                docs.push(id);
            }
        }
    }

    /// Documents other than `exclude` that name entity `id` by an accepted name.
    pub fn documents_naming(&self, id: &str, exclude: Option<u32>) -> Vec<u32> {
        self.named.get(id).map(|d| d.iter().copied().filter(|&d| Some(d) != exclude).collect()).unwrap_or_default()
    }

    pub fn remove(&mut self, name: &str) {
        let Some(id) = self.by_name.remove(name) else { return };
        for docs in self.named.values_mut() {
            docs.retain(|&d| d != id);
        }
        let hashes = self.doc_lines.get_mut(id as usize).map(std::mem::take).unwrap_or_default();
        for h in hashes {
            if let Some(stats) = self.lines.get_mut(&h) {
                stats.docs = stats.docs.saturating_sub(1);
                stats.seen.retain(|o| o.doc != id);
                if stats.docs == 0 {
                    self.lines.remove(&h);
                }
            }
        }
        if let Some(n) = self.names.get_mut(id as usize) {
            *n = None;
        }
        self.live -= 1;
    }

    /// Documents containing a line with this key, other than `exclude`.
    pub fn frequency(&self, key: &str, exclude: Option<u32>) -> u32 {
        let h = key_hash(key);
        let Some(stats) = self.lines.get(&h) else { return 0 };
        let own =
            exclude.is_some_and(|id| self.summary || self.doc_lines.get(id as usize).is_some_and(|l| l.contains(&h)));
        stats.docs.saturating_sub(u32::from(own))
    }

    /// The compact, mergeable summary: document names, and for each distinct line
    /// hash its document count and up to four places it occurs. Format (all integers
    /// little-endian), documented in `docs/corpus-index.md`:
    ///
    /// ```text
    /// magic "SLIDX\0\2\n" · u32 names · names (u32 length + UTF-8) ·
    /// u64 lines · lines sorted by hash: u64 hash, u32 documents, u32 samples, samples (u32 doc, u32 line) ·
    /// u32 entities · entities sorted by id: u32 length + UTF-8 id, u32 documents, documents (u32, ascending)
    /// ```
    pub fn to_bytes(&self) -> Vec<u8> {
        // Removed documents leave holes; renumber the live ones in order.
        let mut renumber: Vec<Option<u32>> = Vec::with_capacity(self.names.len());
        let mut names: Vec<&str> = Vec::new();
        for n in &self.names {
            match n {
                Some(name) => {
                    renumber.push(Some(names.len() as u32));
                    names.push(name);
                }
                None => renumber.push(None),
            }
        }
        let mut out = Vec::with_capacity(16 + self.lines.len() * 20);
        out.extend_from_slice(SUMMARY_MAGIC);
        out.extend_from_slice(&(names.len() as u32).to_le_bytes());
        for n in &names {
            out.extend_from_slice(&(n.len() as u32).to_le_bytes());
            out.extend_from_slice(n.as_bytes());
        }
        let mut hashes: Vec<&u64> = self.lines.keys().collect();
        hashes.sort_unstable();
        out.extend_from_slice(&(hashes.len() as u64).to_le_bytes());
        for h in hashes {
            let Some(stats) = self.lines.get(h) else { continue };
            let seen: Vec<(u32, u32)> = stats
                .seen
                .iter()
                .filter_map(|o| renumber.get(o.doc as usize).copied().flatten().map(|d| (d, o.line)))
                .collect();
            out.extend_from_slice(&h.to_le_bytes());
            out.extend_from_slice(&stats.docs.to_le_bytes());
            out.extend_from_slice(&(seen.len() as u32).to_le_bytes());
            for (d, l) in seen {
                out.extend_from_slice(&d.to_le_bytes());
                out.extend_from_slice(&l.to_le_bytes());
            }
        }
        let mut entities: Vec<(&String, Vec<u32>)> = self
            .named
            .iter()
            .map(|(id, docs)| {
                let mut docs: Vec<u32> =
                    docs.iter().filter_map(|d| renumber.get(*d as usize).copied().flatten()).collect();
                docs.sort_unstable();
                docs.dedup();
                (id, docs)
            })
            .filter(|(_, docs)| !docs.is_empty())
            .collect();
        entities.sort_unstable_by(|a, b| a.0.cmp(b.0));
        out.extend_from_slice(&(entities.len() as u32).to_le_bytes());
        for (id, docs) in entities {
            out.extend_from_slice(&(id.len() as u32).to_le_bytes());
            out.extend_from_slice(id.as_bytes());
            out.extend_from_slice(&(docs.len() as u32).to_le_bytes());
            for d in docs {
                out.extend_from_slice(&d.to_le_bytes());
            }
        }
        out
    }

    /// Read a summary written by `to_bytes`.
    pub fn from_bytes(bytes: &[u8]) -> Result<CorpusIndex, SummaryError> {
        let mut r = Reader { bytes, at: 0 };
        let magic = r.take(SUMMARY_MAGIC.len())?;
        let version1 = magic == SUMMARY_MAGIC_V1;
        if magic != SUMMARY_MAGIC && !version1 {
            return Err(SummaryError("not a seedlint index (bad magic bytes or another version)".into()));
        }
        let mut index = CorpusIndex { summary: true, ..CorpusIndex::default() };
        let names = r.u32()?;
        for i in 0..names {
            let len = r.u32()? as usize;
            let name = std::str::from_utf8(r.take(len)?)
                .map_err(|_| SummaryError(format!("document name {i} is not UTF-8")))?
                .to_string();
            index.by_name.insert(name.clone(), i);
            index.names.push(Some(name));
            index.doc_lines.push(Vec::new());
        }
        index.live = names;
        let lines = r.u64()?;
        for _ in 0..lines {
            let h = r.u64()?;
            let docs = r.u32()?;
            let n = r.u32()? as usize;
            if n > KEEP_OCCURRENCES {
                return Err(SummaryError(format!("line {h:016x} lists {n} places (at most {KEEP_OCCURRENCES})")));
            }
            let mut seen = Vec::with_capacity(n);
            for _ in 0..n {
                let doc = r.u32()?;
                let line = r.u32()?;
                if doc >= names {
                    return Err(SummaryError(format!("line {h:016x} names document {doc} of {names}")));
                }
                seen.push(Occurrence { doc, line });
            }
            index.lines.insert(h, LineStats { docs, seen });
        }
        // Version 1 has no entity names: its documents name no one, as far as it says.
        let entities = if version1 { 0 } else { r.u32()? };
        for i in 0..entities {
            let len = r.u32()? as usize;
            let id = std::str::from_utf8(r.take(len)?)
                .map_err(|_| SummaryError(format!("entity id {i} is not UTF-8")))?
                .to_string();
            let n = r.u32()?;
            let mut docs = Vec::new();
            for _ in 0..n {
                let doc = r.u32()?;
                if doc >= names {
                    return Err(SummaryError(format!("entity {id} names document {doc} of {names}")));
                }
                docs.push(doc);
            }
            index.named.insert(id, docs);
        }
        if r.at != bytes.len() {
            return Err(SummaryError(format!("{} bytes after the end", bytes.len() - r.at)));
        }
        Ok(index)
    }

    /// Add another index's documents and counts after this one's. Merging is
    /// associative, and merging the shards of a corpus in order gives the index of
    /// the whole corpus built in that order.
    pub fn merge(&mut self, other: &CorpusIndex) {
        let offset = self.names.len() as u32;
        for (i, n) in other.names.iter().enumerate() {
            if let Some(name) = n {
                self.by_name.insert(name.clone(), offset + i as u32);
            }
            self.names.push(n.clone());
            self.doc_lines.push(other.doc_lines.get(i).cloned().unwrap_or_default());
        }
        self.live += other.live;
        self.summary |= other.summary;
        for (h, stats) in &other.lines {
            let mine = self.lines.entry(*h).or_default();
            mine.docs += stats.docs;
            for o in &stats.seen {
                if mine.seen.len() < KEEP_OCCURRENCES {
                    mine.seen.push(Occurrence { doc: o.doc + offset, line: o.line });
                }
            }
        }
        for (id, docs) in &other.named {
            self.named.entry(id.clone()).or_default().extend(docs.iter().map(|d| d + offset));
        }
    }

    /// A place in another document where a line with this key occurs.
    pub fn elsewhere(&self, key: &str, exclude: Option<u32>) -> Option<Occurrence> {
        self.lines.get(&key_hash(key))?.seen.iter().copied().find(|o| Some(o.doc) != exclude)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shard(docs: &[(&str, &str)]) -> CorpusIndex {
        let mut idx = CorpusIndex::new();
        for (name, text) in docs {
            idx.insert(name, text);
        }
        idx
    }

    #[test]
    fn summaries_round_trip_merge_associatively_and_equal_one_build() {
        let docs = [
            ("a", "تابعونا على قناتنا في تلغرام\nنص أ طويل بما يكفي هنا\n"),
            ("b", "تابعونا على قناتنا في تلغرام\nنص ب طويل بما يكفي هنا\n"),
            ("c", "جميع الحقوق محفوظة للموقع\nتابعونا على قناتنا في تلغرام\n"),
            ("d", "جميع الحقوق محفوظة للموقع\nنص د طويل بما يكفي هنا\n"),
        ];
        let whole = shard(&docs).to_bytes();
        let parts: Vec<CorpusIndex> = docs.chunks(1).map(shard).collect();
        let read = |i: &CorpusIndex| CorpusIndex::from_bytes(&i.to_bytes()).unwrap();
        // ((a b) c) d
        let mut left = read(&parts[0]);
        for p in &parts[1..] {
            left.merge(&read(p));
        }
        // a (b (c d))
        let mut cd = read(&parts[2]);
        cd.merge(&read(&parts[3]));
        let mut bcd = read(&parts[1]);
        bcd.merge(&cd);
        let mut right = read(&parts[0]);
        right.merge(&bcd);
        assert_eq!(left.to_bytes(), whole);
        assert_eq!(right.to_bytes(), whole);
        let loaded = CorpusIndex::from_bytes(&whole).unwrap();
        let k = crate::normalize::key("تابعونا على قناتنا في تلغرام");
        assert_eq!(loaded.frequency(&k, None), 3);
        assert_eq!(loaded.frequency(&k, loaded.id("a")), 2, "a summary's document has its own lines");
        assert_eq!(loaded.elsewhere(&k, loaded.id("a")).and_then(|o| loaded.name(o.doc)), Some("b"));
        assert_eq!(loaded.documents(), 4);
    }

    #[test]
    fn entity_names_are_saved_merged_and_version_1_is_still_read() {
        let entry = |lines: &str, named: &[&str]| IndexEntry {
            lines: line_hashes(lines),
            named: named.iter().map(|s| s.to_string()).collect(),
        };
        let mut a = CorpusIndex::new();
        a.add("a", entry("تابعونا على قناتنا في تلغرام\n", &["gantz", "rabat"]));
        let mut b = CorpusIndex::new();
        b.add("b", entry("نص ب طويل بما يكفي هنا\n", &["gantz"]));
        let mut merged = CorpusIndex::from_bytes(&a.to_bytes()).unwrap();
        merged.merge(&CorpusIndex::from_bytes(&b.to_bytes()).unwrap());
        let merged = CorpusIndex::from_bytes(&merged.to_bytes()).unwrap();
        assert_eq!(merged.documents_naming("gantz", None), [0, 1]);
        assert_eq!(merged.documents_naming("gantz", merged.id("a")), [1]);
        assert_eq!(merged.documents_naming("rabat", None), [0]);

        // Version 1: the same bytes without the entities section, under the old magic.
        let mut lines_only = CorpusIndex::new();
        lines_only.insert("a", "تابعونا على قناتنا في تلغرام\n");
        let mut v1 = lines_only.to_bytes();
        v1.truncate(v1.len() - 4);
        v1[6] = 1;
        let old = CorpusIndex::from_bytes(&v1).unwrap();
        assert_eq!(old.documents(), 1);
        assert_eq!(old.frequency(&crate::normalize::key("تابعونا على قناتنا في تلغرام"), None), 1);
        assert!(old.documents_naming("gantz", None).is_empty());
    }

    #[test]
    fn bad_summaries_are_errors_not_panics() {
        assert!(CorpusIndex::from_bytes(b"nope").is_err());
        let mut named = shard(&[("a", "تابعونا على قناتنا في تلغرام\n")]);
        named.add("b", IndexEntry { lines: Vec::new(), named: vec!["gantz".into()] });
        let good = named.to_bytes();
        for cut in 0..good.len() {
            assert!(CorpusIndex::from_bytes(&good[..cut]).is_err(), "cut at {cut}");
        }
        let mut extra = good.clone();
        extra.push(0);
        assert!(CorpusIndex::from_bytes(&extra).is_err());
    }

    #[test]
    fn counts_documents_not_lines() {
        let mut idx = CorpusIndex::new();
        idx.insert("a", "تابعونا على قناتنا في تلغرام\nتابعونا على قناتنا في تلغرام\nنص أ طويل بما يكفي\n");
        idx.insert("b", "تابعونا على قناتنا في تلغرام\nنص ب طويل بما يكفي\n");
        assert_eq!(idx.frequency(&crate::normalize::key("تابعونا على قناتنا في تلغرام"), None), 2);
        let a = idx.id("a");
        assert_eq!(idx.frequency(&crate::normalize::key("تابعونا على قناتنا في تلغرام"), a), 1);
        assert_eq!(idx.elsewhere(&crate::normalize::key("تابعونا على قناتنا في تلغرام"), a).map(|o| o.line), Some(0));
        idx.insert("b", "جديد تماما هنا وهناك\n");
        assert_eq!(idx.frequency(&crate::normalize::key("تابعونا على قناتنا في تلغرام"), None), 1);
        idx.remove("a");
        assert_eq!(idx.frequency(&crate::normalize::key("تابعونا على قناتنا في تلغرام"), None), 0);
        assert_eq!(idx.documents(), 1);
    }
}
