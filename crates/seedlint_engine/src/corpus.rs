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
}

/// Lines shorter than this (in key characters) are not indexed.
pub const MIN_INDEXED_CHARS: usize = 10;

impl CorpusIndex {
    pub fn new() -> CorpusIndex {
        CorpusIndex::default()
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

    /// Add (or replace) a document.
    pub fn insert(&mut self, name: &str, text: &str) {
        self.remove(name);
        let id = self.names.len() as u32;
        self.names.push(Some(name.to_string()));
        self.by_name.insert(name.to_string(), id);
        let mut hashes: Vec<u64> = Vec::new();
        for line in build_lines(text) {
            if line.key.chars().count() < MIN_INDEXED_CHARS {
                continue;
            }
            let h = key_hash(&line.key);
            if hashes.contains(&h) {
                continue;
            }
            hashes.push(h);
            let stats = self.lines.entry(h).or_default();
            stats.docs += 1;
            if stats.seen.len() < KEEP_OCCURRENCES {
                stats.seen.push(Occurrence { doc: id, line: line.index as u32 });
            }
        }
        self.doc_lines.push(hashes);
        self.live += 1;
    }

    /// Record which entities document `name` (already inserted) names by an accepted
    /// name; `mentions` come from the engine's matcher over the same text.
    pub fn record_entities(
        &mut self,
        name: &str,
        mentions: &[crate::entities::Mention],
        entities: &crate::entities::Entities,
    ) {
        let Some(id) = self.id(name) else { return };
        for m in mentions.iter().filter(|m| m.preferred.is_none()) {
            let Some(e) = entities.entity(m) else { continue };
            let docs = self.named.entry(e.id.clone()).or_default();
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
        let own = exclude.is_some_and(|id| self.doc_lines.get(id as usize).is_some_and(|l| l.contains(&h)));
        stats.docs - u32::from(own)
    }

    /// A place in another document where a line with this key occurs.
    pub fn elsewhere(&self, key: &str, exclude: Option<u32>) -> Option<Occurrence> {
        self.lines.get(&key_hash(key))?.seen.iter().copied().find(|o| Some(o.doc) != exclude)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
