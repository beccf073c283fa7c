use crate::context::Context;
use crate::document::Line;
use crate::finding::{Category, Detail, Finding, Severity};
use crate::rule::{FindingBuilder, Rule, RuleMeta};

pub struct ImpossibleDate;

static META: RuleMeta = RuleMeta {
    code: "SL703",
    name: "impossible-date",
    category: Category::Entity,
    default_severity: Severity::Warning,
    summary: "A date in the text that does not exist or whose weekday is wrong.",
    explanation: "Dates are read in every Arabic month family (`نونبر`, `تشرين الثاني`, `نوفمبر`, `جانفي`), \
English and numeric forms, with Western or Arabic-Indic digits. A date that does not exist (`30 فبراير 2021`) \
or that names a weekday the date does not fall on (`الخميس 01 يونيو 2022`, a Wednesday) is a scraping or \
editing error worth a look: a wrong year, a day from another article, a template filled badly. Datelines \
on their own line are reported by SL201, which says the same; this rule covers dates inside sentences.",
    example: "وقع الاتفاق يوم الخميس 01 يونيو 2022 في الرباط.",
    fix: None,
};

impl Rule for ImpossibleDate {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn line_local(&self) -> bool {
        true
    }

    fn check_line(&self, ctx: &Context<'_>, line: &Line<'_>, out: &mut Vec<Finding>) {
        if ctx.is_claimed(line.index, &[Category::Metadata]) {
            return;
        }
        for date in ctx.dates_of(line.index) {
            let problem = if !date.valid {
                "this date does not exist".to_string()
            } else if date.info.weekday_matches() == Some(false) {
                format!(
                    "the text says {}, but {} is a {}",
                    date.info.stated_weekday.as_deref().unwrap_or("?"),
                    date.info.iso,
                    date.info.actual_weekday.as_deref().unwrap_or("?")
                )
            } else {
                continue;
            };
            let range = line.norm.source_range(date.range.clone(), ctx.text);
            let written = ctx.text.get(range.clone()).unwrap_or_default();
            out.push(
                FindingBuilder::new(&META, range, format!("«{written}»: {problem}"))
                    .detail(Detail::Date(date.info.clone()))
                    .build(),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::test_support::findings;

    #[test]
    fn wrong_weekdays_and_missing_days() {
        let text = "وقع الاتفاق يوم الخميس 01 يونيو 2022 في الرباط بحضور الوزيرين.\nوقيل إنه سيعقد في 30 فبراير 2021 اجتماع ثان.\nوكان اللقاء الأول الأربعاء 24 نونبر 2021 في العاصمة.\n";
        let f = findings("SL703", text);
        assert_eq!(f.len(), 2, "{f:?}");
        assert!(f[0].message.contains("the text says Thursday, but 2022-06-01 is a Wednesday"), "{}", f[0].message);
        assert!(f[1].message.contains("does not exist"), "{}", f[1].message);
    }
}
