use crate::context::Context;
use crate::finding::{Category, Finding, Severity};
use crate::rule::{FindingBuilder, Rule, RuleMeta};
use crate::rules::{excerpt, human_line, remove_line};
use rustc_hash::FxHashMap as HashMap;

pub struct TruncatedDuplicate;

static META: RuleMeta = RuleMeta {
    code: "SL303",
    name: "truncated-duplicate",
    category: Category::Duplicate,
    default_severity: Severity::Warning,
    summary: "Line is a truncated copy of an earlier line: its first words, cut off.",
    explanation: "Teaser blocks and breadcrumbs repeat the title cut after a few words \
(`المغرب يوسع تعاونه العسكري مع إسرائيل..` after the full title). A line of at least four words whose key \
is the word-prefix of an earlier, longer line's key is such a copy. The finding points at the full line.",
    example: "المغرب يوسع تعاونه العسكري مع إسرائيل.. 3 مجالات حساسة بينها الحرب الإلكترونية\nالمغرب يوسع تعاونه العسكري مع إسرائيل..",
    fix: Some("safe"),
};

/// FNV-1a, extended word by word, so every word-prefix of a line has a hash in one pass.
fn extend(mut h: u64, bytes: &[u8]) -> u64 {
    for &b in bytes {
        h ^= b as u64;
        h = h.wrapping_mul(0x100000001b3);
    }
    h
}
const SEED: u64 = 0xcbf29ce484222325;

impl Rule for TruncatedDuplicate {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &Context<'_>, out: &mut Vec<Finding>) {
        let min = ctx.settings.duplicates.min_chars.max(15);
        // Hash of every proper word-prefix of earlier lines -> the first line that had it.
        let mut prefixes: HashMap<u64, usize> = HashMap::default();
        for line in &ctx.lines {
            if line.words >= 4 && line.key.chars().count() >= min {
                let h = extend(SEED, line.key.as_bytes());
                if let Some(&longer) = prefixes.get(&h) {
                    let Some(original) = ctx.line(longer) else { continue };
                    let really = original.key.len() > line.key.len()
                        && original.key.starts_with(line.key.as_str())
                        && original.key.as_bytes().get(line.key.len()) == Some(&b' ');
                    if really && !ctx.is_claimed(line.index, &[Category::Duplicate]) {
                        out.push(
                            FindingBuilder::new(
                                &META,
                                line.trimmed_range(),
                                format!(
                                    "Truncated copy of line {}: \"{}\"",
                                    human_line(original),
                                    excerpt(original.text, 60)
                                ),
                            )
                            .related(original.trimmed_range(), "full line")
                            .fix(remove_line(line, true))
                            .build(),
                        );
                    }
                }
            }
            let mut h = SEED;
            let words: Vec<&str> = line.key.split(' ').collect();
            for (i, w) in words.iter().enumerate().take(words.len().saturating_sub(1)) {
                if i > 0 {
                    h = extend(h, b" ");
                }
                h = extend(h, w.as_bytes());
                if i >= 3 {
                    prefixes.entry(h).or_insert(line.index);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::test_support::lines;

    #[test]
    fn prefixes_of_earlier_lines() {
        let text = "المغرب يوسع تعاونه العسكري مع إسرائيل.. 3 مجالات حساسة\nالمغرب يوسع تعاونه العسكري مع إسرائيل..\nالمغرب يوسع تعاونه العسكري مع إسرائيل..\n";
        assert_eq!(lines("SL303", text), vec![2, 3]);
        // A later, longer line does not make an earlier short one a copy.
        let text = "المغرب يوسع تعاونه العسكري مع إسرائيل\nالمغرب يوسع تعاونه العسكري مع إسرائيل وأكثر\n";
        assert!(lines("SL303", text).is_empty());
    }
}
