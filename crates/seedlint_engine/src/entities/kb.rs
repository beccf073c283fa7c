//! The knowledge base: who and what documents may be about, under every name.
//!
//! Entries come from TOML (`[[entity]]` tables, what users write) or JSON (an
//! `entity` array, what generators write); the format is documented in
//! `docs/knowledge-base.md`. Parsing is text in, entries out: reading the files is
//! the adapters' job. Later sources win: an entry whose `id` is already known
//! extends it (its aliases and spellings are added) and overrides the fields it sets.

use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap};
use std::fmt;
use std::sync::OnceLock;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum EntityKind {
    Person,
    Place,
    Organisation,
    Product,
    Event,
}

impl EntityKind {
    pub const ALL: [EntityKind; 5] =
        [EntityKind::Person, EntityKind::Place, EntityKind::Organisation, EntityKind::Product, EntityKind::Event];

    pub fn as_str(self) -> &'static str {
        match self {
            EntityKind::Person => "person",
            EntityKind::Place => "place",
            EntityKind::Organisation => "organisation",
            EntityKind::Product => "product",
            EntityKind::Event => "event",
        }
    }
}

impl fmt::Display for EntityKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Canonical names, one per script the entry knows.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Names {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ar: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub en: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub he: Option<String>,
}

impl Names {
    pub fn iter(&self) -> impl Iterator<Item = &str> {
        [&self.ar, &self.en, &self.he].into_iter().flatten().map(String::as_str)
    }
}

/// Where an entry was defined, for go-to-definition and error messages.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Origin {
    /// A file path as the adapter gave it, or `builtin:<file>`.
    pub source: String,
    /// 0-based line of the entry's `id`.
    pub line: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Entity {
    pub id: String,
    pub kind: EntityKind,
    pub name: Names,
    /// Other names, in any script: short forms (`غانتس`), other scripts (`בני גנץ`),
    /// official names. Mentions under them are consistent.
    pub aliases: Vec<String>,
    /// Variant spellings and the spelling to prefer (`غانتز` → `غانتس`). They are
    /// matched too; a document using both is inconsistent (rule SL701).
    pub spellings: BTreeMap<String, String>,
    /// Names shown on the entity's card but never matched, because they are also
    /// common words (`مالي`, Mali, is also "financial").
    pub ambiguous: Vec<String>,
    pub description: String,
    /// Identifiers elsewhere: `wikidata`, `geonames`, `iso3166`, a URL.
    pub links: BTreeMap<String, String>,
    pub origin: Origin,
}

impl Entity {
    /// The name to show: Arabic, else English, else Hebrew, else the id.
    pub fn display_name(&self) -> &str {
        self.name.ar.as_deref().or(self.name.en.as_deref()).or(self.name.he.as_deref()).unwrap_or(&self.id)
    }

    /// Every matchable name: canonical names, aliases and variant spellings.
    pub fn matchable_names(&self) -> impl Iterator<Item = &str> {
        self.name
            .iter()
            .chain(self.aliases.iter().map(String::as_str))
            .chain(self.spellings.keys().map(String::as_str))
            .filter(move |n| !self.ambiguous.iter().any(|a| a == n))
    }
}

/// The entry as written; `Option`s so that an override can set only some fields.
/// `Id` is `toml::Spanned<String>` for TOML (its line is known) and `String` for JSON.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawEntity<Id> {
    id: Id,
    kind: Option<EntityKind>,
    #[serde(default)]
    name: Option<Names>,
    #[serde(default)]
    aliases: Vec<String>,
    #[serde(default)]
    spellings: BTreeMap<String, String>,
    #[serde(default)]
    ambiguous: Vec<String>,
    description: Option<String>,
    #[serde(default)]
    links: BTreeMap<String, String>,
}

impl<Id> RawEntity<Id> {
    /// The checked entry, as the entry `id` on 0-based `line` of `source`.
    fn into_patch(self, id: String, line: u32, source: &str) -> Result<EntityPatch, KbError> {
        let patch = EntityPatch {
            id,
            kind: self.kind,
            name: self.name,
            aliases: self.aliases,
            spellings: self.spellings,
            ambiguous: self.ambiguous,
            description: self.description,
            links: self.links,
            origin: Origin { source: source.to_string(), line },
        };
        match validate(&patch) {
            Ok(()) => Ok(patch),
            Err(message) => {
                Err(KbError { source: source.to_string(), line: Some(line + 1), entry: Some(patch.id), message })
            }
        }
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    #[serde(default)]
    entity: Vec<RawEntity<toml::Spanned<String>>>,
}

/// JSON files may carry provenance beside `entity` (`generated_by`, `sources`).
#[derive(Debug, Deserialize)]
struct RawJsonFile {
    #[serde(default)]
    entity: Vec<RawEntity<String>>,
}

/// A knowledge-base file that could not be read, naming the file and the entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KbError {
    pub source: String,
    /// 1-based line, when known.
    pub line: Option<u32>,
    pub entry: Option<String>,
    pub message: String,
}

impl fmt::Display for KbError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.source)?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
        }
        if let Some(entry) = &self.entry {
            write!(f, ": entity `{entry}`")?;
        }
        write!(f, ": {}", self.message)
    }
}

impl std::error::Error for KbError {}

/// A parsed entry before merging: fields it does not set are `None`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EntityPatch {
    pub id: String,
    pub kind: Option<EntityKind>,
    pub name: Option<Names>,
    pub aliases: Vec<String>,
    pub spellings: BTreeMap<String, String>,
    pub ambiguous: Vec<String>,
    pub description: Option<String>,
    pub links: BTreeMap<String, String>,
    pub origin: Origin,
}

fn line_of(text: &str, offset: usize) -> u32 {
    text.get(..offset).map_or(0, |t| t.bytes().filter(|&b| b == b'\n').count() as u32)
}

fn validate(patch: &EntityPatch) -> Result<(), String> {
    if patch.id.trim().is_empty() {
        return Err("`id` is empty".into());
    }
    if patch.id.chars().any(char::is_whitespace) {
        return Err("`id` contains whitespace; use a slug such as `benny-gantz`".into());
    }
    let names = patch.name.iter().flat_map(Names::iter).chain(patch.aliases.iter().map(String::as_str));
    if let Some(bad) = names.chain(patch.spellings.keys().map(String::as_str)).find(|n| n.trim().is_empty()) {
        return Err(format!("a name is empty ({bad:?})"));
    }
    for (variant, preferred) in &patch.spellings {
        if preferred.trim().is_empty() {
            return Err(format!("spelling `{variant}` has an empty preferred form"));
        }
    }
    Ok(())
}

/// Parse a TOML knowledge-base file (`[[entity]]` tables). `source` names it in errors.
pub fn parse_toml(text: &str, source: &str) -> Result<Vec<EntityPatch>, KbError> {
    let raw: RawFile = toml::from_str(text).map_err(|e| KbError {
        source: source.to_string(),
        line: e.span().map(|s| line_of(text, s.start) + 1),
        entry: None,
        message: e.message().trim().to_string(),
    })?;
    raw.entity
        .into_iter()
        .map(|r| {
            let line = line_of(text, r.id.span().start);
            let id = r.id.get_ref().clone();
            r.into_patch(id, line, source)
        })
        .collect()
}

/// Parse a JSON knowledge-base file (`{"entity": [...]}`).
pub fn parse_json(text: &str, source: &str) -> Result<Vec<EntityPatch>, KbError> {
    let raw: RawJsonFile = serde_json::from_str(text).map_err(|e| KbError {
        source: source.to_string(),
        line: Some(e.line() as u32),
        entry: None,
        message: e.to_string(),
    })?;
    raw.entity
        .into_iter()
        .map(|r| {
            let needle = format!("\"id\": {}", serde_json::Value::String(r.id.clone()));
            let line = text.find(&needle).map_or(0, |at| line_of(text, at));
            let id = r.id.clone();
            r.into_patch(id, line, source)
        })
        .collect()
}

/// Parse by file extension: `.json` is JSON, anything else TOML.
pub fn parse(text: &str, source: &str) -> Result<Vec<EntityPatch>, KbError> {
    if source.ends_with(".json") {
        parse_json(text, source)
    } else {
        parse_toml(text, source)
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct KnowledgeBase {
    entities: Vec<Entity>,
    by_id: HashMap<String, usize>,
}

/// Spellings every Arabic name has without anyone listing them: compounds with
/// `عبد` are written joined or apart (`عبد اللطيف` / `عبداللطيف`); the spaced form is standard.
fn derived_spellings(name: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let words: Vec<&str> = name.split(' ').collect();
    for (i, w) in words.iter().enumerate() {
        if *w == "عبد" && words.get(i + 1).is_some_and(|next| next.starts_with("ال")) {
            let mut joined: Vec<String> = words.iter().map(|w| w.to_string()).collect();
            let next = joined.remove(i + 1);
            if let Some(slot) = joined.get_mut(i) {
                slot.push_str(&next);
            }
            out.push((joined.join(" "), name.to_string()));
        }
    }
    out
}

impl KnowledgeBase {
    pub fn new() -> KnowledgeBase {
        KnowledgeBase::default()
    }

    /// The knowledge base shipped in the binary: countries and capitals (generated
    /// from CLDR, world-countries and GeoNames; see `kb/README.md`) and the people,
    /// organisations and places of the seeds.
    pub fn builtin() -> &'static KnowledgeBase {
        static KB: OnceLock<KnowledgeBase> = OnceLock::new();
        KB.get_or_init(|| {
            let mut kb = KnowledgeBase::new();
            for (name, text) in BUILTIN_FILES {
                // Checked by the tests; a broken built-in file would leave its entries out.
                if let Ok(patches) = parse(text, &format!("builtin:{name}")) {
                    kb.apply(patches);
                }
            }
            kb
        })
    }

    /// Add or merge entries. Returns an error if a new entry (an `id` not seen
    /// before) lacks `kind` or any name.
    pub fn apply(&mut self, patches: Vec<EntityPatch>) -> Vec<KbError> {
        let mut errors = Vec::new();
        for p in patches {
            match self.by_id.get(&p.id).and_then(|&i| self.entities.get_mut(i)) {
                Some(e) => {
                    if let Some(kind) = p.kind {
                        e.kind = kind;
                    }
                    if let Some(name) = p.name {
                        e.name.ar = name.ar.or(e.name.ar.take());
                        e.name.en = name.en.or(e.name.en.take());
                        e.name.he = name.he.or(e.name.he.take());
                    }
                    for a in p.aliases {
                        if !e.aliases.contains(&a) {
                            e.aliases.push(a);
                        }
                    }
                    e.spellings.extend(p.spellings);
                    e.ambiguous.extend(p.ambiguous);
                    if let Some(d) = p.description {
                        e.description = d;
                    }
                    e.links.extend(p.links);
                    e.origin = p.origin;
                }
                None => {
                    let error = |message: &str| KbError {
                        source: p.origin.source.clone(),
                        line: Some(p.origin.line + 1),
                        entry: Some(p.id.clone()),
                        message: message.to_string(),
                    };
                    let Some(kind) = p.kind else {
                        errors.push(error(
                            "`kind` is missing (person, place, organisation, product or event); \
                             only an entry that extends an existing id may leave it out",
                        ));
                        continue;
                    };
                    let name = p.name.unwrap_or_default();
                    if name.iter().next().is_none() {
                        errors.push(error("`name` needs at least one of `ar`, `en`, `he`"));
                        continue;
                    }
                    let mut spellings = p.spellings;
                    for n in name.iter().chain(p.aliases.iter().map(String::as_str)) {
                        for (variant, preferred) in derived_spellings(n) {
                            spellings.entry(variant).or_insert(preferred);
                        }
                    }
                    self.by_id.insert(p.id.clone(), self.entities.len());
                    self.entities.push(Entity {
                        id: p.id,
                        kind,
                        name,
                        aliases: p.aliases,
                        spellings,
                        ambiguous: p.ambiguous,
                        description: p.description.unwrap_or_default(),
                        links: p.links,
                        origin: p.origin,
                    });
                }
            }
        }
        errors
    }

    pub fn entities(&self) -> &[Entity] {
        &self.entities
    }

    pub fn get(&self, id: &str) -> Option<&Entity> {
        self.by_id.get(id).and_then(|&i| self.entities.get(i))
    }

    pub fn len(&self) -> usize {
        self.entities.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entities.is_empty()
    }
}

/// The built-in files, in the order they are applied (later ones win).
pub const BUILTIN_FILES: &[(&str, &str)] = &[
    ("countries.json", include_str!("../../kb/countries.json")),
    ("capitals.toml", include_str!("../../kb/capitals.toml")),
    ("seeds.toml", include_str!("../../kb/seeds.toml")),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_files_parse_and_cover_countries_and_capitals() {
        let mut kb = KnowledgeBase::new();
        for (name, text) in BUILTIN_FILES {
            let patches = parse(text, name).unwrap_or_else(|e| panic!("{e}"));
            let errors = kb.apply(patches);
            assert!(errors.is_empty(), "{name}: {errors:?}");
        }
        let kb = KnowledgeBase::builtin();
        assert!(kb.entities().iter().filter(|e| e.id.starts_with("country:")).count() >= 240);
        assert!(kb.entities().iter().filter(|e| e.id.starts_with("capital:")).count() >= 190);
        let morocco = kb.get("country:MA").unwrap();
        assert_eq!(morocco.name.ar.as_deref(), Some("المغرب"));
        assert_eq!(morocco.name.en.as_deref(), Some("Morocco"));
        assert!(kb.get("capital:MA:rabat").unwrap().aliases.iter().any(|a| a == "רבאט"));
        assert_eq!(kb.get("capital:US:washington-d-c").unwrap().name.ar.as_deref(), Some("واشنطن"));
        let gantz = kb.get("benny-gantz").unwrap();
        assert_eq!(gantz.kind, EntityKind::Person);
        assert_eq!(gantz.spellings.get("غانتز").map(String::as_str), Some("غانتس"));
    }

    #[test]
    fn abd_compounds_get_their_joined_spelling() {
        let kb = KnowledgeBase::builtin();
        let loudiyi = kb.get("abdellatif-loudiyi").unwrap();
        assert_eq!(loudiyi.spellings.get("عبداللطيف لوديي").map(String::as_str), Some("عبد اللطيف لوديي"));
    }

    #[test]
    fn errors_name_the_file_line_and_entry() {
        let text = "[[entity]]\nid = \"a\"\nkind = \"person\"\nname = { en = \"A\" }\n\n[[entity]]\nid = \"b b\"\nkind = \"person\"\nname = { en = \"B\" }\n";
        let e = parse_toml(text, "people.toml").unwrap_err();
        assert_eq!(
            e.to_string(),
            "people.toml:7: entity `b b`: `id` contains whitespace; use a slug such as `benny-gantz`"
        );

        let e = parse_toml("[[entity]]\nid = \"x\"\nkind = \"city\"\n", "k.toml").unwrap_err();
        assert!(e.to_string().starts_with("k.toml:3: unknown variant `city`"), "{e}");

        let e = parse_toml("[[entity]]\nid = \"x\"\nnickname = \"y\"\n", "k.toml").unwrap_err();
        assert!(e.to_string().contains("unknown field `nickname`"), "{e}");

        let mut kb = KnowledgeBase::new();
        let errors = kb.apply(parse_toml("[[entity]]\nid = \"new\"\nname = { en = \"N\" }\n", "k.toml").unwrap());
        assert_eq!(errors.len(), 1);
        assert!(errors[0].to_string().starts_with("k.toml:2: entity `new`: `kind` is missing"), "{}", errors[0]);

        let e = parse_json("{\"entity\": [{\"id\": 3}]}", "k.json").unwrap_err();
        assert!(e.to_string().starts_with("k.json:1:"), "{e}");
    }

    #[test]
    fn user_entries_extend_and_override() {
        let mut kb = KnowledgeBase::builtin().clone();
        let before = kb.get("benny-gantz").unwrap().aliases.len();
        let user = "[[entity]]\nid = \"benny-gantz\"\naliases = [\"بني جانتس\"]\ndescription = \"Mine.\"\n\n\
                    [[entity]]\nid = \"new-one\"\nkind = \"organisation\"\nname = { ar = \"هيئة ما\" }\n";
        assert!(kb.apply(parse_toml(user, "mine.toml").unwrap()).is_empty());
        let g = kb.get("benny-gantz").unwrap();
        assert_eq!(g.aliases.len(), before + 1);
        assert_eq!(g.description, "Mine.");
        assert_eq!(g.name.en.as_deref(), Some("Benny Gantz"), "fields not set are kept");
        assert_eq!(g.origin, Origin { source: "mine.toml".into(), line: 1 });
        assert_eq!(kb.get("new-one").unwrap().kind, EntityKind::Organisation);
    }
}
