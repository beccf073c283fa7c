//! Entities in the editor: hover cards, go-to-definition (the knowledge-base
//! entry), references across the workspace, document and workspace symbols, and
//! semantic tokens by entity kind. The engine finds the mentions; this module
//! only turns them into LSP answers.

use super::analysis::Analysis;
use super::documents::Encoding;
use super::hover::isolate;
use seedlint_engine::entities::{tally, Entities, Entity, EntityKind, Mention};
use seedlint_engine::normalize::fold;
use seedlint_engine::LineIndex;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, RwLock};
use tower_lsp_server::ls_types::*;

/// One mention in a workspace file, with its place in both encodings.
#[derive(Debug, Clone)]
pub struct Located {
    pub entity: String,
    pub utf16: Range,
    pub utf8: Range,
}

/// Mentions of every indexed workspace file, by path.
pub type SharedMentions = Arc<RwLock<HashMap<PathBuf, Vec<Located>>>>;

pub fn locate(text: &str, index: &LineIndex, mentions: &[Mention], entities: &Entities) -> Vec<Located> {
    let pos = |offset: usize, utf16: bool| {
        let p = index.position(text, offset);
        Position { line: p.line as u32, character: (if utf16 { p.utf16_column } else { p.utf8_column }) as u32 }
    };
    mentions
        .iter()
        .filter_map(|m| {
            let e = entities.entity(m)?;
            Some(Located {
                entity: e.id.clone(),
                utf16: Range { start: pos(m.range.start, true), end: pos(m.range.end, true) },
                utf8: Range { start: pos(m.range.start, false), end: pos(m.range.end, false) },
            })
        })
        .collect()
}

/// Record one file's mentions (`None`: it is gone or unreadable).
pub fn update(index: &SharedMentions, path: &Path, found: Option<(&str, &[Mention])>, entities: &Entities) {
    let mut map = index.write().unwrap_or_else(|e| e.into_inner());
    match found {
        Some((text, mentions)) => {
            map.insert(path.to_path_buf(), locate(text, &LineIndex::new(text), mentions, entities));
        }
        None => {
            map.remove(path);
        }
    }
}

pub fn mention_at(a: &Analysis, offset: usize) -> Option<&Mention> {
    a.mentions.iter().find(|m| m.range.start <= offset && offset < m.range.end)
}

fn file_uri(path: &Path) -> Option<Uri> {
    super::uri::from_path(path)
}

/// Where an entity is defined: its knowledge-base file and line. Built-in files
/// are written once to the cache directory so that editors can open them.
pub fn definition(entity: &Entity) -> Option<Location> {
    let source = &entity.origin.source;
    let path = match source.strip_prefix("builtin:") {
        Some(name) => builtin_file(name)?,
        None => PathBuf::from(source),
    };
    let line = entity.origin.line;
    Some(Location {
        uri: file_uri(&path)?,
        range: Range { start: Position { line, character: 0 }, end: Position { line, character: 0 } },
    })
}

fn builtin_file(name: &str) -> Option<PathBuf> {
    let (_, text) = seedlint_engine::entities::kb::BUILTIN_FILES.iter().find(|(n, _)| *n == name)?;
    let dir = builtin_dir()?;
    let path = dir.join(name);
    // Only a regular file (not a link) that already holds the text is reused.
    let current = std::fs::symlink_metadata(&path)
        .ok()
        .filter(|m| m.file_type().is_file())
        .and_then(|_| crate::files::read_bounded(&path, text.len() as u64, "").ok());
    if current.as_deref() != Some(text.as_bytes()) {
        // A fresh file of unpredictable name, created exclusively (never through a
        // link planted in advance), then renamed over the old name (which replaces a
        // link there rather than writing through it).
        let mut tmp = tempfile::Builder::new().prefix(".kb").tempfile_in(&dir).ok()?;
        std::io::Write::write_all(&mut tmp, text.as_bytes()).ok()?;
        tmp.persist(&path).ok()?;
    }
    Some(path)
}

/// The directory the built-in knowledge base is written to: under the user's cache
/// directory, else (no `XDG_CACHE_HOME` nor `HOME`) a directory of this process's own
/// made under the temporary directory, never a shared one there. Either way a
/// directory of this user's, mode 0700, and not a link.
fn builtin_dir() -> Option<PathBuf> {
    use std::os::unix::fs::{DirBuilderExt, PermissionsExt};
    static PRIVATE: std::sync::OnceLock<Option<tempfile::TempDir>> = std::sync::OnceLock::new();
    let base = std::env::var_os("XDG_CACHE_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cache")))
        .filter(|b| b.is_absolute());
    let dir = match base {
        Some(base) => base.join("seedlint").join("kb").join(env!("CARGO_PKG_VERSION")),
        None => PRIVATE
            .get_or_init(|| tempfile::Builder::new().prefix("seedlint-kb-").tempdir().ok())
            .as_ref()?
            .path()
            .to_path_buf(),
    };
    std::fs::DirBuilder::new().recursive(true).mode(0o700).create(&dir).ok()?;
    let meta = std::fs::symlink_metadata(&dir).ok()?;
    if !meta.file_type().is_dir() {
        return None;
    }
    // Only its owner may change a directory's mode, so this also refuses someone else's.
    if meta.permissions().mode() & 0o077 != 0 {
        std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o700)).ok()?;
    }
    Some(dir)
}

/// The entity's card: the same for every spelling of it.
pub fn card(entity: &Entity, a: &Analysis, workspace: (usize, usize)) -> String {
    let mut md = String::new();
    let names: Vec<String> = entity.name.iter().map(isolate).collect();
    md.push_str(&format!("### {}\n\n", names.join(" · ")));
    md.push_str(&format!("**{}** · `{}`\n\n", entity.kind, entity.id));
    if !entity.description.is_empty() {
        md.push_str(&format!("{}\n\n", entity.description));
    }
    let mine: Vec<&Mention> =
        a.mentions.iter().filter(|m| a.engine.entities().entity(m).map(|e| &e.id) == Some(&entity.id)).collect();
    let mut forms: Vec<(String, usize)> = Vec::new();
    for m in &mine {
        let written = a.text.get(m.range.clone()).unwrap_or_default().to_string();
        match forms.iter_mut().find(|(f, _)| *f == written) {
            Some((_, n)) => *n += 1,
            None => forms.push((written, 1)),
        }
    }
    if !forms.is_empty() {
        let list: Vec<String> = forms.iter().map(|(f, n)| format!("{} ×{n}", isolate(f))).collect();
        md.push_str(&format!("**In this document:** {}\n\n", list.join(", ")));
    }
    let (in_workspace, files) = workspace;
    md.push_str(&format!(
        "**Mentions:** {} here · {in_workspace} in {files} workspace file{}\n\n",
        mine.len(),
        if files == 1 { "" } else { "s" }
    ));
    let aliases: Vec<String> = entity.aliases.iter().take(12).map(|s| isolate(s)).collect();
    if !aliases.is_empty() {
        md.push_str(&format!("**Also known as:** {}\n\n", aliases.join(", ")));
    }
    if !entity.spellings.is_empty() {
        let list: Vec<String> =
            entity.spellings.iter().map(|(v, p)| format!("{} → {}", isolate(v), isolate(p))).collect();
        md.push_str(&format!("**Variant spellings:** {}\n\n", list.join(", ")));
    }
    if !entity.links.is_empty() {
        let list: Vec<String> = entity.links.iter().map(|(k, v)| format!("{k}: `{v}`")).collect();
        md.push_str(&format!("**Links:** {}\n\n", list.join(" · ")));
    }
    md.push_str(&format!("Defined in `{}`, line {}\n", entity.origin.source, entity.origin.line + 1));
    md
}

/// (mentions, files) of an entity in the indexed workspace.
pub fn workspace_count(index: &SharedMentions, id: &str) -> (usize, usize) {
    let map = index.read().unwrap_or_else(|e| e.into_inner());
    let mut mentions = 0;
    let mut files = 0;
    for located in map.values() {
        let n = located.iter().filter(|l| l.entity == id).count();
        if n > 0 {
            mentions += n;
            files += 1;
        }
    }
    (mentions, files)
}

pub fn symbol_kind(kind: EntityKind) -> SymbolKind {
    match kind {
        EntityKind::Person => SymbolKind::OBJECT,
        EntityKind::Place => SymbolKind::NAMESPACE,
        EntityKind::Organisation => SymbolKind::MODULE,
        EntityKind::Product => SymbolKind::PACKAGE,
        EntityKind::Event => SymbolKind::EVENT,
    }
}

fn label(entity: &Entity) -> String {
    let mut names: Vec<&str> = entity.name.iter().collect();
    names.dedup();
    names.join(" · ")
}

/// The entities of a document, most mentioned first, each with its mentions as children.
#[allow(deprecated)] // `DocumentSymbol::deprecated` must still be filled in.
pub fn document_symbols(a: &Analysis, encoding: Encoding) -> Vec<DocumentSymbol> {
    let entities = a.engine.entities();
    tally(&a.mentions)
        .into_iter()
        .filter_map(|(i, count)| {
            let e = entities.kb.entities().get(i)?;
            let mine: Vec<&Mention> = a.mentions.iter().filter(|m| m.entity == i).collect();
            let first = mine.first()?;
            let last = mine.last()?;
            let children = mine
                .iter()
                .map(|m| DocumentSymbol {
                    name: a.text.get(m.range.clone()).unwrap_or_default().to_string(),
                    detail: Some(format!("line {}", m.line + 1)),
                    kind: symbol_kind(e.kind),
                    tags: None,
                    deprecated: None,
                    range: a.range(&m.range, encoding),
                    selection_range: a.range(&m.range, encoding),
                    children: None,
                })
                .collect();
            Some(DocumentSymbol {
                name: label(e),
                detail: Some(format!("{} ×{count}", e.kind)),
                kind: symbol_kind(e.kind),
                tags: None,
                deprecated: None,
                range: a.range(&(first.range.start..last.range.end), encoding),
                selection_range: a.range(&first.range, encoding),
                children: Some(children),
            })
        })
        .collect()
}

/// Semantic token types, in legend order; themes colour them without configuration.
pub const TOKEN_TYPES: [&str; 5] = ["class", "namespace", "type", "enumMember", "event"];

fn token_type(kind: EntityKind) -> u32 {
    match kind {
        EntityKind::Person => 0,
        EntityKind::Place => 1,
        EntityKind::Organisation => 2,
        EntityKind::Product => 3,
        EntityKind::Event => 4,
    }
}

pub fn legend() -> SemanticTokensLegend {
    SemanticTokensLegend {
        token_types: TOKEN_TYPES.iter().map(|t| SemanticTokenType::from(*t)).collect(),
        token_modifiers: Vec::new(),
    }
}

/// Entity mentions as semantic tokens (relative encoding, one token per mention).
pub fn semantic_tokens(a: &Analysis, encoding: Encoding) -> Vec<SemanticToken> {
    let entities = a.engine.entities();
    let mut out = Vec::new();
    let (mut prev_line, mut prev_start) = (0u32, 0u32);
    for m in &a.mentions {
        let Some(e) = entities.entity(m) else { continue };
        let r = a.range(&m.range, encoding);
        if r.start.line != r.end.line {
            continue;
        }
        let delta_line = r.start.line - prev_line;
        let delta_start = if delta_line == 0 { r.start.character - prev_start } else { r.start.character };
        out.push(SemanticToken {
            delta_line,
            delta_start,
            length: r.end.character - r.start.character,
            token_type: token_type(e.kind),
            token_modifiers_bitset: 0,
        });
        prev_line = r.start.line;
        prev_start = r.start.character;
    }
    out
}

/// Entities whose names contain `query` (folded: hamza, case, diacritics ignored).
pub fn search<'e>(entities: &'e Entities, query: &str, limit: usize) -> Vec<&'e Entity> {
    let q = fold(query);
    entities
        .kb
        .entities()
        .iter()
        .filter(|e| q.is_empty() || e.id.contains(&q) || e.matchable_names().any(|n| fold(n).contains(&q)))
        .take(limit)
        .collect()
}

pub fn location_in(path: &Path, l: &Located, encoding: Encoding) -> Option<Location> {
    let uri = file_uri(path)?;
    Some(Location { uri, range: if encoding == Encoding::Utf16 { l.utf16 } else { l.utf8 } })
}
