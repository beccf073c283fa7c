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

use std::sync::{Arc, OnceLock};

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
