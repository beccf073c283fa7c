//! `--format github`: GitHub Actions workflow commands, one annotation per finding.

use super::Located;

/// Workflow-command escaping, then any other terminal control shown escaped (the
/// log is read in terminals and web views alike).
pub fn escape_data(s: &str) -> String {
    super::escape_controls(&s.replace('%', "%25").replace('\r', "%0D").replace('\n', "%0A")).into_owned()
}

pub fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

pub fn render(findings: &[Located]) -> String {
    let mut out = String::new();
    for f in findings {
        let level = match f.severity {
            "error" => "error",
            "warning" => "warning",
            _ => "notice",
        };
        out.push_str(&format!(
            "::{level} title={},file={},line={},col={},endLine={},endColumn={}::{}\n",
            escape_property(&match &f.document {
                Some(d) => format!("seedlint {} ({}) in document {}", f.code, f.rule, d.id),
                None => format!("seedlint {} ({})", f.code, f.rule),
            }),
            escape_property(&f.path),
            f.span.line,
            f.span.column,
            f.span.end_line,
            f.span.end_column,
            escape_data(&f.message)
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn escapes() {
        assert_eq!(super::escape_property("a:b,c%\n"), "a%3Ab%2Cc%25%0A");
        assert_eq!(super::escape_data("a\u{1b}]52;c;x\u{7}"), "a\\x1b]52;c;x\\x07");
    }
}
