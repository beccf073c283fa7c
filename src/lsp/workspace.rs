//! The workspace corpus index: every text file of the workspace folders, so that
//! lines repeated across files are recognised (learned boilerplate, cross-file
//! duplicates). Built in the background at startup with work-done progress, and
//! kept current from saves and watched-file events.

use crate::files::{self, WalkOptions};
use seedlint_engine::entities::Mention;
use seedlint_engine::{CorpusIndex, Engine};
use std::path::{Path, PathBuf};
use std::sync::{Arc, RwLock};

/// Files larger than this are left out of the index (they are still checked when opened).
pub const MAX_INDEXED_FILE: u64 = 16 * 1024 * 1024;
/// At most this many files are indexed per workspace.
pub const MAX_INDEXED_FILES: usize = 200_000;

pub type SharedIndex = Arc<RwLock<CorpusIndex>>;

/// The name a file has in the index: its absolute path.
pub fn name_of(path: &Path) -> String {
    std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf()).to_string_lossy().into_owned()
}

/// Text files under the roots, honouring .gitignore and the include globs.
pub fn files(roots: &[PathBuf], include: &[String], exclude: &[String]) -> Vec<PathBuf> {
    // Text files only: a JSONL corpus is many documents, not one.
    let include = if include.is_empty() {
        ["*.txt", "*.text", "*.md"].iter().map(|s| s.to_string()).collect()
    } else {
        include.to_vec()
    };
    let (Ok(include), Ok(exclude)) = (files::globset(&include), files::globset(exclude)) else { return Vec::new() };
    let (mut list, _) =
        files::collect(roots, &WalkOptions { include, exclude, respect_ignore: true, follow_links: false });
    list.truncate(MAX_INDEXED_FILES);
    list
}

pub fn is_indexable(path: &Path) -> bool {
    matches!(path.extension().and_then(|e| e.to_str()), Some("txt" | "text" | "md"))
}

/// Read and index one file: its lines, and which entities it names properly (one
/// normalization of the text gives both). A file that cannot be read is left out
/// (and removed if it was in). Returns the text and its mentions, for the mention index.
pub fn update(index: &SharedIndex, path: &Path, engine: &Engine) -> Option<(String, Vec<Mention>)> {
    let name = name_of(path);
    match files::read_text(path, MAX_INDEXED_FILE) {
        Ok(text) => {
            let (entry, mentions) = engine.index_entry(&text);
            index.write().unwrap_or_else(|e| e.into_inner()).add(&name, entry);
            Some((text, mentions))
        }
        Err(_) => {
            index.write().unwrap_or_else(|e| e.into_inner()).remove(&name);
            None
        }
    }
}

pub fn remove(index: &SharedIndex, path: &Path) {
    index.write().unwrap_or_else(|e| e.into_inner()).remove(&name_of(path));
}
