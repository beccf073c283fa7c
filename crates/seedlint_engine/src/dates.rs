//! Dates in Arabic and English text, read into ISO dates.
//!
//! Works on folded text (see `normalize`), so `أبريل`/`ابريل`, `الإثنين`/`الاثنين`
//! and Arabic-Indic digits need no separate patterns. Month names of every
//! family are accepted: Egyptian/Gulf (`نوفمبر`), Maghrebi (`نونبر`, `دجنبر`,
//! `غشت`, `شتنبر`, `يوليوز`, `ماي`), Algerian/Tunisian (`جانفي`, `فيفري`,
//! `أفريل`, `جوان`, `جويلية`, `أوت`), Levantine/Iraqi (`تشرين الثاني`,
//! `كانون الأول`, …) and English, alone or paired (`نوفمبر/تشرين الثاني`).

use crate::finding::DateInfo;
use regex::Regex;
use std::ops::Range;
use std::sync::OnceLock;

/// Folded month names and their numbers. Longest first matters for the regex.
const MONTHS: &[(&str, u32)] = &[
    ("كانون الثاني", 1),
    ("كانون الاول", 12),
    ("تشرين الثاني", 11),
    ("تشرين الاول", 10),
    ("يناير", 1),
    ("جانفي", 1),
    ("january", 1),
    ("jan", 1),
    ("فبراير", 2),
    ("فيفري", 2),
    ("شباط", 2),
    ("february", 2),
    ("feb", 2),
    ("مارس", 3),
    ("اذار", 3),
    ("march", 3),
    ("mar", 3),
    ("ابريل", 4),
    ("افريل", 4),
    ("نيسان", 4),
    ("april", 4),
    ("apr", 4),
    ("مايو", 5),
    ("ماي", 5),
    ("ايار", 5),
    ("may", 5),
    ("يونيو", 6),
    ("يونيه", 6),
    ("جوان", 6),
    ("حزيران", 6),
    ("june", 6),
    ("jun", 6),
    ("يوليوز", 7),
    ("يوليو", 7),
    ("يوليه", 7),
    ("جويليه", 7),
    ("تموز", 7),
    ("july", 7),
    ("jul", 7),
    ("اغسطس", 8),
    ("غشت", 8),
    ("اوت", 8),
    ("اب", 8),
    ("august", 8),
    ("aug", 8),
    ("سبتمبر", 9),
    ("شتنبر", 9),
    ("ايلول", 9),
    ("september", 9),
    ("sept", 9),
    ("sep", 9),
    ("اكتوبر", 10),
    ("october", 10),
    ("oct", 10),
    ("نوفمبر", 11),
    ("نونبر", 11),
    ("november", 11),
    ("nov", 11),
    ("ديسمبر", 12),
    ("دجنبر", 12),
    ("december", 12),
    ("dec", 12),
];

const WEEKDAYS: &[(&str, usize)] = &[
    ("الاثنين", 0),
    ("الاتنين", 0),
    ("monday", 0),
    ("الثلاثاء", 1),
    ("tuesday", 1),
    ("الاربعاء", 2),
    ("wednesday", 2),
    ("الخميس", 3),
    ("thursday", 3),
    ("الجمعه", 4),
    ("friday", 4),
    ("السبت", 5),
    ("saturday", 5),
    ("الاحد", 6),
    ("sunday", 6),
];

pub const WEEKDAY_NAMES: [&str; 7] = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];

fn alternation(words: impl Iterator<Item = &'static str>) -> String {
    let mut v: Vec<&str> = words.collect();
    v.sort_by_key(|w| std::cmp::Reverse(w.len()));
    v.iter().map(|w| regex::escape(w).replace(' ', r"\s+")).collect::<Vec<_>>().join("|")
}

struct Patterns {
    day_month_year: Regex,
    month_day_year: Regex,
    month_year: Regex,
    numeric: Regex,
    time: Regex,
}

fn patterns() -> &'static Patterns {
    static P: OnceLock<Patterns> = OnceLock::new();
    P.get_or_init(|| {
        // Patterns run on folded text: ASCII digits and single ASCII spaces, so ASCII
        // classes suffice. Unicode classes (`\d`, `\s`, `\p{L}`) would compile to automata
        // many times larger, which costs tens of milliseconds at every start.
        // Word boundaries are checked in code (`at_word_boundary`).
        let m = alternation(MONTHS.iter().map(|m| m.0));
        let w = alternation(WEEKDAYS.iter().map(|w| w.0));
        // Regexes are built from constant tables; a failure is a defect caught by the tests.
        let re = |s: String| crate::regex_util::compiled(&s);
        Patterns {
            day_month_year: re(format!(
                r"(?:(?P<wd>{w}) ?[،,]? ?)?(?:يوم )?(?P<d>[0-9]{{1,2}}) ?(?:من )?(?P<m>{m})(?: ?/ ?(?P<m2>{m}))? ?[،,]? ?(?P<y>[0-9]{{4}})"
            )),
            month_day_year: re(format!(r"(?:(?P<wd>{w}) ?,? ?)?(?P<m>{m})\.? (?P<d>[0-9]{{1,2}}),? (?P<y>[0-9]{{4}})")),
            month_year: re(format!(r"(?P<m>{m})(?: ?/ ?(?P<m2>{m}))? ?[،,]? ?(?P<y>[0-9]{{4}})")),
            numeric: re(format!(
                r"(?:(?P<wd>{w}) ?[،,]? ?)?(?:(?P<y1>[0-9]{{4}})-(?P<m1>[0-9]{{1,2}})-(?P<d1>[0-9]{{1,2}})|(?P<d2>[0-9]{{1,2}})[/.-](?P<m2>[0-9]{{1,2}})[/.-](?P<y2>[0-9]{{4}}))"
            )),
            time: re(r"(?:(?:علي )?(?:الساعه ))?(?P<h>[0-9]{1,2})[:٫](?P<min>[0-9]{2})(?: ?(?P<ap>مساءا|مساء|صباحا|ظهرا|ليلا|am|pm|م|ص))?".to_string()),
        }
    })
}

/// The match does not start or end inside a word.
fn at_word_boundary(text: &str, r: &Range<usize>) -> bool {
    let before = text.get(..r.start).and_then(|t| t.chars().next_back());
    let after = text.get(r.end..).and_then(|t| t.chars().next());
    !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
}

fn has_four_digit_run(text: &str) -> bool {
    let mut run = 0;
    for b in text.bytes() {
        run = if b.is_ascii_digit() { run + 1 } else { 0 };
        if run == 4 {
            return true;
        }
    }
    false
}

/// `captures_iter` restricted to matches on word boundaries.
fn bounded<'t>(re: &'t Regex, text: &'t str) -> impl Iterator<Item = regex::Captures<'t>> + 't {
    re.captures_iter(text).filter(move |c| c.get(0).is_some_and(|m| at_word_boundary(text, &m.range())))
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DateMatch {
    /// Range in the folded text searched.
    pub range: Range<usize>,
    pub info: DateInfo,
    /// The date is a real calendar date (not 30 February).
    pub valid: bool,
}

fn month_number(name: &str) -> Option<u32> {
    let collapsed: String = name.split_whitespace().collect::<Vec<_>>().join(" ");
    MONTHS.iter().find(|(m, _)| *m == collapsed).map(|(_, n)| *n)
}

fn weekday_index(name: &str) -> Option<usize> {
    WEEKDAYS.iter().find(|(w, _)| *w == name).map(|(_, i)| *i)
}

pub fn days_in_month(year: i64, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        _ => 0,
    }
}

/// Monday = 0. Days-from-civil (H. Hinnant), valid for the proleptic Gregorian calendar.
pub fn weekday(year: i64, month: u32, day: u32) -> usize {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = month as i64;
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + day as i64 - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    let days = era * 146097 + doe - 719468; // days since 1970-01-01, a Thursday
    (days + 3).rem_euclid(7) as usize
}

fn trim_boundaries(text: &str, mut r: Range<usize>) -> Range<usize> {
    // The boundary groups may have consumed one separator on each side.
    while r.start < r.end {
        let c = text.get(r.start..).and_then(|t| t.chars().next()).unwrap_or('a');
        if c.is_alphanumeric() {
            break;
        }
        r.start += c.len_utf8();
    }
    while r.end > r.start {
        let c = text.get(..r.end).and_then(|t| t.chars().next_back()).unwrap_or('a');
        if c.is_alphanumeric() {
            break;
        }
        r.end -= c.len_utf8();
    }
    r
}

fn build(year: i64, month: u32, day: Option<u32>, weekday_name: Option<&str>) -> (DateInfo, bool) {
    let valid = (1..=12).contains(&month) && day.is_none_or(|d| d >= 1 && d <= days_in_month(year, month));
    let iso = match day {
        Some(d) => format!("{year:04}-{month:02}-{d:02}"),
        None => format!("{year:04}-{month:02}"),
    };
    let actual = match (valid, day) {
        (true, Some(d)) => WEEKDAY_NAMES.get(weekday(year, month, d)).map(|w| w.to_string()),
        _ => None,
    };
    let stated = weekday_name.and_then(weekday_index).and_then(|i| WEEKDAY_NAMES.get(i)).map(|w| w.to_string());
    (DateInfo { iso, stated_weekday: stated, actual_weekday: actual, time: None }, valid)
}

/// All dates in folded text, left to right, without overlaps (the most complete form wins).
pub fn find_dates(folded: &str) -> Vec<DateMatch> {
    // Every pattern needs a four-digit year; most lines with digits have none, and
    // this test is far cheaper than the patterns' automata.
    if !has_four_digit_run(folded) {
        return Vec::new();
    }
    let p = patterns();
    let mut found: Vec<DateMatch> = Vec::new();
    let overlaps =
        |found: &[DateMatch], r: &Range<usize>| found.iter().any(|f| f.range.start < r.end && r.start < f.range.end);

    for c in bounded(&p.day_month_year, folded) {
        let (Some(all), Some(d), Some(m), Some(y)) = (c.get(0), c.name("d"), c.name("m"), c.name("y")) else {
            continue;
        };
        let (Some(month), Ok(day), Ok(year)) = (month_number(m.as_str()), d.as_str().parse(), y.as_str().parse())
        else {
            continue;
        };
        let (info, valid) = build(year, month, Some(day), c.name("wd").map(|w| w.as_str()));
        found.push(DateMatch { range: trim_boundaries(folded, all.range()), info, valid });
    }
    for c in bounded(&p.month_day_year, folded) {
        let (Some(all), Some(d), Some(m), Some(y)) = (c.get(0), c.name("d"), c.name("m"), c.name("y")) else {
            continue;
        };
        let r = trim_boundaries(folded, all.range());
        if overlaps(&found, &r) {
            continue;
        }
        let (Some(month), Ok(day), Ok(year)) = (month_number(m.as_str()), d.as_str().parse(), y.as_str().parse())
        else {
            continue;
        };
        let (info, valid) = build(year, month, Some(day), c.name("wd").map(|w| w.as_str()));
        found.push(DateMatch { range: r, info, valid });
    }
    for c in bounded(&p.numeric, folded) {
        let Some(all) = c.get(0) else { continue };
        let r = trim_boundaries(folded, all.range());
        if overlaps(&found, &r) {
            continue;
        }
        let (y, m, d) = match (c.name("y1"), c.name("m1"), c.name("d1")) {
            (Some(y), Some(m), Some(d)) => (y, m, d),
            _ => match (c.name("y2"), c.name("m2"), c.name("d2")) {
                (Some(y), Some(m), Some(d)) => (y, m, d),
                _ => continue,
            },
        };
        let (Ok(year), Ok(month), Ok(day)) = (y.as_str().parse(), m.as_str().parse(), d.as_str().parse()) else {
            continue;
        };
        let (info, valid) = build(year, month, Some(day), c.name("wd").map(|w| w.as_str()));
        found.push(DateMatch { range: r, info, valid });
    }
    for c in bounded(&p.month_year, folded) {
        let (Some(all), Some(m), Some(y)) = (c.get(0), c.name("m"), c.name("y")) else {
            continue;
        };
        let r = trim_boundaries(folded, all.range());
        if overlaps(&found, &r) {
            continue;
        }
        // Bare short English months ("may 2021") are too ambiguous without a day.
        if m.as_str().len() <= 4 && m.as_str().is_ascii() {
            continue;
        }
        let (Some(month), Ok(year)) = (month_number(m.as_str()), y.as_str().parse()) else {
            continue;
        };
        let (info, valid) = build(year, month, None, None);
        found.push(DateMatch { range: r, info, valid });
    }
    found.sort_by_key(|f| f.range.start);
    found
}

/// Clock times (`23:00`, `5:42 مساءً`, `على الساعة 23:00`), as ranges and `HH:MM`.
pub fn find_times(folded: &str) -> Vec<(Range<usize>, String)> {
    let mut out = Vec::new();
    for c in bounded(&patterns().time, folded) {
        let (Some(all), Some(h), Some(min)) = (c.get(0), c.name("h"), c.name("min")) else {
            continue;
        };
        let (Ok(mut hour), Ok(minute)) = (h.as_str().parse::<u32>(), min.as_str().parse::<u32>()) else {
            continue;
        };
        if hour > 24 || minute > 59 {
            continue;
        }
        let pm = matches!(c.name("ap").map(|a| a.as_str()), Some("مساء" | "مساءا" | "ليلا" | "pm" | "م"));
        if pm && hour < 12 {
            hour += 12;
        }
        out.push((trim_boundaries(folded, all.range()), format!("{hour:02}:{minute:02}")));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::normalize::fold;

    fn one(text: &str) -> DateMatch {
        let f = fold(text);
        let d = find_dates(&f);
        assert_eq!(d.len(), 1, "{text}: {d:?}");
        d.into_iter().next().unwrap()
    }

    #[test]
    fn each_month_family() {
        assert_eq!(one("24 نونبر 2021").info.iso, "2021-11-24");
        assert_eq!(one("في دجنبر 2020").info.iso, "2020-12");
        assert_eq!(one("25 نوفمبر 2021 ، 5:42 مساءً").info.iso, "2021-11-25");
        assert_eq!(one("الثلاثاء 17 يناير/كانون الثاني 2023").info.iso, "2023-01-17");
        assert_eq!(one("نوفمبر/تشرين الثاني 2021").info.iso, "2021-11");
        assert_eq!(one("12 سبتمبر/أيلول 2022").info.iso, "2022-09-12");
        assert_eq!(one("3 جويلية 2019").info.iso, "2019-07-03");
        assert_eq!(one("٣ كانون الأول ٢٠٢٠").info.iso, "2020-12-03");
        assert_eq!(one("November 24, 2021").info.iso, "2021-11-24");
        assert_eq!(one("2023-02-27").info.iso, "2023-02-27");
        assert_eq!(one("27/02/2023").info.iso, "2023-02-27");
    }

    #[test]
    fn weekday_check() {
        let d = one("الأربعاء 01 يونيو 2022 على الساعة 23:00");
        assert_eq!(d.info.stated_weekday.as_deref(), Some("Wednesday"));
        assert_eq!(d.info.weekday_matches(), Some(true));
        let wrong = one("الخميس 01 يونيو 2022");
        assert_eq!(wrong.info.weekday_matches(), Some(false));
        assert!(!one("30 فبراير 2021").valid);
        assert!(one("29 فبراير 2024").valid);
        assert_eq!(weekday(1970, 1, 1), 3);
    }

    #[test]
    fn times() {
        let f = fold("الأربعاء 01 يونيو 2022 على الساعة 23:00");
        assert_eq!(find_times(&f)[0].1, "23:00");
        assert_eq!(find_times(&fold("5:42 مساءً"))[0].1, "17:42");
    }

    #[test]
    fn no_dates_in_plain_numbers() {
        assert!(find_dates(&fold("بحيت يبلغ مدى درون هاربي 500كلم.")).is_empty());
        assert!(find_dates(&fold("تعداد يبلغ 3 آلاف شخص")).is_empty());
    }
}
