//! Entities: who and what a document is about, across spellings and scripts.
//!
//! - [`kb`]: the knowledge base (format, built-in entries, merging user files);
//! - [`matcher`]: finding its names in text (proclitics, boundaries, scripts);
//! - [`people`]: likely person names that the knowledge base does not know.
//!
//! The rules of the `entity` category (SL7xx) read the mentions from the
//! `Context`; the adapters use [`Entities`] for cards, symbols and `seedlint entities`.

pub mod kb;
pub mod matcher;
pub mod people;

pub use kb::{Entity, EntityKind, KbError, KnowledgeBase};
pub use matcher::{EntityMatcher, Mention};

use std::sync::{Arc, Mutex, OnceLock, Weak};

/// A knowledge base and its compiled matcher, shared by every check.
pub struct Entities {
    pub kb: KnowledgeBase,
    pub matcher: EntityMatcher,
}

impl Entities {
    pub fn new(kb: KnowledgeBase) -> Entities {
        let matcher = EntityMatcher::new(&kb);
        Entities { kb, matcher }
    }

    /// The built-in knowledge base, compiled once per process.
    pub fn builtin() -> Arc<Entities> {
        static BUILTIN: OnceLock<Arc<Entities>> = OnceLock::new();
        BUILTIN.get_or_init(|| Arc::new(Entities::new(KnowledgeBase::builtin().clone()))).clone()
    }

    /// The built-in knowledge base plus `entries`, compiled once per distinct list:
    /// engines for many sites (or overrides) of one config share one automaton.
    pub fn with_entries(entries: &[kb::EntityPatch]) -> Arc<Entities> {
        if entries.is_empty() {
            return Entities::builtin();
        }
        type Cache = Mutex<Vec<(Vec<kb::EntityPatch>, Weak<Entities>)>>;
        static CACHE: OnceLock<Cache> = OnceLock::new();
        let mut cache = CACHE.get_or_init(Cache::default).lock().unwrap_or_else(|e| e.into_inner());
        cache.retain(|(_, weak)| weak.strong_count() > 0);
        if let Some(shared) = cache.iter().find(|(e, _)| e.as_slice() == entries).and_then(|(_, w)| w.upgrade()) {
            return shared;
        }
        let mut kb = KnowledgeBase::builtin().clone();
        // Entries that cannot be added were reported by the adapter that parsed them.
        let _ = kb.apply(entries.to_vec());
        let built = Arc::new(Entities::new(kb));
        cache.push((entries.to_vec(), Arc::downgrade(&built)));
        built
    }

    pub fn entity(&self, mention: &Mention) -> Option<&Entity> {
        self.kb.entities().get(mention.entity)
    }

    /// Mentions in `text`.
    pub fn mentions(&self, text: &str) -> Vec<Mention> {
        self.matcher.find_in(text)
    }
}

/// Entities of one document, most mentioned first: (entity index, mentions).
pub fn tally(mentions: &[Mention]) -> Vec<(usize, usize)> {
    let mut counts: Vec<(usize, usize)> = Vec::new();
    for m in mentions {
        match counts.iter_mut().find(|(e, _)| *e == m.entity) {
            Some((_, n)) => *n += 1,
            None => counts.push((m.entity, 1)),
        }
    }
    // Stable: ties keep the order of first mention.
    counts.sort_by_key(|&(_, n)| std::cmp::Reverse(n));
    counts
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn engines_with_the_same_entries_share_one_matcher() {
        let entries =
            kb::parse_toml("[[entity]]\nid = \"x\"\nkind = \"person\"\nname = { ar = \"سين صاد\" }\n", "k.toml")
                .unwrap();
        let a = Entities::with_entries(&entries);
        let b = Entities::with_entries(&entries);
        assert!(Arc::ptr_eq(&a, &b));
        assert!(a.kb.get("x").is_some());
        assert!(Arc::ptr_eq(&Entities::with_entries(&[]), &Entities::builtin()));
    }
}
