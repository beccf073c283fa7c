use crate::context::Context;
use crate::document::Line;
use crate::finding::{Category, Finding, Severity};
use crate::rule::{FindingBuilder, Rule, RuleMeta};

pub struct LongToken;

static META: RuleMeta = RuleMeta {
    code: "SL404",
    name: "long-token",
    category: Category::Residue,
    default_severity: Severity::Warning,
    summary: "A run of more than 100 characters without a space: glued text, encoded data or a broken scrape.",
    explanation: "No word in any language is a hundred letters long. Such a run is text whose spaces \
were lost, an embedded base64 image, a tracking parameter, or a scraper that concatenated a page. Links \
(`http://…`, `https://…`, `www.…`) are left alone up to 2,000 characters. There is no fix: what the \
run should become depends on what it is. The rule, like all of seedlint, stays linear on such input: \
other rules skip tokens this long instead of searching inside them.",
    example: "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg",
    fix: None,
};

const MAX_WORD: usize = 100;
const MAX_URL: usize = 2000;

impl Rule for LongToken {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn line_local(&self) -> bool {
        true
    }

    fn check_line(&self, _ctx: &Context<'_>, line: &Line<'_>, out: &mut Vec<Finding>) {
        if line.text.len() <= MAX_WORD {
            return;
        }
        let mut start: Option<usize> = None;
        let mut count = 0usize;
        let flush = |s: usize, e: usize, n: usize, out: &mut Vec<Finding>| {
            let token = line.text.get(s..e).unwrap_or_default();
            let is_url = token.starts_with("http://") || token.starts_with("https://") || token.starts_with("www.");
            // Chinese and Japanese prose has no spaces at all.
            let cjk = token.chars().filter(|&c| crate::normalize::is_cjk(c)).count();
            if n > MAX_WORD && !(is_url && n <= MAX_URL) && cjk * 2 < n {
                out.push(
                    FindingBuilder::new(
                        &META,
                        line.start + s..line.start + e,
                        format!("A {n}-character run without a space"),
                    )
                    .build(),
                );
            }
        };
        for (i, c) in line.text.char_indices() {
            if c.is_whitespace() {
                if let Some(s) = start.take() {
                    flush(s, i, count, out);
                }
                count = 0;
            } else {
                start.get_or_insert(i);
                count += 1;
            }
        }
        if let Some(s) = start {
            flush(s, line.text.len(), count, out);
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::test_support::findings;

    #[test]
    fn chinese_and_japanese_prose_is_not_a_long_token() {
        let prose = "東京都は二十日、新型コロナウイルスの感染者が新たに確認されたと発表した。".repeat(4);
        assert!(crate::rules::test_support::lines("SL404", &format!("{prose}\n")).is_empty());
        let glued = "a".repeat(120);
        assert_eq!(crate::rules::test_support::lines("SL404", &format!("{glued}\n")), vec![1]);
    }

    #[test]
    fn long_runs_but_not_links() {
        let long = "ب".repeat(150);
        let url = format!("https://example.com/{}", "a".repeat(300));
        let f = findings("SL404", &format!("نص {long} نص\n{url}\n"));
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].message, "A 150-character run without a space");
    }
}
