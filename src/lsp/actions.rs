//! Code actions: quick fixes from the engine's fixes, fix-all, and disabling a
//! rule for a file.

use super::analysis::Analysis;
use super::documents::Encoding;
use crate::config_edit::LineList;
use seedlint_engine::{fix::fix_all, Applicability, Finding};
use std::collections::HashMap;
use tower_lsp_server::ls_types::{CodeAction, CodeActionKind, Command, TextEdit, Uri, WorkspaceEdit};

pub const FIX_ALL_KIND: &str = "source.fixAll.seedlint";
pub const CMD_FIX_ALL: &str = "seedlint.fixAll";
pub const CMD_SHOW_RULE_DOCS: &str = "seedlint.showRuleDocs";
pub const CMD_DISABLE_RULE: &str = "seedlint.disableRuleForFile";
pub const CMD_MARK_LINE: &str = "seedlint.markLine";

fn edit(uri: &Uri, edits: Vec<TextEdit>) -> WorkspaceEdit {
    WorkspaceEdit { changes: Some(HashMap::from([(uri.clone(), edits)])), ..Default::default() }
}

pub fn quick_fix(a: &Analysis, f: &Finding, uri: &Uri, encoding: Encoding) -> Option<CodeAction> {
    let fix = f.fix.as_ref()?;
    let edits = fix
        .edits
        .iter()
        .map(|e| TextEdit { range: a.range(&e.range, encoding), new_text: e.replacement.clone() })
        .collect();
    let safe = fix.applicability == Applicability::Safe;
    Some(CodeAction {
        title: format!("{} ({}{})", fix.description, f.code, if safe { "" } else { ", review it" }),
        kind: Some(CodeActionKind::QUICKFIX),
        diagnostics: Some(vec![a.diagnostic(f, uri, encoding)]),
        edit: Some(edit(uri, edits)),
        is_preferred: Some(safe),
        ..Default::default()
    })
}

pub fn disable_rule(f: &Finding, uri: &Uri) -> CodeAction {
    CodeAction {
        title: format!("Disable {} ({}) for this file in seedlint.toml", f.code, f.rule),
        kind: Some(CodeActionKind::QUICKFIX),
        command: Some(Command {
            title: format!("Disable {} for this file", f.code),
            command: CMD_DISABLE_RULE.into(),
            arguments: Some(vec![serde_json::json!(uri.as_str()), serde_json::json!(f.code)]),
        }),
        ..Default::default()
    }
}

/// List a line in `seedlint.toml`: as boilerplate, or as never to flag, for the
/// document's site (or for every file when it has none).
pub fn mark_line(uri: &Uri, site: Option<&str>, list: LineList, line: &str) -> CodeAction {
    let title = match (list, site) {
        (LineList::Boilerplate, Some(site)) => format!("Mark this line as boilerplate for site \"{site}\""),
        (LineList::Boilerplate, None) => "Mark this line as boilerplate in every file".to_string(),
        (LineList::NeverFlag, Some(site)) => format!("Never flag this line on site \"{site}\""),
        (LineList::NeverFlag, None) => "Never flag this line in any file".to_string(),
    };
    let list_name = match list {
        LineList::Boilerplate => "boilerplate",
        LineList::NeverFlag => "never-flag",
    };
    CodeAction {
        title: format!("{title} (seedlint.toml)"),
        kind: Some(CodeActionKind::QUICKFIX),
        command: Some(Command {
            title,
            command: CMD_MARK_LINE.into(),
            arguments: Some(vec![
                serde_json::json!(uri.as_str()),
                serde_json::json!(site),
                serde_json::json!(list_name),
                serde_json::json!(line),
            ]),
        }),
        ..Default::default()
    }
}

/// The single edit that turns `old` into `new`: the changed middle between the
/// common prefix and suffix. One edit keeps the client's undo a single step.
pub fn minimal_edit(a: &Analysis, new: &str, encoding: Encoding) -> Option<TextEdit> {
    let old = a.text.as_str();
    if old == new {
        return None;
    }
    let mut prefix = old.bytes().zip(new.bytes()).take_while(|(x, y)| x == y).count();
    while !old.is_char_boundary(prefix) || !new.is_char_boundary(prefix) {
        prefix -= 1;
    }
    let max_suffix = (old.len() - prefix).min(new.len() - prefix);
    let mut suffix = old.bytes().rev().zip(new.bytes().rev()).take(max_suffix).take_while(|(x, y)| x == y).count();
    while !old.is_char_boundary(old.len() - suffix) || !new.is_char_boundary(new.len() - suffix) {
        suffix -= 1;
    }
    Some(TextEdit {
        range: a.range(&(prefix..old.len() - suffix), encoding),
        new_text: new[prefix..new.len() - suffix].to_string(),
    })
}

/// All safe fixes, iterated to a fixed point, as one edit.
pub fn fix_all_edit(a: &Analysis, uri: &Uri, encoding: Encoding) -> Option<WorkspaceEdit> {
    let outcome = fix_all(&a.engine, &a.text, false);
    minimal_edit(a, &outcome.text, encoding).map(|e| edit(uri, vec![e]))
}

pub fn fix_all_action(a: &Analysis, uri: &Uri, encoding: Encoding) -> Option<CodeAction> {
    let edit = fix_all_edit(a, uri, encoding)?;
    Some(CodeAction {
        title: "Fix all safe seedlint findings".into(),
        kind: Some(CodeActionKind::new(FIX_ALL_KIND)),
        edit: Some(edit),
        ..Default::default()
    })
}
