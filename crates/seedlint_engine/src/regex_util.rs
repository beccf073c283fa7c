//! Compiling the engine's built-in regular expressions.
//!
//! The `regex` crate matches in linear time (no backtracking), so no input, however
//! hostile, can make a pattern slow; see its documentation on untrusted input.

use regex::Regex;

/// Compile one of the engine's own constant patterns. Every pattern is compiled by
/// the unit tests of the rule that owns it, so a failure here is a defect that
/// cannot ship; it is the one place where the engine may panic, and only at start.
#[allow(clippy::expect_used)]
pub(crate) fn compiled(pattern: &str) -> Regex {
    Regex::new(pattern).expect("built-in pattern compiles")
}
