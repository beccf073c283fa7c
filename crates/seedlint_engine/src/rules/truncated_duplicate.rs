use crate::context::Context;
use crate::finding::{Category, Finding, Severity};
use crate::rule::{FindingBuilder, Rule, RuleMeta};
use crate::rules::{excerpt, human_line, remove_line, HashFilter};
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
is the word-prefix of an earlier, longer line's key is such a copy. The finding points at the full line. \
A page's `<title>` is the headline plus the site's name (`… - CNNArabic.com`, `… | Reuters`): when the clean \
headline is also on the page, the suffixed line is the copy reported, whichever comes first.",
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
        // Lines that could be a cut-off copy, by the hash of their text. Every word-prefix
        // of every line is then looked up in this small map (rather than every prefix
        // being stored), keeping the earliest line each candidate is a prefix of.
        let mut candidates: HashMap<u64, Vec<usize>> = HashMap::default();
        let mut filter = HashFilter::with_capacity(ctx.lines.len());
        for line in &ctx.lines {
            if line.words >= 4 && line.key.chars().count() >= min {
                let h = extend(SEED, line.key.as_bytes());
                candidates.entry(h).or_default().push(line.index);
                filter.insert(h);
            }
        }
        let suffixed = titles_with_site_suffix(ctx);
        for &(index, clean) in &suffixed {
            let (Some(line), Some(original)) = (ctx.line(index), ctx.line(clean)) else { continue };
            if ctx.is_claimed(line.index, &[Category::Duplicate]) {
                continue;
            }
            out.push(
                FindingBuilder::new(
                    &META,
                    line.trimmed_range(),
                    format!(
                        "Title with the site's name appended; the clean headline is line {}: \"{}\"",
                        human_line(original),
                        excerpt(original.text, 60)
                    ),
                )
                .related(original.trimmed_range(), "clean headline")
                .fix(remove_line(line, true))
                .build(),
            );
        }
        if candidates.is_empty() {
            return;
        }
        let mut longer_of: HashMap<usize, usize> = HashMap::default();
        for line in &ctx.lines {
            let mut h = SEED;
            let mut words = line.key.split(' ').peekable();
            let mut i = 0;
            while let Some(w) = words.next() {
                if words.peek().is_none() {
                    break; // a proper prefix only
                }
                if i > 0 {
                    h = extend(h, b" ");
                }
                h = extend(h, w.as_bytes());
                if i >= 3 && filter.may_contain(h) {
                    for &c in candidates.get(&h).map(Vec::as_slice).unwrap_or_default() {
                        if c > line.index {
                            longer_of.entry(c).or_insert(line.index);
                        }
                    }
                }
                i += 1;
            }
        }
        let mut found: Vec<(usize, usize)> = longer_of.into_iter().collect();
        found.sort_unstable();
        for (index, longer) in found {
            // The clean headline stays; its suffixed copy was reported above.
            if suffixed.iter().any(|&(s, clean)| s == longer && clean == index) {
                continue;
            }
            let (Some(line), Some(original)) = (ctx.line(index), ctx.line(longer)) else { continue };
            let really = original.key.len() > line.key.len()
                && original.key.starts_with(line.key.as_str())
                && original.key.as_bytes().get(line.key.len()) == Some(&b' ');
            if really && !ctx.is_claimed(line.index, &[Category::Duplicate]) {
                out.push(
                    FindingBuilder::new(
                        &META,
                        line.trimmed_range(),
                        format!("Truncated copy of line {}: \"{}\"", human_line(original), excerpt(original.text, 60)),
                    )
                    .related(original.trimmed_range(), "full line")
                    .fix(remove_line(line, true))
                    .build(),
                );
            }
        }
    }
}

/// Separators between a headline and the site's name in a page `<title>`.
const TITLE_SEPARATORS: &[&str] = &[" | ", " - ", " – ", " — ", " :: ", " · ", " « ", " » "];

/// Lines that are another line of the text plus a short site suffix
/// (`… - CNNArabic.com`, `… | Reuters`), with that clean line: (suffixed, clean).
fn titles_with_site_suffix(ctx: &Context<'_>) -> Vec<(usize, usize)> {
    let mut found = Vec::new();
    let mut by_key: Option<HashMap<&str, usize>> = None;
    for line in &ctx.lines {
        let text = line.trimmed();
        let Some((head, tail)) =
            TITLE_SEPARATORS.iter().filter_map(|s| text.rsplit_once(s)).max_by_key(|(h, _)| h.len())
        else {
            continue;
        };
        let tail_words = tail.split_whitespace().count();
        if tail_words == 0 || tail_words > 5 || head.split_whitespace().count() < 3 {
            continue;
        }
        let keys = by_key.get_or_insert_with(|| {
            let mut map = HashMap::default();
            for l in &ctx.lines {
                if !l.key.is_empty() {
                    map.entry(l.key.as_str()).or_insert(l.index);
                }
            }
            map
        });
        let head_key = crate::normalize::key(head);
        if let Some(&clean) = keys.get(head_key.as_str()) {
            if clean != line.index {
                found.push((line.index, clean));
            }
        }
    }
    found
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

    #[test]
    fn the_title_with_the_sites_name_goes_and_the_clean_headline_stays() {
        let text = "Parasite scores historic upset at SAG awards | Reuters\nmenu\nParasite scores historic upset at SAG awards\nBody.\n";
        assert_eq!(lines("SL303", text), vec![1]);
        let text = "معارضون يسيطرون على مخازن للصواريخ بريف دمشق\nنص\nمعارضون يسيطرون على مخازن للصواريخ بريف دمشق - CNNArabic.com\n";
        assert_eq!(lines("SL303", text), vec![3]);
    }
}
