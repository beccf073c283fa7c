//! Likely person names from Arabic cues, for names the knowledge base lacks.
//!
//! Arabic has no capital letters, so names are found from what surrounds them:
//! a title or role (`الرئيس`, `وزير الدفاع الإسرائيلي`, `العقيد`, `السكرتير العسكري`)
//! or a verb of saying (`قال`, `وأضاف`) directly before one to three words that
//! read like a name: no article on the first word, no function word, no number.
//! This is a heuristic: its findings are hints for the knowledge base, not facts.
//! Works on folded text (`normalize::fold`).

use crate::normalize::is_word_char;
use rustc_hash::FxHashSet;
use std::ops::Range;
use std::sync::OnceLock;

/// The word lists as hash sets: every word of every line is looked up in them.
struct Lists {
    titles: FxHashSet<String>,
    verbs: FxHashSet<String>,
    modifiers: FxHashSet<String>,
    not_names: FxHashSet<String>,
    /// Any title or verb of saying, to skip lines without one at once.
    cues: Option<aho_corasick::AhoCorasick>,
}

fn lists() -> &'static Lists {
    static L: OnceLock<Lists> = OnceLock::new();
    // Folded like the text they are compared with (رئيس → رييس), so the lists may be
    // written in ordinary spelling.
    let set = |words: &[&str]| -> FxHashSet<String> { words.iter().map(|w| crate::normalize::fold(w)).collect() };
    L.get_or_init(|| Lists {
        titles: set(TITLES),
        verbs: set(SPEECH_VERBS),
        modifiers: set(MODIFIERS),
        not_names: set(NOT_NAMES),
        cues: aho_corasick::AhoCorasickBuilder::new()
            .kind(Some(aho_corasick::AhoCorasickKind::DFA))
            .build(TITLES.iter().chain(SPEECH_VERBS).map(|w| crate::normalize::fold(w)))
            .ok(),
    })
}

/// Titles and roles after which a name often follows, folded. Multi-word roles
/// are built from these plus modifiers (see `MODIFIERS`).
const TITLES: &[&str] = &[
    "الرئيس",
    "رئيس",
    "الوزير",
    "وزير",
    "وزيره",
    "الوزيره",
    "العقيد",
    "اللواء",
    "الجنرال",
    "العميد",
    "المشير",
    "الفريق",
    "الرائد",
    "النقيب",
    "السكرتير",
    "الشيخ",
    "الدكتور",
    "الدكتوره",
    "السيد",
    "السيده",
    "النائب",
    "النائبه",
    "الملك",
    "الامير",
    "الاميره",
    "الحاخام",
    "المتحدث",
    "الناطق",
    "المدير",
    "مدير",
    "القائد",
    "قائد",
    "السفير",
    "سفير",
    "الصحفي",
    "الصحفيه",
    "الكاتب",
    "الكاتبه",
    "المحلل",
    "المستشار",
    "مستشار",
    "المبعوث",
    "الامين",
    "المفتش",
    "نظيره",
    "نظيرته",
    "عضو",
    "زعيم",
    "الزعيم",
    "رئيسه",
    "الرئيسه",
    "المغني",
    "المغنيه",
    "الفنان",
    "الفنانه",
    "الممثل",
    "الممثله",
    "اللاعب",
    "المدرب",
];

/// Verbs of saying after which the speaker is named.
const SPEECH_VERBS: &[&str] = &[
    "قال",
    "وقال",
    "فقال",
    "قالت",
    "وقالت",
    "اضاف",
    "واضاف",
    "اضافت",
    "واضافت",
    "اكد",
    "واكد",
    "اكدت",
    "واكدت",
    "صرح",
    "وصرح",
    "اوضح",
    "واوضح",
    "اشار",
    "واشار",
    "اعلن",
    "واعلن",
    "ذكر",
    "وذكر",
    "كتب",
    "وكتب",
    "غرد",
    "وغرد",
];

/// Words that may follow a title before the name: the ministry, the nationality,
/// the rank (`وزير الدفاع الإسرائيلي`, `المفتش العام`, `المتحدث باسم`).
const MODIFIERS: &[&str] = &[
    "باسم",
    "لدي",
    "العام",
    "العامه",
    "الاول",
    "الاعلي",
    "المنتدب",
    "السابق",
    "الحالي",
    "الجديد",
    "العسكري",
    "لوزير",
    "لوزاره",
    "وزاره",
    "الوزراء",
    "الحكومه",
    "الدوله",
    "الجمهوريه",
    "الخارجيه",
    "الدفاع",
    "الداخليه",
    "الامن",
    "الماليه",
    "العدل",
    "الاقتصاد",
    "مجلس",
    "الشوون",
    "المخابرات",
    "الاركان",
    "هيئه",
    "حزب",
    "حركه",
    "جبهه",
    "الجيش",
    "البرلمان",
    "الكنيست",
    "الحاخامات",
    "حاخامات",
    "دفاع",
    "خارجيه",
    "داخليه",
    "ماليه",
    "عدل",
    "اقتصاد",
    "اسراييلي",
    "مغربي",
    "امريكي",
    "مكتب",
    "بوزاره",
    "لوزاره",
    "بمكتب",
    "قسم",
    "دائره",
    "مديريه",
    "جهاز",
    // The body a head of something heads (`رئيس شعبة الاستخبارات`, `الأمين العام لحلف الناتو`).
    "دولة",
    "مؤسسة",
    "شعبة",
    "حكومة",
    "اتحاد",
    "منظمة",
    "لمنظمة",
    "هيئة",
    "لجنة",
    "جمعية",
    "حلف",
    "لحلف",
    "أندية",
    "إدارة",
    "وكالة",
    "جامعة",
    "بلدية",
    "شركة",
    "لشركة",
    "حركة",
    "لحركة",
    "جماعة",
    "لجماعة",
    "كتائب",
    "لكتائب",
    "غرفة",
    "نقابة",
    "مجموعة",
    "لمجموعة",
    "مجموعات",
    "صندوق",
    "بنك",
    "محكمة",
    "أركان",
    "الاحتلال",
];

/// Words that are never part of a name: function words, pronouns, common nouns
/// that follow verbs of saying (`قال مصدر`, `قال البيان`).
const NOT_NAMES: &[&str] = &[
    "في",
    "من",
    "علي",
    "الي",
    "عن",
    "مع",
    "ان",
    "انه",
    "انها",
    "او",
    "ام",
    "ثم",
    "قد",
    "لقد",
    "لم",
    "لن",
    "لا",
    "ما",
    "ماذا",
    "هذا",
    "هذه",
    "هذه",
    "ذلك",
    "تلك",
    "هو",
    "هي",
    "هم",
    "نحن",
    "انا",
    "كان",
    "كانت",
    "يكون",
    "الذي",
    "التي",
    "الذين",
    "بعد",
    "قبل",
    "خلال",
    "حول",
    "عند",
    "لدي",
    "بين",
    "منذ",
    "حيث",
    "كما",
    "ايضا",
    "اليوم",
    "امس",
    "غدا",
    "مصدر",
    "مصادر",
    "مسوول",
    "مسوولون",
    "متحدث",
    "بيان",
    "تقرير",
    "تقارير",
    "وكاله",
    "صحيفه",
    "موقع",
    "حساب",
    "مكتب",
    "الوزاره",
    "الجيش",
    "المصدر",
    "البيان",
    "الحكومه",
    "الحزب",
    "الدوله",
    "الجانب",
    "الجانبان",
    "الطرفان",
    "وزير",
    "رئيس",
    "اسرائيل",
    "المغرب",
    "بلاده",
    "بلادنا",
    "لهم",
    "لها",
    "له",
    "لنا",
    "عبر",
    "وفق",
    "وفقا",
    "بحسب",
    "حسب",
    "بشان",
    "خبير",
    "خبراء",
    "محلل",
    "مراقبون",
    "اخر",
    "اخرون",
    "شخص",
    "احد",
    "بعض",
    "كل",
    "جميع",
    "عدد",
    "الصحيفه",
    "القناه",
    "الموقع",
    "غير",
    "يوم",
    "الاثنين",
    "الثلاثاء",
    "الاربعاء",
    "الخميس",
    "الجمعه",
    "السبت",
    "الاحد",
    "للصحفيين",
    "لوسائل",
    "للصحافه",
    "لقناه",
    "لصحيفه",
    "لموقع",
    "لوكاله",
    "بلاغ",
    "و",
    "ب",
    "ل",
    "ف",
    "دوكور",
    "دارمي",
    "دوكوردارمي",
    "ذاتها",
    "ذاته",
    "نفسه",
    "نفسها",
    "انفسهم",
    "ذاتهم",
    "أنفسهم",
    "حركة",
    "لحركة",
    "شركة",
    "لشركة",
    "حرس",
    "لحرس",
    "كتائب",
    "لكتائب",
    "منظمة",
    "لمنظمة",
    "مجموعة",
    "لمجموعة",
    "مجموعات",
    "حزب",
    "لحزب",
    "جبهة",
    "لجبهة",
    "لجنة",
    "مؤسسة",
    "مؤسس",
    "وزراء",
    "عدم",
    "عقب",
    "اضطراب",
    "لكن",
    "حينها",
    "حينه",
    "آنذاك",
    "الآن",
    "مجددا",
    "بدوره",
    "بدورها",
    "كذلك",
    "الأخير",
    "الأخيرة",
    "يقوم",
    "يعلن",
    "بمنظور",
    "دولة",
    "أكبر",
    "أهم",
    "أول",
    "يعطينا",
    "أثناء",
    "أننا",
    "إننا",
    "حكومة",
    "محكمة",
    "تنمية",
    "حماس",
    "أركان",
    "شعبة",
    "بمقر",
    "أجريت",
];

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PersonCandidate {
    /// The name, in the folded text searched.
    pub range: Range<usize>,
    /// The cue before it (`وزير الدفاع`, `قال`), in the folded text searched.
    pub cue: Range<usize>,
}

/// Words of folded text with their byte ranges, quotes and punctuation trimmed.
fn words(folded: &str) -> Vec<(Range<usize>, &str, bool)> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in folded.char_indices().chain(std::iter::once((folded.len(), ' '))) {
        if c == ' ' {
            if let Some(s) = start.take() {
                let raw = folded.get(s..i).unwrap_or_default();
                let lead = raw.len() - raw.trim_start_matches(|c: char| !is_word_char(c)).len();
                let inner = raw.trim_matches(|c: char| !is_word_char(c));
                // A word followed by punctuation ends a phrase (`غانتس،`).
                let ends_phrase = raw.ends_with(|c: char| !is_word_char(c));
                out.push((s + lead..s + lead + inner.len(), inner, ends_phrase));
            }
        } else if start.is_none() {
            start = Some(i);
        }
    }
    out
}

fn is_arabic_word(w: &str) -> bool {
    !w.is_empty() && w.chars().all(crate::normalize::is_arabic_letter)
}

/// Function words that start like the article but are not (`إلى` folds to `الي`).
const ARTICLE_LOOKALIKES: &[&str] = &["الي", "الا", "الذي", "التي", "الذين", "اللذين", "اللتين", "الان", "اللذان"];

/// Words that join the parts of a name (`محمد بن سلمان`, `ولد الغزواني`).
const NAME_LINKS: &[&str] = &["بن", "ابن", "بنت", "ولد", "ابو", "عبد"];

fn could_be_name(w: &str, first: bool) -> bool {
    if NAME_LINKS.contains(&w) {
        return true;
    }
    let l = lists();
    if !is_arabic_word(w) || w.chars().count() < 3 || l.not_names.contains(w) {
        return false;
    }
    if l.titles.contains(w) || l.verbs.contains(w) || l.modifiers.contains(w) {
        return false;
    }
    // Future verbs (`سنوقع`) and feminine nouns after `ب` (`بإدارة`) are not first names.
    if first && w.chars().count() >= 5 && (w.starts_with("سن") || w.starts_with("سي") || w.starts_with("ست")) {
        return false;
    }
    if first && w.starts_with("با") && w.ends_with('ه') {
        return false;
    }
    // Words starting with the conjunction و begin a new phrase (`مفتوحة ورسمية`,
    // `وأعضاء الجمعية`); short names that start with و (`وليد`, `وائل`) pass.
    if w.starts_with('و') && w.chars().count() > 4 {
        return false;
    }
    // A family name may carry the article (`محمد ياسين المنصوري`), a first name does not.
    !(first && ["ال", "بال", "لل", "وال", "فال", "كال"].iter().any(|p| w.starts_with(p)))
}

/// Likely person names in folded text, after a title or a verb of saying.
pub fn find_people(folded: &str) -> Vec<PersonCandidate> {
    let l = lists();
    if l.cues.as_ref().is_some_and(|c| !c.is_match(folded)) {
        return Vec::new();
    }
    let ws = words(folded);
    let mut out = Vec::new();
    let mut i = 0;
    while i < ws.len() {
        let Some((range, w, ends)) = ws.get(i) else { break };
        let bare = w.strip_prefix('و').filter(|rest| l.titles.contains(*rest)).unwrap_or(w);
        let is_title = l.titles.contains(bare);
        let is_verb = l.verbs.contains(*w);
        if !(is_title || is_verb) {
            i += 1;
            continue;
        }
        let cue_start = range.start;
        let mut cue_end = range.end;
        let mut j = i + 1;
        let mut stop = *ends;
        // Skip the role's modifiers (and further titles: `قال وزير الدفاع`).
        while !stop {
            match ws.get(j) {
                Some((r, next, e))
                    // Words with the article belong to the role (`باسم الوزارة`, `المفتش العام`):
                    // a first name never carries it.
                    if l.modifiers.contains(*next)
                        || l.titles.contains(*next)
                        || (next.starts_with("ال") && !ARTICLE_LOOKALIKES.contains(next)) =>
                {
                    cue_end = r.end;
                    stop = *e;
                    j += 1;
                }
                _ => break,
            }
        }
        // A comma may separate the role from the name (`وزير الدفاع الإسرائيلي، بيني غانتس`).
        let mut name: Vec<Range<usize>> = Vec::new();
        let mut k = j;
        while name.len() < 3 {
            let Some((r, next, e)) = ws.get(k) else { break };
            if !could_be_name(next, name.is_empty()) {
                break;
            }
            // A third word is a family name only in the usual shapes (`محمد ياسين المنصوري`,
            // `محمد بن سلمان`, `عبد اللطيف لوديي`); otherwise it is the sentence going on.
            if name.len() == 2 {
                let word = |r: &Range<usize>| folded.get(r.clone()).unwrap_or_default();
                let linked = name.iter().any(|r| NAME_LINKS.contains(&word(r)));
                if !(next.starts_with("ال") || linked) {
                    break;
                }
            }
            name.push(r.clone());
            k += 1;
            if *e {
                break;
            }
        }
        // After a bare verb of saying, the words are a name only when the reported speech
        // follows (`قال بول سانكي إن`, `وقال فلان:`).
        let speech_follows = name.last().is_some_and(|last| {
            ws.get(k - 1).is_some_and(|w| w.2 && w.0 == *last)
                || ws.get(k).is_some_and(|w| matches!(w.1, "ان" | "انه" | "انها" | "انهم"))
        });
        if is_verb && cue_end == range.end && !speech_follows {
            i = j.max(i + 1);
            continue;
        }
        // After a verb of saying a lone word is too often a common noun; want two.
        // After a title, a lone word counts only when punctuation closes it (`غانتس،`):
        // otherwise it is too often the sentence's next noun (`وضع الوزير إكليلا من الزهور`).
        let closed = k > j && ws.get(k - 1).is_some_and(|w| w.2);
        let wanted = if is_verb && cue_end == range.end {
            2
        } else if closed {
            1
        } else {
            2
        };
        if name.len() >= wanted && (is_title || cue_end > range.end || is_verb) {
            if let (Some(first), Some(last)) = (name.first(), name.last()) {
                out.push(PersonCandidate { range: first.start..last.end, cue: cue_start..cue_end });
            }
            i = k;
        } else {
            i = j.max(i + 1);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::normalize::fold;

    fn names(text: &str) -> Vec<String> {
        let f = fold(text);
        find_people(&f).into_iter().map(|p| f[p.range].to_string()).collect()
    }

    #[test]
    fn titles_and_roles() {
        assert_eq!(names("قال وزير الدفاع الإسرائيلي بيني غانتس، إن الرباط"), ["بيني غانتس"]);
        assert_eq!(
            names("السكرتير العسكري لوزير الدفاع \"ياكي دولف\" والعقيد \"نعوم أربيل"),
            ["ياكي دولف", "نعوم اربيل"]
        );
        assert_eq!(names("رئيس المخابرات المغربية السيد \"محمد ياسين المنصوري"), ["محمد ياسين المنصوري"]);
        assert_eq!(
            names("ومدير مكتب الشؤون السياسية العسكرية بوزارة الدفاع الإسرائيلية، درور شالوم، ترأسا"),
            ["درور شالوم"]
        );
    }

    #[test]
    fn roles_are_not_names() {
        assert!(
            names("عبداللطيف لوديي، الوزير المنتدب لدى رئيس الحكومة المكلف بإدارة الدفاع الوطني في المغرب").is_empty()
        );
        assert!(names("وضع وزير الدفاع الإسرائيلي إكليلا من الزهور").is_empty());
        assert!(names("وأضاف: “سنوقع اتفاقيات تعاون").is_empty());
        assert!(names("أن زيارة وزير دفاع مفتوحة ورسمية").is_empty());
    }

    #[test]
    fn verbs_of_saying() {
        assert_eq!(names("وأضاف يوسف العمراني أن"), ["يوسف العمراني"]);
        // Common nouns after the verb are not names.
        assert!(names("وقال مصدر أمني إن").is_empty());
        assert!(names("قال البيان إن").is_empty());
        assert!(names("وقال غانتس إن").is_empty(), "one word after a verb is too weak");
    }

    #[test]
    fn no_names_in_plain_prose() {
        assert!(names("المغرب وإسرائيل يوقعان مذكرة دفاع للتعاون في الصناعات والمبيعات العسكرية").is_empty());
        assert!(names("وزير الدفاع لم يوافق ولم يوقع على أي صفقة").is_empty());
    }
}
