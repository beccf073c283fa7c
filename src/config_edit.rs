//! Changes the editor makes to `seedlint.toml` on the user's behalf: turning a
//! rule off for a file, and listing a line as boilerplate (or as never to flag)
//! for a site. Edits go through `toml_edit` so the user's comments and layout
//! survive, the result is validated before it is written, and the write is atomic.

use crate::config::{Config, CONFIG_NAMES};
use std::path::{Path, PathBuf};
use toml_edit::{Array, DocumentMut, Item, Table, Value};

/// The config file an edit for `file` goes to: the nearest one, else a new one at
/// the root of the workspace folder holding the file (else next to the file).
pub fn config_path_for(file: &Path, roots: &[PathBuf]) -> PathBuf {
    let dir = file.parent().unwrap_or(Path::new("/"));
    Config::find(dir).unwrap_or_else(|| {
        let root = roots.iter().find(|r| file.starts_with(r)).cloned().unwrap_or_else(|| dir.to_path_buf());
        root.join(CONFIG_NAMES[0])
    })
}

/// Which list a line goes to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LineList {
    /// The line is boilerplate: `line-phrases`.
    Boilerplate,
    /// The line is article text: `never-flag` (for a site) or `[ignore] lines`.
    NeverFlag,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    DisableRule {
        file: PathBuf,
        code: String,
    },
    /// `site: None` puts the line in the lists that apply to every file.
    Line {
        site: Option<String>,
        list: LineList,
        line: String,
    },
}

/// What an edit did to the config.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Edited {
    pub path: PathBuf,
    /// False when the change was already there.
    pub changed: bool,
}

fn table<'a>(doc: &'a mut Table, key: &str, implicit: bool) -> Result<&'a mut Table, String> {
    let item = doc.entry(key).or_insert_with(|| {
        let mut t = Table::new();
        t.set_implicit(implicit);
        Item::Table(t)
    });
    item.as_table_mut().ok_or_else(|| format!("`{key}` is not a table"))
}

/// Add `value` to the array `key` of `t` unless it is there; true when added.
fn push_unique(t: &mut Table, key: &str, value: &str) -> Result<bool, String> {
    let item = t.entry(key).or_insert_with(|| Item::Value(Value::Array(Array::new())));
    let array = item.as_array_mut().ok_or_else(|| format!("`{key}` is not an array"))?;
    if array.iter().any(|v| v.as_str() == Some(value)) {
        return Ok(false);
    }
    array.push(value);
    Ok(true)
}

/// Apply `change` to the text of a config file.
pub fn apply(src: &str, config: &Path, change: &Change) -> Result<(String, bool), String> {
    let mut doc: DocumentMut = src.parse().map_err(|e| format!("{}: {e}", config.display()))?;
    // Comments after the last table (all of a comment-only file) are the document's
    // trailing text, which toml_edit writes after every table, new ones too: set aside,
    // they go back where they were, before whatever the edit appends.
    let trailing = doc.trailing().as_str().unwrap_or_default().to_string();
    doc.set_trailing("");
    let before = doc.to_string();
    let changed = match change {
        Change::DisableRule { file, code } => {
            if seedlint_engine::find_rule(code).is_none() {
                return Err(format!("unknown rule `{code}`"));
            }
            let base = config.parent().unwrap_or(Path::new("/"));
            let rel = file.strip_prefix(base).unwrap_or(file).to_string_lossy().replace('\\', "/");
            let overrides = doc
                .entry("overrides")
                .or_insert_with(|| Item::ArrayOfTables(Default::default()))
                .as_array_of_tables_mut()
                .ok_or("`overrides` is not an array of tables")?;
            let mut t = Table::new();
            t.insert("paths", toml_edit::value(Array::from_iter([rel.as_str()])));
            t.insert("ignore", toml_edit::value(Array::from_iter([code.as_str()])));
            t.decor_mut().set_prefix(format!("\n# Added by seedlint: {code} disabled for this file.\n"));
            overrides.push(t);
            true
        }
        Change::Line { site, list, line } => {
            let key = seedlint_engine::normalize::key(line);
            if key.is_empty() {
                return Err("the line is empty".into());
            }
            match (site, list) {
                (Some(site), list) => {
                    let sites = table(doc.as_table_mut(), "sites", true)?;
                    let site_table = table(sites, site, false)?;
                    let name = if *list == LineList::Boilerplate { "line-phrases" } else { "never-flag" };
                    push_unique(site_table, name, &key)?
                }
                (None, LineList::Boilerplate) => {
                    push_unique(table(doc.as_table_mut(), "boilerplate", false)?, "line-phrases", &key)?
                }
                (None, LineList::NeverFlag) => push_unique(table(doc.as_table_mut(), "ignore", false)?, "lines", &key)?,
            }
        }
    };
    let edited = doc.to_string();
    let new = match edited.strip_prefix(&before) {
        Some(appended) => format!("{before}{trailing}{appended}"),
        None => format!("{edited}{trailing}"),
    };
    // The result must load, or nothing is written.
    Config::parse(&new, config).map_err(|e| e.to_string())?;
    Ok((new, changed))
}

/// Apply `change` to the config file at `config` (created if missing).
pub fn edit(config: &Path, change: &Change) -> Result<Edited, String> {
    let shown = |e: &std::io::Error| format!("{}: {}", config.display(), crate::files::io_message(e));
    let existing = match std::fs::symlink_metadata(config) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
        Err(e) => return Err(shown(&e)),
        Ok(_) => Some(crate::config::read_config_text(config).map_err(|e| e.to_string())?),
    };
    let (new, changed) = apply(existing.as_deref().unwrap_or(""), config, change)?;
    if changed {
        match &existing {
            Some(old) => {
                crate::check::write_atomic(config, old, &new).map_err(|e| format!("{}: {e}", config.display()))?
            }
            // `create_new` (O_EXCL): a link planted under the config's name is not followed.
            None => std::fs::OpenOptions::new()
                .write(true)
                .create_new(true)
                .open(config)
                .and_then(|mut f| std::io::Write::write_all(&mut f, new.as_bytes()))
                .map_err(|e| shown(&e))?,
        }
    }
    Ok(Edited { path: config.to_path_buf(), changed })
}

#[cfg(test)]
mod tests {
    use super::*;

    const PATH: &str = "/w/seedlint.toml";

    fn line(site: Option<&str>, list: LineList, text: &str) -> Change {
        Change::Line { site: site.map(str::to_string), list, line: text.to_string() }
    }

    #[test]
    fn adds_site_lines_keeping_comments() {
        let src = "# my config\n[rules]\nignore = [\"SL403\"] # long lines are fine\n";
        let (out, changed) =
            apply(src, Path::new(PATH), &line(Some("hespress"), LineList::Boilerplate, "تابعونا على  قناة هسبريس "))
                .unwrap();
        assert!(changed);
        assert!(out.starts_with(src), "{out}");
        assert!(out.contains("[sites.hespress]\nline-phrases = [\"تابعونا علي قناه هسبريس\"]\n"), "{out}");
        assert!(!out.contains("[sites]\n"), "no empty parent table: {out}");
        // Again: nothing changes; another list of the same site goes in the same table.
        let (again, changed) =
            apply(&out, Path::new(PATH), &line(Some("hespress"), LineList::Boilerplate, "تابعونا على قناة هسبريس"))
                .unwrap();
        assert!(!changed);
        assert_eq!(again, out);
        let (kept, _) = apply(&out, Path::new(PATH), &line(Some("hespress"), LineList::NeverFlag, "رياضة")).unwrap();
        assert!(kept.contains("line-phrases = [\"تابعونا علي قناه هسبريس\"]\nnever-flag = [\"رياضه\"]"), "{kept}");
        let c = Config::parse(&kept, Path::new(PATH)).unwrap();
        assert_eq!(c.sites.get("hespress").unwrap().never_flag, vec!["رياضه"]);
    }

    #[test]
    fn lines_for_every_file_and_rules_off() {
        let (out, _) = apply("", Path::new(PATH), &line(None, LineList::NeverFlag, "الأكثر قراءة")).unwrap();
        assert_eq!(out, "[ignore]\nlines = [\"الاكثر قراءه\"]\n");
        let (out, _) = apply(&out, Path::new(PATH), &line(None, LineList::Boilerplate, "X")).unwrap();
        assert!(out.contains("[boilerplate]\nline-phrases = [\"x\"]"), "{out}");
        let change = Change::DisableRule { file: "/w/seeds/a.txt".into(), code: "SL101".into() };
        let (out, _) = apply(&out, Path::new(PATH), &change).unwrap();
        assert!(out.contains("# Added by seedlint: SL101 disabled for this file.\n[[overrides]]\npaths = [\"seeds/a.txt\"]\nignore = [\"SL101\"]\n"), "{out}");
        let bad = Change::DisableRule { file: "/w/a.txt".into(), code: "SL999".into() };
        assert!(apply("", Path::new(PATH), &bad).unwrap_err().contains("unknown rule"));
        assert!(apply("boilerplate = 3\n", Path::new(PATH), &line(None, LineList::Boilerplate, "x"))
            .unwrap_err()
            .contains("not a table"));
        let comments = "# my config\n# more to come\n";
        let (out, _) = apply(comments, Path::new(PATH), &line(None, LineList::NeverFlag, "رياضة")).unwrap();
        assert_eq!(out, format!("{comments}[ignore]\nlines = [\"رياضه\"]\n"), "the table goes after the comments");
        assert!(apply("", Path::new(PATH), &line(None, LineList::Boilerplate, " \u{640} "))
            .unwrap_err()
            .contains("empty"));
    }
}
