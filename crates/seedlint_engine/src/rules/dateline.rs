use crate::context::Context;
use crate::dates::find_times;
use crate::document::Line;
use crate::finding::{Category, Detail, Finding, Severity};
use crate::rule::{FindingBuilder, Rule, RuleMeta};
use crate::rules::remove_line;

pub struct Dateline;

static META: RuleMeta = RuleMeta {
    code: "SL201",
    name: "dateline",
    category: Category::Metadata,
    default_severity: Severity::Warning,
    summary: "Line is a publication date (and time), not article text.",
    explanation: "Pages print their publication date on a line of its own: `الأربعاء 01 يونيو 2022 على \
الساعة 23:00`, `25 نوفمبر 2021 ، 5:42 مساءً`, `نوفمبر/تشرين الثاني 2021`. The rule reads dates in every \
Arabic month family (Egyptian and Gulf `نوفمبر`, Maghrebi `نونبر`/`دجنبر`, Algerian `جانفي`, Levantine \
`تشرين الثاني`/`كانون الأول`), English, and numeric forms, with Western or Arabic-Indic digits, and flags a \
line when nothing but the date, a time, a weekday and filler words (`على الساعة`, `آخر تحديث`, `نشر في`) is \
left. The finding carries the ISO date; when the line names a weekday that does not fall on that date, or the \
date does not exist (30 February), the message says so. Dates inside sentences are never flagged.",
    example: "الأربعاء 01 يونيو 2022 على الساعة 23:00",
    fix: Some("safe"),
};

/// Words that may surround a date on a dateline, folded.
const FILLER: &[&str] = &[
    "علي",
    "الساعه",
    "نشر",
    "نشرت",
    "في",
    "بتاريخ",
    "تاريخ",
    "النشر",
    "اخر",
    "تحديث",
    "التحديث",
    "تم",
    "يوم",
    "published",
    "updated",
    "last",
    "on",
    "at",
    "posted",
    "am",
    "pm",
    "م",
    "ص",
    "مساء",
    "صباحا",
    "بتوقيت",
    "غرينتش",
    "gmt",
    "utc",
    "مكه",
    "المكرمه",
    "القدس",
    "الشريف",
];

impl Rule for Dateline {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn line_local(&self) -> bool {
        true
    }

    fn check_line(&self, ctx: &Context<'_>, line: &Line<'_>, out: &mut Vec<Finding>) {
        let dates = ctx.dates_of(line.index);
        if dates.is_empty() || line.words > 16 {
            return;
        }
        let folded = &line.norm.text;
        let times = find_times(folded);
        // Blank out the date and time spans, then see what words remain.
        let mut rest = folded.clone();
        let mut blank = |r: &std::ops::Range<usize>| {
            if let Some(s) = rest.get(r.clone()) {
                let spaces = " ".repeat(s.len());
                rest.replace_range(r.clone(), &spaces);
            }
        };
        dates.iter().for_each(|d| blank(&d.range));
        times.iter().for_each(|(r, _)| blank(r));
        let leftover = crate::normalize::key(&rest);
        let meaningful = leftover.split(' ').filter(|w| !w.is_empty() && !FILLER.contains(w)).count();
        if meaningful > 0 {
            return;
        }
        let Some(date) = dates.first() else { return };
        let mut info = date.info.clone();
        info.time = times.first().map(|(_, t)| t.clone());
        let mut message = format!("Dateline: {}", info.iso);
        if let Some(t) = &info.time {
            message.push_str(&format!(" {t}"));
        }
        let mut severity = META.default_severity;
        if !date.valid {
            message.push_str(" — this date does not exist");
            severity = Severity::Error;
        } else if info.weekday_matches() == Some(false) {
            message.push_str(&format!(
                " — the text says {}, but that date is a {}",
                info.stated_weekday.as_deref().unwrap_or("?"),
                info.actual_weekday.as_deref().unwrap_or("?")
            ));
            severity = Severity::Error;
        } else if let Some(wd) = &info.actual_weekday {
            message.push_str(&format!(" ({wd})"));
        }
        let mut f = FindingBuilder::new(&META, line.trimmed_range(), message)
            .fix(remove_line(line, true))
            .detail(Detail::Date(info))
            .build();
        f.severity = severity;
        out.push(f);
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::test_support::{findings, lines};
    use crate::Detail;

    #[test]
    fn filler_words_are_written_as_keys() {
        // The line is compared folded (ة → ه, ى → ي): an unfolded entry could never match.
        for w in super::FILLER {
            assert_eq!(crate::normalize::key(w), *w);
        }
    }

    #[test]
    fn flags_datelines_with_iso_dates() {
        let f = findings("SL201", "عنوان\nالأربعاء 01 يونيو 2022 على الساعة 23:00\n");
        assert_eq!(f.len(), 1);
        let Some(Detail::Date(d)) = &f[0].detail else { panic!() };
        assert_eq!((d.iso.as_str(), d.time.as_deref()), ("2022-06-01", Some("23:00")));
        assert!(f[0].message.contains("Wednesday"));
        assert_eq!(
            lines("SL201", "25 نوفمبر 2021 ، 5:42 مساءً\nنوفمبر/تشرين الثاني 2021\nآخر تحديث: ١٢ يناير ٢٠٢٣\n"),
            vec![1, 2, 3]
        );
    }

    #[test]
    fn wrong_weekday_is_an_error() {
        let f = findings("SL201", "الخميس 01 يونيو 2022\n");
        assert_eq!(f[0].severity, crate::Severity::Error);
        assert!(f[0].message.contains("Wednesday"));
    }

    #[test]
    fn dates_in_sentences_are_not_datelines() {
        assert!(lines("SL201", "وذلك خلال زيارة يوم الأربعاء 24 نونبر 2021 إلى الرباط.\n").is_empty());
    }
}
