//! `--format json`: one object, `{"version": 1, "findings": [...]}`.

use super::Located;
use serde::Serialize;

#[derive(Serialize)]
pub struct JsonError<'a> {
    pub path: &'a str,
    pub message: &'a str,
}

#[derive(Serialize)]
pub struct StatRow {
    pub code: &'static str,
    pub rule: &'static str,
    pub count: usize,
    pub fixable: usize,
}

#[derive(Serialize)]
struct Report<'a> {
    version: u32,
    findings: &'a [Located],
    errors: Vec<JsonError<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    statistics: Option<&'a [StatRow]>,
    /// With --baseline: how many findings were already in it (not listed).
    #[serde(skip_serializing_if = "Option::is_none")]
    baselined: Option<usize>,
}

pub fn render(
    findings: &[Located],
    errors: &[(String, String)],
    statistics: Option<&[StatRow]>,
    baselined: Option<usize>,
) -> String {
    let report = Report {
        version: 1,
        findings,
        errors: errors.iter().map(|(p, m)| JsonError { path: p, message: m }).collect(),
        statistics,
        baselined,
    };
    // Serializing plain data to a String cannot fail.
    serde_json::to_string_pretty(&report).unwrap_or_default()
}
