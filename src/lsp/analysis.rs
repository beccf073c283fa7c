//! One analysis of one document snapshot, and its conversion to LSP types.

use super::documents::Encoding;
use seedlint_engine::{Category, Engine, Finding, LineIndex, LineMemo, Severity};
use std::ops::Range as ByteRange;
use std::str::FromStr;
use std::sync::{Arc, Mutex};
use tower_lsp_server::ls_types::{
    CodeDescription, Diagnostic, DiagnosticRelatedInformation, DiagnosticSeverity, DiagnosticTag, Location,
    NumberOrString, Position, Range, Uri,
};

/// Where each rule's documentation lives; diagnostics link to `#<code>`.
pub const DOCS_URL: &str = "https://github.com/seedlint/seedlint/blob/main/docs/rules.md";

pub struct Analysis {
    pub version: i32,
    pub generation: u64,
    pub text: String,
    pub index: LineIndex,
    pub findings: Vec<Finding>,
    /// Entity mentions, for hovers, symbols and semantic tokens.
    pub mentions: Vec<seedlint_engine::entities::Mention>,
    pub engine: Arc<Engine>,
}

impl Analysis {
    pub fn run(
        text: String,
        version: i32,
        generation: u64,
        engine: Arc<Engine>,
        corpus: Option<(&super::workspace::SharedIndex, String)>,
        memo: &Mutex<LineMemo>,
    ) -> Analysis {
        // A panic in an earlier analysis may have left the memo half-updated: start it over.
        let mut memo = memo.lock().unwrap_or_else(|poisoned| {
            let mut guard = poisoned.into_inner();
            *guard = LineMemo::new();
            memo.clear_poison();
            guard
        });
        // One pass gives the findings and the entity mentions (hovers, symbols, tokens).
        let (findings, mentions) = match corpus {
            Some((index, name)) => {
                let index = index.read().unwrap_or_else(|e| e.into_inner());
                engine.check_incremental(&text, Some(&index), Some(&name), &mut memo)
            }
            None => engine.check_incremental(&text, None, None, &mut memo),
        };
        drop(memo);
        let index = LineIndex::new(&text);
        Analysis { version, generation, text, index, findings, mentions, engine }
    }

    pub fn position(&self, offset: usize, encoding: Encoding) -> Position {
        let p = self.index.position(&self.text, offset);
        let character = match encoding {
            Encoding::Utf16 => p.utf16_column,
            Encoding::Utf8 => p.utf8_column,
        };
        Position { line: p.line as u32, character: character as u32 }
    }

    pub fn range(&self, r: &ByteRange<usize>, encoding: Encoding) -> Range {
        Range { start: self.position(r.start, encoding), end: self.position(r.end, encoding) }
    }

    pub fn offset(&self, pos: Position, encoding: Encoding) -> usize {
        self.index.offset(&self.text, pos.line as usize, pos.character as usize, encoding == Encoding::Utf16)
    }

    pub fn diagnostics(&self, uri: &Uri, encoding: Encoding) -> Vec<Diagnostic> {
        self.findings.iter().map(|f| self.diagnostic(f, uri, encoding)).collect()
    }

    pub fn diagnostic(&self, f: &Finding, uri: &Uri, encoding: Encoding) -> Diagnostic {
        let severity = match f.severity {
            Severity::Error => DiagnosticSeverity::ERROR,
            Severity::Warning => DiagnosticSeverity::WARNING,
            Severity::Info => DiagnosticSeverity::INFORMATION,
            Severity::Hint => DiagnosticSeverity::HINT,
        };
        // Lines whose fix removes them are shown faded, like unused code.
        let removable = matches!(f.category, Category::Boilerplate | Category::Duplicate | Category::Metadata);
        let related = f
            .related
            .iter()
            .filter_map(|r| match &r.elsewhere {
                Some(ext) => Some(DiagnosticRelatedInformation {
                    location: Location {
                        uri: super::uri::from_path(std::path::Path::new(&ext.document))?,
                        range: Range {
                            start: Position { line: ext.line, character: 0 },
                            end: Position { line: ext.line + 1, character: 0 },
                        },
                    },
                    message: format!("{} in {}:{}", r.message, ext.document, ext.line + 1),
                }),
                None => Some(DiagnosticRelatedInformation {
                    location: Location { uri: uri.clone(), range: self.range(&r.range, encoding) },
                    message: format!("{}: {}", r.message, excerpt(self.text.get(r.range.clone()).unwrap_or_default())),
                }),
            })
            .collect::<Vec<_>>();
        Diagnostic {
            range: self.range(&f.range, encoding),
            severity: Some(severity),
            code: Some(NumberOrString::String(f.code.to_string())),
            code_description: Uri::from_str(&format!("{DOCS_URL}#{}", f.code.to_lowercase()))
                .ok()
                .map(|href| CodeDescription { href }),
            source: Some("seedlint".into()),
            message: f.message.clone(),
            related_information: (!related.is_empty()).then_some(related),
            tags: removable.then(|| vec![DiagnosticTag::UNNECESSARY]),
            data: Some(serde_json::json!({ "rule": f.rule, "category": f.category })),
        }
    }
}

pub fn excerpt(text: &str) -> String {
    let t = text.trim();
    if t.chars().count() > 80 {
        format!("{}…", t.chars().take(80).collect::<String>())
    } else {
        t.to_string()
    }
}
