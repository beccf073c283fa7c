//! `--format json`: one object, `{"version": 1, "findings": [...], "errors": [...]}`, written
//! as findings arrive by `check`'s sink; these are the parts it serializes.

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
