//! `--format sarif`: SARIF 2.1.0, the format code-scanning dashboards read.
//! Columns are Unicode code points (`columnKind: unicodeCodePoints`), as in the other outputs.

use super::Located;
use seedlint_engine::{all_rules, Applicability};
use serde_json::{json, Value};
use std::collections::HashMap;

fn level(severity: &str) -> &'static str {
    match severity {
        "error" => "error",
        "warning" => "warning",
        _ => "note",
    }
}

fn region(s: &super::Span) -> Value {
    json!({"startLine": s.line, "startColumn": s.column, "endLine": s.end_line, "endColumn": s.end_column})
}

/// A relative URI reference for `path`: backslashes read as `/`, and every byte but
/// unreserved characters and `/` percent-encoded, so no control, line break, space
/// or `:` (which would read as a scheme) reaches the URI raw. A name that is not
/// UTF-8 is shown with U+FFFD elsewhere; `raw_names` gives its bytes, encoded as they are.
fn uri(path: &str, raw_names: &HashMap<String, Vec<u8>>) -> String {
    let bytes = raw_names.get(path).map_or(path.as_bytes(), Vec::as_slice);
    let p = bytes.strip_prefix(b"./").unwrap_or(bytes);
    let mut out = String::with_capacity(p.len());
    for &b in p {
        match b {
            b'\\' | b'/' => out.push('/'),
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => out.push(char::from(b)),
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

/// The SARIF log. `raw_names`: the bytes of file names that are not UTF-8, by their shown name.
pub fn render(findings: &[Located], errors: &[(String, String)], raw_names: &HashMap<String, Vec<u8>>) -> String {
    let rules: Vec<_> = all_rules().collect();
    let rule_objects: Vec<Value> = rules
        .iter()
        .map(|m| {
            json!({
                "id": m.code,
                "name": m.name,
                "shortDescription": {"text": m.summary},
                "fullDescription": {"text": m.explanation},
                "help": {"text": m.explanation, "markdown": m.explanation},
                "helpUri": format!("https://github.com/seedlint/seedlint/blob/main/docs/rules.md#{}", m.code.to_lowercase()),
                "defaultConfiguration": {"level": level(m.default_severity.as_str())},
                "properties": {"category": m.category.as_str(), "fix": m.fix.unwrap_or("none")}
            })
        })
        .collect();
    let results: Vec<Value> = findings
        .iter()
        .map(|f| {
            let mut r = json!({
                "ruleId": f.code,
                "ruleIndex": rules.iter().position(|m| m.code == f.code).unwrap_or(0),
                "level": level(f.severity),
                "message": {"text": f.message},
                "locations": [{"physicalLocation": {"artifactLocation": {"uri": uri(&f.path, raw_names)}, "region": region(&f.span)}}],
            });
            if let Some(d) = &f.document {
                // The region is inside the document's text, which the logical location names.
                r["locations"][0]["logicalLocations"] = json!([{"name": d.id, "kind": "document"}]);
                r["properties"] = json!({"document": {"id": d.id, "record": d.record, "url": d.url}});
            }
            if !f.related.is_empty() {
                r["relatedLocations"] = Value::Array(
                    f.related
                        .iter()
                        .enumerate()
                        .map(|(i, rel)| {
                            json!({"id": i, "message": {"text": rel.message},
                                   "physicalLocation": {"artifactLocation": {"uri": uri(&rel.path, raw_names)}, "region": region(&rel.span)}})
                        })
                        .collect(),
                );
            }
            if let Some(fix) = &f.fix {
                let replacements: Vec<Value> = fix
                    .edits
                    .iter()
                    .map(|e| json!({"deletedRegion": region(&e.span), "insertedContent": {"text": e.content}}))
                    .collect();
                r["fixes"] = json!([{
                    "description": {"text": format!("{}{}", fix.description, if fix.applicability == Applicability::Unsafe { " (unsafe)" } else { "" })},
                    "artifactChanges": [{"artifactLocation": {"uri": uri(&f.path, raw_names)}, "replacements": replacements}]
                }]);
            }
            r
        })
        .collect();
    let notifications: Vec<Value> = errors
        .iter()
        .map(|(p, m)| {
            json!({"level": "error", "message": {"text": format!("{p}: {m}")},
                   "locations": [{"physicalLocation": {"artifactLocation": {"uri": uri(p, raw_names)}}}]})
        })
        .collect();
    let doc = json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "seedlint",
                "version": env!("CARGO_PKG_VERSION"),
                "informationUri": "https://github.com/seedlint/seedlint",
                "rules": rule_objects
            }},
            "columnKind": "unicodeCodePoints",
            "invocations": [{"executionSuccessful": errors.is_empty(), "toolExecutionNotifications": notifications}],
            "results": results
        }]
    });
    serde_json::to_string_pretty(&doc).unwrap_or_default()
}
