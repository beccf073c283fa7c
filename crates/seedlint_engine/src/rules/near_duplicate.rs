use crate::context::Context;
use crate::finding::{Category, Detail, Finding, Severity};
use crate::normalize::key_hash;
use crate::rule::{FindingBuilder, Rule, RuleMeta};
use crate::rules::{excerpt, human_line, remove_line};
use rustc_hash::FxHashMap as HashMap;

pub struct NearDuplicate;

static META: RuleMeta = RuleMeta {
    code: "SL304",
    name: "near-duplicate",
    category: Category::Duplicate,
    default_severity: Severity::Warning,
    summary: "Paragraph nearly repeats an earlier paragraph (word-shingle similarity).",
    explanation: "A paragraph republished with a word changed, a clause added or the punctuation redone is \
still a repeat. Each paragraph of at least `duplicates.near-min-words` words (default 8) becomes the set of \
its word 3-grams (on normalized text), and two paragraphs are near-duplicates when the Jaccard similarity of \
those sets is at least `duplicates.near-threshold` (default 0.7). Candidate pairs come from an inverted index \
of 3-grams, so the cost stays linear for ordinary documents. Exact repeats are left to `duplicate-line`. \
Removing a near-duplicate may drop the words that differ, so the fix is marked unsafe.",
    example: "وقع الوزيران مذكرة تفاهم في مجال الدفاع تشمل تبادل الخبرات ونقل التكنولوجيا.\nوقع الوزيران مذكرة تفاهم في مجال الدفاع تشمل تبادل الخبرات ونقل التقنيات الحديثة.",
    fix: Some("unsafe"),
};

/// The distinct word 3-gram hashes of a normalized line, sorted. Each word is
/// hashed once; a sorted vector is cheaper than a set for one line's few dozen.
fn shingles(key: &str, words: &mut Vec<u64>, out: &mut Vec<u64>) {
    words.clear();
    words.extend(key.split(' ').map(key_hash));
    out.clear();
    out.extend(words.windows(3).filter_map(|w| match w {
        [a, b, c] => Some(a.rotate_left(42) ^ b.rotate_left(21) ^ c),
        _ => None,
    }));
    out.sort_unstable();
    out.dedup();
}

/// Posting lists longer than this are common phrases, not evidence of a copy.
const MAX_POSTINGS: usize = 64;

impl Rule for NearDuplicate {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &Context<'_>, out: &mut Vec<Finding>) {
        let s = &ctx.settings.duplicates;
        // Only the size of each earlier line's shingle set is needed again.
        let mut set_sizes: Vec<Option<usize>> = Vec::with_capacity(ctx.lines.len());
        // Inverted index of shingles as linked lists in one vector: `heads` maps a shingle
        // to its newest entry and its length; `entries` holds (line, previous entry).
        // One allocation instead of one vector per shingle.
        let mut heads: HashMap<u64, (u32, u32)> = HashMap::default();
        let mut entries: Vec<(u32, u32)> = Vec::new();
        // About one shingle per word: sized once instead of grown by rehashing.
        let expected: usize = ctx.lines.iter().filter(|l| l.words >= s.near_min_words).map(|l| l.words).sum();
        heads.reserve(expected);
        entries.reserve(expected);
        const NONE: u32 = u32::MAX;
        let (mut words, mut set) = (Vec::new(), Vec::new());
        let mut shared: HashMap<usize, usize> = HashMap::default();
        for line in &ctx.lines {
            if line.words < s.near_min_words {
                set_sizes.push(None);
                continue;
            }
            shingles(&line.key, &mut words, &mut set);
            shared.clear();
            for h in &set {
                let mut at = heads.get(h).map_or(NONE, |&(head, _)| head);
                while let Some(&(other, prev)) = entries.get(at as usize) {
                    *shared.entry(other as usize).or_default() += 1;
                    at = prev;
                }
            }
            let best = shared
                .drain()
                .filter_map(|(other, n)| {
                    let other_len = (*set_sizes.get(other)?)?;
                    let union = set.len() + other_len - n;
                    (union > 0).then(|| (other, n as f32 / union as f32))
                })
                .filter(|(other, _)| ctx.line(*other).is_some_and(|o| o.key != line.key))
                .max_by(|a, b| a.1.total_cmp(&b.1).then(b.0.cmp(&a.0)));
            if let Some((other, sim)) = best {
                if sim >= s.near_threshold && !ctx.is_claimed(line.index, &[Category::Duplicate]) {
                    let Some(original) = ctx.line(other) else { continue };
                    out.push(
                        FindingBuilder::new(
                            &META,
                            line.trimmed_range(),
                            format!(
                                "Near-duplicate of line {} ({:.0}% of word 3-grams shared): \"{}\"",
                                human_line(original),
                                sim * 100.0,
                                excerpt(original.text, 50)
                            ),
                        )
                        .related(original.trimmed_range(), "similar paragraph")
                        .fix(remove_line(line, false))
                        .detail(Detail::Similarity { similarity: sim, threshold: s.near_threshold })
                        .build(),
                    );
                }
            }
            for h in &set {
                let (head, len) = heads.entry(*h).or_insert((NONE, 0));
                if (*len as usize) < MAX_POSTINGS && entries.len() < NONE as usize {
                    entries.push((line.index as u32, *head));
                    *head = (entries.len() - 1) as u32;
                    *len += 1;
                }
            }
            set_sizes.push(Some(set.len()));
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::test_support::lines;

    #[test]
    fn near_copies() {
        let a = "وقع الوزيران مذكرة تفاهم في مجال الدفاع تشمل تبادل التجارب والخبرات ونقل التكنولوجيا والتكوين.";
        let b = "وقع الوزيران مذكرة تفاهم في مجال الدفاع تشمل تبادل التجارب والخبرات ونقل التكنولوجيا وكذا التعاون.";
        let c = "ويعيش حوالي 700 ألف يهودي من أصل مغربي في إسرائيل، ويعتزم البلدان إقامة مبادلات تجارية.";
        assert_eq!(lines("SL304", &format!("{a}\n{c}\n{b}\n")), vec![3]);
        assert!(lines("SL304", &format!("{a}\n{c}\n")).is_empty());
    }
}
