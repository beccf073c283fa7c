use crate::context::Context;
use crate::finding::{Category, Finding, Severity};
use crate::rule::{FindingBuilder, Rule, RuleMeta};
use crate::rules::{excerpt, human_line, remove_line, HashFilter};
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

pub struct GluedDuplicate;

static META: RuleMeta = RuleMeta {
    code: "SL302",
    name: "glued-duplicate",
    category: Category::Duplicate,
    default_severity: Severity::Warning,
    summary: "Line is an earlier line glued to itself or to another line.",
    explanation: "When two copies of a title sit in adjacent elements with no space between them, the \
scraper produces one line that is the title twice (`…التحالفاتغانتس: المغرب…`). The rule flags a line that is \
exactly some line X followed by X again, or by another line Y of the document, with nothing or only spaces \
between them. The finding points at the lines it is made of.",
    example: "غانتس: المغرب وإسرائيل بحاجة لتعميق التحالفات\nغانتس: المغرب وإسرائيل بحاجة لتعميق التحالفاتغانتس: المغرب وإسرائيل بحاجة لتعميق التحالفات",
    fix: Some("safe"),
};

/// FNV-1a, one byte at a time, so every prefix of a line gets its hash in one pass.
fn step(mut h: u64, b: u8) -> u64 {
    h ^= b as u64;
    h.wrapping_mul(0x100000001b3)
}
const SEED: u64 = 0xcbf29ce484222325;

impl Rule for GluedDuplicate {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &Context<'_>, out: &mut Vec<Finding>) {
        let min = ctx.settings.duplicates.min_chars;
        // Every line (trimmed) by its text, and by (length, hash) for the prefix scan.
        let mut by_text: HashMap<&str, usize> = HashMap::default();
        let mut by_hash: HashSet<(usize, u64)> = HashSet::default();
        // Byte lengths some line has: most prefixes are skipped by one look at this.
        let mut has_len: Vec<bool> = Vec::new();
        let mut filter = HashFilter::with_capacity(ctx.lines.len());
        for line in &ctx.lines {
            let t = line.trimmed();
            if t.chars().count() >= min {
                by_text.entry(t).or_insert(line.index);
                let h = t.bytes().fold(SEED, step);
                by_hash.insert((t.len(), h));
                filter.insert(h ^ t.len() as u64);
                if has_len.len() <= t.len() {
                    has_len.resize(t.len() + 1, false);
                }
                if let Some(slot) = has_len.get_mut(t.len()) {
                    *slot = true;
                }
            }
        }
        for line in &ctx.lines {
            let t = line.trimmed();
            // A rule of dashes or stars repeats itself by design: it is no text glued twice.
            if t.len() < 2 * min
                || ctx.is_claimed(line.index, &[Category::Duplicate])
                || !t.chars().any(char::is_alphanumeric)
            {
                continue;
            }
            let mut parts: Option<(usize, Option<usize>)> = None;
            // Doubled, whether or not the half appears elsewhere.
            let half = t.len() / 2;
            let (first_half, second_half) = (t.get(..half), t.get(half..));
            if t.len() % 2 == 0 && first_half.is_some() && first_half == second_half {
                parts = Some((first_half.and_then(|h| by_text.get(h)).copied().unwrap_or(line.index), None));
            }
            // Some line as a prefix, followed by some line: one pass over the prefixes'
            // hashes, a string comparison only where a hash matches. Linear in the line.
            let mut h = SEED;
            for (k, b) in t.bytes().enumerate() {
                if parts.is_some() {
                    break;
                }
                h = step(h, b);
                let len = k + 1;
                if len >= t.len()
                    || !has_len.get(len).copied().unwrap_or(false)
                    || !filter.may_contain(h ^ len as u64)
                    || !t.is_char_boundary(len)
                    || !by_hash.contains(&(len, h))
                {
                    continue;
                }
                let (Some(head), Some(tail)) = (t.get(..len), t.get(len..)) else { continue };
                let tail = tail.trim_start();
                if let (Some(&a), Some(&b)) = (by_text.get(head), by_text.get(tail)) {
                    if a != line.index && b != line.index {
                        parts = Some((a, Some(b)));
                    }
                }
            }
            let Some((a, b)) = parts else { continue };
            let Some(first) = ctx.line(a) else { continue };
            let message = match b {
                None => format!(
                    "Line is the same text twice, glued together: \"{}\"",
                    excerpt(first_half.unwrap_or_default(), 50)
                ),
                Some(b) if b == a => {
                    format!("Line {} glued to itself: \"{}\"", human_line(first), excerpt(first.text, 50))
                }
                Some(b) => format!("Lines {} and {} glued together", human_line(first), b + 1),
            };
            let mut builder = FindingBuilder::new(&META, line.trimmed_range(), message).fix(remove_line(line, true));
            if a != line.index {
                builder = builder.related(first.trimmed_range(), "first part");
            }
            if let Some(second) = b.filter(|&b| b != a).and_then(|b| ctx.line(b)) {
                builder = builder.related(second.trimmed_range(), "second part");
            }
            out.push(builder.build());
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::test_support::lines;

    #[test]
    fn glued_to_itself_and_to_others() {
        let t = "غانتس: المغرب وإسرائيل\nغانتس: المغرب وإسرائيلغانتس: المغرب وإسرائيل\nعنوان آخر طويل بما يكفي\nغانتس: المغرب وإسرائيل عنوان آخر طويل بما يكفي\n";
        assert_eq!(lines("SL302", t), vec![2, 4]);
        assert_eq!(lines("SL302", "نص مكرر مرتيننص مكرر مرتين\n"), vec![1]);
        assert!(lines("SL302", "غانتس: المغرب وإسرائيل\nغانتس: المغرب وإسرائيل ثم قال كلاما آخر تماما\n").is_empty());
        assert!(lines("SL302", "نص\n------------------------------\n* * * * * * * * * * * *\n").is_empty());
    }
}
