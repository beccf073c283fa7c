use crate::context::Context;
use crate::document::Line;
use crate::finding::{Category, Edit, Finding, Fix, Severity};
use crate::normalize::{is_arabic_letter, is_latin_letter};
use crate::rule::{FindingBuilder, Rule, RuleMeta};

pub struct LatinGluedToArabic;

static META: RuleMeta = RuleMeta {
    code: "SL401",
    name: "latin-glued-to-arabic",
    category: Category::Residue,
    default_severity: Severity::Warning,
    summary: "Latin letters stuck to an Arabic word with no space (`AAوقال`).",
    explanation: "Markup residue (a CSS class, an icon's alt text, a drop-cap letter) often ends up glued to \
the next Arabic word: `AAوقال`. Arabic writing does attach the article and prepositions to Latin words \
(`الـGPS`, `بالـSMS`, `والFBI`), so a Latin run is only flagged when the Arabic side is more than a proclitic. \
The fix removes a short (up to three letters) Latin run glued before an Arabic word, which is almost always \
residue; for longer runs it offers to insert a space. Both are marked unsafe: only a reader can tell a stray \
`AA` from a brand name.",
    example: "AAوقال وزير الدفاع الإسرائيلي",
    fix: Some("unsafe"),
};

/// Proclitics that Arabic attaches to foreign words, folded.
const PROCLITICS: &[&str] = &["ال", "بال", "وال", "فال", "كال", "لل", "ب", "و", "ل", "ف", "ك", "وب", "ول", "وبال"];

#[derive(PartialEq, Clone, Copy)]
enum Script {
    Arabic,
    Latin,
    Other,
}

fn script(c: char) -> Script {
    if is_arabic_letter(c) {
        Script::Arabic
    } else if is_latin_letter(c) {
        Script::Latin
    } else {
        Script::Other
    }
}

impl Rule for LatinGluedToArabic {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn line_local(&self) -> bool {
        true
    }

    fn check_line(&self, ctx: &Context<'_>, line: &Line<'_>, out: &mut Vec<Finding>) {
        if ctx.is_claimed_any(line.index) || !line.text.chars().any(|c| c.is_ascii_alphabetic()) {
            return;
        }
        // Split the line into runs of one script; Latin runs touching an Arabic run are candidates.
        let mut runs: Vec<(Script, usize, usize)> = Vec::new();
        for (i, c) in line.text.char_indices() {
            let s = script(c);
            match runs.last_mut() {
                Some(last) if last.0 == s && last.2 == i => last.2 = i + c.len_utf8(),
                _ => runs.push((s, i, i + c.len_utf8())),
            }
        }
        for (k, &(s, a, b)) in runs.iter().enumerate() {
            if s != Script::Latin {
                continue;
            }
            let prev = k.checked_sub(1).and_then(|p| runs.get(p)).filter(|r| r.0 == Script::Arabic && r.2 == a);
            let next = runs.get(k + 1).filter(|r| r.0 == Script::Arabic && r.1 == b);
            let prev_is_clitic = prev.is_some_and(|r| {
                let before = line.text.get(..r.2).unwrap_or_default();
                let word_start = before.rfind(|c: char| !is_arabic_letter(c)).map(|p| p + 1).unwrap_or(0);
                word_start >= r.1
                    && PROCLITICS
                        .contains(&crate::normalize::fold(line.text.get(word_start..r.2).unwrap_or_default()).as_str())
            });
            let glued_before = next.is_some();
            let glued_after = prev.is_some() && !prev_is_clitic;
            if !glued_before && !glued_after {
                continue;
            }
            let latin = line.text.get(a..b).unwrap_or_default();
            let range = line.start + a..line.start + b;
            let fix = if glued_before && latin.chars().count() <= 3 {
                Fix::suggestion(format!("Remove \"{latin}\""), vec![Edit::delete(range.clone())])
            } else if glued_before {
                Fix::suggestion("Insert a space", vec![Edit::replace(range.end..range.end, " ")])
            } else {
                Fix::suggestion("Insert a space", vec![Edit::replace(range.start..range.start, " ")])
            };
            out.push(
                FindingBuilder::new(&META, range, format!("Latin \"{latin}\" glued to an Arabic word"))
                    .fix(fix)
                    .build(),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::test_support::{findings, lines};

    #[test]
    fn residue_but_not_clitics() {
        let t = "AAوقال وزير الدفاع\nنظام الـGPS والFBI وبالSMS\nالتحالفاتGantz\nجيد UB40 جيد\n";
        assert_eq!(lines("SL401", t), vec![1, 3]);
        let f = findings("SL401", t);
        assert_eq!(&t[f[0].range.clone()], "AA");
        let fixed = crate::fix::fix_all(&crate::Engine::default(), "AAوقال وزير الدفاع\n", true).text;
        assert_eq!(fixed, "وقال وزير الدفاع\n");
    }
}
