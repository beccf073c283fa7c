//! The line classifier: is a line page furniture or article text?
//!
//! Each line is described by features that explain themselves ("short line",
//! "no end punctuation", "starts with a share or follow word", "before the
//! article body", "next to a short line" …), and a logistic model weighs them:
//! `p = sigmoid(bias + Σ weight × feature)`. The weights are learned from
//! hand-labelled lines by `seedlint train` and kept as data
//! (`data/line_model.tsv`, with the command that reproduces it), not set by
//! hand. Every finding lists the features that pushed its score up the most.

use crate::context::{is_bulleted, starts_with_list_number, Context};
use crate::document::Line;
use crate::normalize;
use std::sync::OnceLock;

/// Word families that mark page furniture in the languages seen most
/// (Arabic, English, French, German, Spanish). Written as people write them;
/// folded like the text when first used.
const LEXICON: &[(&str, &[&str])] = &[
    (
        "read-also",
        &[
            "اقرأ أيضا",
            "اقرأ",
            "إقرأ",
            "قد يهمك",
            "اقرأ ايضا",
            "إقرأ أيضا",
            "طالع أيضا",
            "اقرأ المزيد",
            "اقرأ كذلك",
            "شاهد أيضا",
            "شاهد",
            "طالع",
            "قد يعجبك",
            "ربما يهمك",
            "اخترنا لك",
            "مواضيع ذات صلة",
            "أخبار ذات صلة",
            "مقالات ذات صلة",
            "ذات صلة",
            "المزيد من",
            "للمزيد",
            "الأكثر قراءة",
            "الأكثر تصفحا",
            "الأكثر مشاهدة",
            "الأكثر تداولا",
            "الأكثر شعبية",
            "read more",
            "read also",
            "also read",
            "related",
            "related stories",
            "related articles",
            "more from",
            "more stories",
            "see also",
            "recommended",
            "you may also like",
            "you might also like",
            "most read",
            "most popular",
            "most viewed",
            "lire aussi",
            "à lire aussi",
            "voir aussi",
            "à voir aussi",
            "sur le même sujet",
            "les plus lus",
            "les plus consultés",
            "à découvrir",
            "à écouter aussi",
            "à lire également",
            "la rédaction vous conseille",
            "plus d'articles",
            "lesen sie auch",
            "mehr zum thema",
            "auch interessant",
            "weiterlesen",
            "meistgelesen",
            "lee también",
            "lea también",
            "leer más",
            "ver también",
            "te puede interesar",
            "lo más leído",
            "lo más visto",
        ],
    ),
    (
        "share-follow",
        &[
            "شارك",
            "مشاركة",
            "تابعونا",
            "تابعنا",
            "تابع",
            "انضم",
            "facebook",
            "twitter",
            "whatsapp",
            "telegram",
            "instagram",
            "youtube",
            "linkedin",
            "pinterest",
            "tiktok",
            "flipboard",
            "pocket",
            "reddit",
            "share",
            "follow",
            "tweet",
            "partager",
            "suivez",
            "teilen",
            "folgen",
            "compartir",
            "síguenos",
            "فيسبوك",
            "تويتر",
            "واتساب",
            "تلغرام",
            "يوتيوب",
            "انستغرام",
        ],
    ),
    (
        "subscribe-account",
        &[
            "اشترك",
            "اشترك الآن",
            "النشرة البريدية",
            "النشرة الإخبارية",
            "سجل الدخول",
            "تسجيل الدخول",
            "حسابي",
            "newsletter",
            "subscribe",
            "sign in",
            "sign up",
            "log in",
            "login",
            "register",
            "my account",
            "s'abonner",
            "abonnez",
            "je m'abonne",
            "connectez",
            "se connecter",
            "abonnieren",
            "anmelden",
            "registrieren",
            "suscríbete",
            "suscribirse",
            "iniciar sesión",
        ],
    ),
    (
        "cookie-privacy",
        &[
            "cookie",
            "cookies",
            "ملفات تعريف الارتباط",
            "سياسة الخصوصية",
            "الخصوصية",
            "privacy",
            "privacy policy",
            "terms of use",
            "terms of service",
            "terms and conditions",
            "الشروط والأحكام",
            "شروط الاستخدام",
            "datenschutz",
            "impressum",
            "mentions légales",
            "confidentialité",
            "aviso legal",
            "privacidad",
        ],
    ),
    (
        "rights",
        &[
            "جميع الحقوق محفوظة",
            "الحقوق محفوظة",
            "حقوق النشر",
            "all rights reserved",
            "copyright",
            "tous droits réservés",
            "alle rechte vorbehalten",
            "todos los derechos reservados",
        ],
    ),
    (
        "comments",
        &[
            "تعليق",
            "تعليقات",
            "التعليقات",
            "أضف تعليق",
            "comment",
            "comments",
            "commentaire",
            "commentaires",
            "kommentar",
            "kommentare",
            "comentarios",
        ],
    ),
    ("advertisement", &["إعلان", "اعلان", "advertisement", "sponsored", "publicité", "anzeige", "werbung", "publicidad"]),
    (
        "click-here",
        &["اضغط هنا", "انقر هنا", "اضغط", "click here", "tap here", "cliquez ici", "hier klicken", "haga clic"],
    ),
    (
        "media-label",
        &[
            "شاهد",
            "فيديو",
            "بالفيديو",
            "بالصور",
            "صور",
            "video",
            "watch",
            "photo",
            "photos",
            "gallery",
            "vidéo",
            "bildergalerie",
            "galería",
            "podcast",
            "audio",
            "listen",
            "écouter",
        ],
    ),
    (
        "source-credit",
        &[
            "المصدر",
            "المصادر",
            "نقلا عن",
            "بالاتفاق مع",
            "بالتعاون مع",
            "مصدر الصورة",
            "تصوير",
            "وكالات",
            "رويترز",
            "أ ف ب",
            "فرانس برس",
            "الأناضول",
            "وام",
            "واس",
            "سانا",
            "بترا",
            "شينخوا",
            "source",
            "sources",
            "credit",
            "photo credit",
            "getty images",
            "afp",
            "reuters",
            "associated press",
            "ap photo",
            "dpa",
            "epa",
            "apa",
            "ap",
            "ansa",
            "efe",
            "xinhua",
            "kyodo",
            "quelle",
            "foto",
            "fuente",
            "with files from",
            "courtesy of",
            "crédit",
            "crédits",
            "bildquelle",
        ],
    ),
    (
        "byline",
        &[
            "بقلم",
            "كتب",
            "كتبت",
            "إعداد",
            "تحرير",
            "مراسل",
            "by",
            "written by",
            "par",
            "von",
            "por",
            "author",
            "autor",
            "auteur",
            "redaktion",
            "editor",
            "edited by",
        ],
    ),
    (
        "time-ago",
        &[
            "منذ",
            "آخر تحديث",
            "تحديث",
            "نشر في",
            "ago",
            "updated",
            "published",
            "il y a",
            "mis à jour",
            "publié",
            "vor",
            "aktualisiert",
            "hace",
            "actualizado",
            "min read",
            "دقائق قراءة",
        ],
    ),
    (
        "navigation",
        &[
            "الرئيسية",
            "الصفحة الرئيسية",
            "القائمة",
            "بحث",
            "الأقسام",
            "المزيد",
            "التالي",
            "السابق",
            "home",
            "menu",
            "search",
            "sections",
            "next",
            "previous",
            "back to top",
            "skip to",
            "more",
            "accueil",
            "rechercher",
            "startseite",
            "suche",
            "inicio",
            "buscar",
            "contact",
            "contact us",
            "اتصل بنا",
            "من نحن",
            "about us",
        ],
    ),
    (
        "empty-widget",
        &["لا توجد", "لا يوجد", "no results", "no stories found", "no related posts", "no comments", "aucun", "keine"],
    ),
];

/// Words that make up much of any prose sentence and little of menus: the
/// signal jusText relies on.
const FUNCTION_WORDS: &[&str] = &[
    // Arabic
    "في",
    "من",
    "على",
    "إلى",
    "عن",
    "أن",
    "إن",
    "التي",
    "الذي",
    "الذين",
    "هذا",
    "هذه",
    "ذلك",
    "تلك",
    "مع",
    "كان",
    "كانت",
    "قد",
    "لا",
    "ما",
    "لم",
    "لن",
    "ثم",
    "أو",
    "بين",
    "بعد",
    "قبل",
    "حتى",
    "كل",
    "عند",
    "منذ",
    "خلال",
    "أي",
    "هو",
    "هي",
    "هم",
    "نحن",
    "ضد",
    "حول",
    "دون",
    "وقال",
    "وأضاف",
    "قال",
    "أنه",
    "إنه",
    "التى",
    "كما",
    "وقد",
    "لكن",
    "عبر",
    "وفي",
    "ومن",
    "فيه",
    "فيها",
    "به",
    "بها",
    "له",
    "لها",
    "يكون",
    "أكثر",
    "غير",
    "إذا",
    "بأن",
    "وأن",
    // English
    "the",
    "of",
    "and",
    "to",
    "in",
    "is",
    "that",
    "it",
    "was",
    "for",
    "on",
    "are",
    "as",
    "with",
    "his",
    "they",
    "at",
    "be",
    "this",
    "from",
    "have",
    "or",
    "had",
    "by",
    "not",
    "but",
    "what",
    "were",
    "we",
    "when",
    "an",
    "which",
    "their",
    "said",
    "there",
    "has",
    "been",
    "would",
    "who",
    "will",
    "more",
    "if",
    "its",
    "than",
    "also",
    "after",
    // French
    "le",
    "la",
    "les",
    "des",
    "du",
    "un",
    "une",
    "et",
    "est",
    "que",
    "qui",
    "dans",
    "pour",
    "pas",
    "sur",
    "au",
    "avec",
    "il",
    "elle",
    "ce",
    "sont",
    "par",
    "plus",
    "ont",
    "été",
    "aux",
    "mais",
    "ou",
    "son",
    "sa",
    "ses",
    // German
    "der",
    "die",
    "das",
    "und",
    "ist",
    "nicht",
    "sich",
    "mit",
    "den",
    "dem",
    "ein",
    "eine",
    "zu",
    "auf",
    "für",
    "es",
    "im",
    "von",
    "auch",
    "wie",
    "dass",
    "nach",
    "bei",
    "aus",
    "wird",
    "hat",
    "sind",
    "wurde",
    "noch",
    "über",
    // Spanish
    "el",
    "los",
    "las",
    "y",
    "en",
    "que",
    "se",
    "del",
    "por",
    "con",
    "una",
    "para",
    "es",
    "su",
    "al",
    "lo",
    "como",
    "más",
    "pero",
    "sus",
    "le",
    "ha",
    "fue",
    "este",
    "sí",
    "porque",
    "esta",
    "entre",
    "cuando",
    "muy",
    "sin",
];

/// The fewest items of a menu line.
const MENU_ITEMS: usize = 3;
/// The most words a menu item has on average.
const MENU_ITEM_WORDS: usize = 3;

/// How many separator tokens (`|` `»` `-` standing alone) a line has, and how many
/// non-empty items they separate.
fn separated_items(text: &str) -> (usize, usize) {
    let (mut separators, mut items, mut open) = (0, 0, false);
    for token in text.split_whitespace() {
        let mut chars = token.chars();
        let lone = chars.next().filter(|_| chars.next().is_none());
        if lone.is_some_and(|c| SEPARATORS.contains(&c) || c == '-' || c == '–') {
            separators += 1;
            open = false;
        } else if !open {
            items += 1;
            open = true;
        }
    }
    (separators, items)
}

/// Characters used between menu items and breadcrumbs.
const SEPARATORS: &[char] = &['|', '»', '›', '·', '•', '/', '>', '<', '«', '‹', '◄', '►', '¦', '‖'];

macro_rules! features {
    ($($field:ident = $name:literal : $reason:literal,)*) => {
        /// The features of one line, each in 0..=1.
        #[derive(Debug, Clone, Copy, Default, PartialEq)]
        pub struct LineFeatures { $(pub $field: f32,)* }

        /// Stable names (the model file's keys) and the reason a finding gives.
        pub const FEATURES: &[(&str, &str)] = &[$(($name, $reason),)*];

        impl LineFeatures {
            pub fn values(&self) -> Vec<f32> {
                vec![$(self.$field,)*]
            }

            /// Σ feature × weight, weights in [`FEATURES`] order (no allocation: it runs on every line).
            pub fn dot(&self, weights: &[f32]) -> f32 {
                let mut w = weights.iter();
                let mut sum = 0.0;
                $( sum += self.$field * w.next().copied().unwrap_or(0.0); )*
                sum
            }
        }
    };
}

features! {
    one_word = "words:1": "one word",
    two_three_words = "words:2-3": "two or three words",
    four_seven_words = "words:4-7": "four to seven words",
    eight_fifteen_words = "words:8-15": "eight to fifteen words",
    long_line = "words:16+": "sixteen words or more",
    ends_sentence = "ends:sentence": "ends like a sentence (. ! ? ؟)",
    ends_comma = "ends:comma": "ends with a comma or semicolon",
    ends_colon = "ends:colon": "ends with a colon",
    ends_ellipsis = "ends:ellipsis": "ends with an ellipsis",
    ends_bare = "ends:none": "no end punctuation",
    inner_comma = "has:inner-comma": "a comma inside (prose)",
    bulleted = "starts:bullet": "starts with a bullet",
    numbered = "starts:number": "starts with a list number",
    separators = "has:separators": "menu separators (| » › ·)",
    menu = "pattern:menu": "three or more short items between separators (a menu or a link bar)",
    url = "has:url": "a web address",
    email = "has:email": "an e-mail address",
    handle = "has:handle": "an @handle",
    hashtag = "has:hashtag": "a #hashtag",
    phone = "has:phone": "a phone number",
    copyright = "has:copyright-sign": "a copyright sign",
    date = "has:date": "a date",
    date_short = "has:date&short": "a date on a short line",
    digit_share = "share:digits": "mostly digits",
    no_letters = "no-letters": "no letters or digits at all (a rule, a separator)",
    title_case = "share:title-case": "Latin words in Title Case",
    function_words = "share:function-words": "prose function words (the, في, der …)",
    no_function_words = "no-function-words": "no function words at all",
    foreign_script = "script:foreign": "in another script than the page",
    phrase_line = "phrase:line": "the whole line is a known boilerplate phrase",
    phrase_fuzzy = "phrase:near": "close to a known boilerplate phrase",
    phrase_contains = "phrase:contains": "contains a known boilerplate phrase",
    lex_read_also = "lexicon:read-also": "\"read also\" / related links words",
    lex_share = "lexicon:share-follow": "share or follow words",
    lex_subscribe = "lexicon:subscribe-account": "subscribe, newsletter or account words",
    lex_cookie = "lexicon:cookie-privacy": "cookie, privacy or terms words",
    lex_rights = "lexicon:rights": "a rights notice",
    lex_comments = "lexicon:comments": "comment widget words",
    lex_advert = "lexicon:advertisement": "an advertisement label",
    lex_click = "lexicon:click-here": "\"click here\"",
    lex_media = "lexicon:media-label": "a video or photo label",
    lex_source = "lexicon:source-credit": "a source, agency or photo credit",
    lex_byline = "lexicon:byline": "a byline word (by, بقلم, von)",
    lex_time = "lexicon:time-ago": "a publication-time word (updated, منذ)",
    lex_navigation = "lexicon:navigation": "a navigation word (home, search, الرئيسية)",
    lex_empty = "lexicon:empty-widget": "empty-widget text (\"no results\")",
    lex_at_start = "lexicon:at-start": "a furniture word starts the line",
    lex_short = "lexicon:short-line": "a furniture word on a short line",
    before_body = "position:before-body": "before the article body",
    inside_body = "position:inside-body": "inside the article body",
    after_body = "position:after-body": "after the article body",
    no_body = "position:no-body": "no article body on the page",
    first_line = "position:first": "the first line",
    prev_short = "neighbour:previous-short": "after a short line",
    next_short = "neighbour:next-short": "before a short line",
    short_run = "neighbour:short-run": "in a run of short lines",
    prev_prose = "neighbour:previous-prose": "after a prose paragraph",
    next_prose = "neighbour:next-prose": "before a prose paragraph",
    after_colon = "neighbour:after-header": "under a line ending with a colon",
    under_related = "neighbour:under-related": "in a list under a \"read also\" / related-links line",
    in_headline_box = "pattern:headlines-between-paragraphs": "one of several headlines in a row between prose paragraphs (a box of other stories)",
    in_cards = "pattern:repeated-cards": "in a run of repeated cards (a counter, date or the same short line every few lines)",
    repeated = "repeated-in-page": "the same line appears elsewhere on the page",
    last_line = "position:last": "the last line",
    near_body = "position:next-to-body": "one to three lines outside the article body",
    far_from_body = "position:far-from-body": "more than ten lines away from the article body",
    short_inside = "short&inside-body": "a short line inside the article body",
    short_outside = "short&outside-body": "a short line outside the article body",
    window_short = "window:short-share": "most lines around it are short",
    window_prose = "window:prose-share": "prose paragraphs around it",
    start_read_also = "starts-with:read-also": "starts with \"read also\" / related-links words",
    start_share = "starts-with:share-follow": "starts with share or follow words",
    start_subscribe = "starts-with:subscribe-account": "starts with subscribe, newsletter or account words",
    start_cookie = "starts-with:cookie-privacy": "starts with cookie, privacy or terms words",
    start_rights = "starts-with:rights": "starts with a rights notice",
    start_comments = "starts-with:comments": "starts with comment widget words",
    start_advert = "starts-with:advertisement": "starts with an advertisement label",
    start_click = "starts-with:click-here": "starts with \"click here\"",
    start_media = "starts-with:media-label": "starts with a video or photo label",
    start_source = "starts-with:source-credit": "starts with a source, agency or photo credit",
    start_byline = "starts-with:byline": "starts with a byline word",
    start_time = "starts-with:time-ago": "starts with a publication-time word",
    start_navigation = "starts-with:navigation": "starts with a navigation word",
    start_empty = "starts-with:empty-widget": "starts with empty-widget text",
}

struct Lexicon {
    /// Folded phrases by their first token: (family index, the remaining tokens).
    by_first: rustc_hash::FxHashMap<String, Vec<(usize, Vec<String>)>>,
    function_words: rustc_hash::FxHashSet<String>,
}

fn lexicon() -> &'static Lexicon {
    static LEXICON_FOLDED: OnceLock<Lexicon> = OnceLock::new();
    LEXICON_FOLDED.get_or_init(|| {
        let mut by_first: rustc_hash::FxHashMap<String, Vec<(usize, Vec<String>)>> = Default::default();
        for (family, (_, words)) in LEXICON.iter().enumerate() {
            for w in *words {
                let key = normalize::key(w);
                let mut tokens = key.split(' ').filter(|t| !t.is_empty()).map(str::to_string);
                if let Some(first) = tokens.next() {
                    by_first.entry(first).or_default().push((family, tokens.collect()));
                }
            }
        }
        let function_words = FUNCTION_WORDS.iter().map(|w| normalize::key(w)).filter(|k| !k.is_empty()).collect();
        Lexicon { by_first, function_words }
    })
}

/// What the whole page says about the lines on it.
struct Page {
    arabic: bool,
    /// Lines (by key) that occur more than once.
    repeated: rustc_hash::FxHashSet<String>,
    /// Per line, computed once (neighbours and windows read them many times).
    words: Vec<usize>,
    prose: Vec<bool>,
}

impl Page {
    fn of(ctx: &Context<'_>) -> Page {
        let (mut arabic, mut latin) = (0usize, 0usize);
        let mut seen = rustc_hash::FxHashMap::default();
        let mut words = Vec::with_capacity(ctx.lines.len());
        let mut prose = Vec::with_capacity(ctx.lines.len());
        for line in &ctx.lines {
            let mut cjk = 0;
            for c in line.text.chars() {
                if normalize::is_arabic_letter(c) {
                    arabic += 1;
                } else if normalize::is_latin_letter(c) {
                    latin += 1;
                } else if normalize::is_cjk(c) {
                    cjk += 1;
                }
            }
            if !line.key.is_empty() {
                *seen.entry(line.key.as_str()).or_insert(0u32) += 1;
            }
            words.push(line.words + cjk / 2);
            prose.push(crate::context::is_prose(line));
        }
        let repeated = seen.into_iter().filter(|(_, n)| *n > 1).map(|(k, _)| k.to_string()).collect();
        Page { arabic: arabic > latin, repeated, words, prose }
    }

    fn words(&self, line: &Line<'_>) -> usize {
        self.words.get(line.index).copied().unwrap_or(line.words)
    }

    fn short(&self, line: &Line<'_>) -> bool {
        !line.is_blank() && self.words(line) <= 3
    }

    fn prose(&self, line: &Line<'_>) -> bool {
        self.prose.get(line.index).copied().unwrap_or(false)
    }
}

fn flag(b: bool) -> f32 {
    if b {
        1.0
    } else {
        0.0
    }
}

/// The features of every line of `ctx` (blank lines get all zeros).
pub fn features(ctx: &Context<'_>) -> Vec<LineFeatures> {
    let page = Page::of(ctx);
    let lex = lexicon();
    let first_content = ctx.lines.iter().position(|l| !l.is_blank());
    let mut features: Vec<LineFeatures> = ctx
        .lines
        .iter()
        .map(|line| {
            if line.is_blank() {
                LineFeatures::default()
            } else {
                line_features(ctx, line, &page, lex, first_content)
            }
        })
        .collect();
    mark_related_lists(ctx, &mut features);
    // The page patterns read the non-blank lines in order: collected once for both.
    let content: Vec<&Line<'_>> = ctx.lines.iter().filter(|l| !l.is_blank()).collect();
    mark_card_runs(ctx, &page, &content, &mut features);
    mark_headline_boxes(&page, &content, &mut features);
    features
}

/// The fewest headlines in a row that make a box of other stories.
const HEADLINE_BOX_LINES: usize = 2;

/// Sites drop a box of their other stories between two paragraphs of the article,
/// often without a header: headlines in a row (four words or more, no end mark),
/// with a prose paragraph right above and right below. An article's own subheading
/// stands alone above its paragraph, and list items are marked as such.
fn mark_headline_boxes(page: &Page, content: &[&Line<'_>], features: &mut [LineFeatures]) {
    let is_headline: Vec<bool> = content
        .iter()
        .map(|l| page.words(l) >= 4 && is_headline_shaped(l) && !crate::context::is_list_marked(l.text))
        .collect();
    let mut at = 0;
    for run in is_headline.chunk_by(|a, b| a == b) {
        let (from, to) = (at, at + run.len());
        at = to;
        if !run.first().is_some_and(|h| *h) || run.len() < HEADLINE_BOX_LINES || from == 0 {
            continue;
        }
        let between_prose = [from - 1, to].iter().all(|&i| content.get(i).is_some_and(|l| page.prose(l)));
        if !between_prose {
            continue;
        }
        for line in content.get(from..to).unwrap_or_default() {
            if let Some(f) = features.get_mut(line.index) {
                f.in_headline_box = 1.0;
            }
        }
    }
}

/// The most lines between two anchors of one run of cards.
const CARD_GAP: usize = 5;
/// The fewest anchors that make a run of cards.
const CARD_ANCHORS: usize = 3;

/// Teaser lists, "most read" boxes and comment threads are cards: the same few
/// shapes of line again and again, each card with a short line of its own kind (a
/// rank "1", a date, "28 min", "5 abonnés", "Reply"). A run of at least three such
/// anchors, each within a few lines of the next, marks every line of the run and
/// the card lines around its ends, when at least half of its other lines are
/// headlines or longer and at most half are prose. An article's paragraphs have no
/// anchors between them (a timeline's years stand on the paragraph's own line); a
/// flattened table or fact box has names and figures between its anchors, and a
/// live blog paragraphs under its time stamps.
fn mark_card_runs(ctx: &Context<'_>, page: &Page, content: &[&Line<'_>], features: &mut [LineFeatures]) {
    let mut short_counts: rustc_hash::FxHashMap<&str, usize> = Default::default();
    for line in content.iter().filter(|l| page.words(l) <= 3) {
        *short_counts.entry(line.key.as_str()).or_insert(0) += 1;
    }
    let is_anchor: Vec<bool> = content
        .iter()
        .map(|line| {
            let words = page.words(line);
            if words > 3 || crate::context::is_list_marked(line.text) {
                return false;
            }
            // A rank or a count ("3", "28 min", "5 abonnés"), not a list item ("1- صلاح").
            let mut tokens = line.trimmed().split_whitespace();
            let counter = words <= 2
                && tokens.next().is_some_and(|t| t.chars().all(char::is_numeric))
                && tokens.all(|t| t.chars().all(char::is_alphabetic));
            let dated = !ctx.dates_of(line.index).is_empty();
            let recurring =
                !line.key.is_empty() && short_counts.get(line.key.as_str()).is_some_and(|n| *n >= CARD_ANCHORS);
            counter || dated || recurring
        })
        .collect();
    let anchors: Vec<usize> = is_anchor.iter().enumerate().filter(|(_, a)| **a).map(|(i, _)| i).collect();
    // Runs of anchors, each within CARD_GAP lines of the next.
    for run in anchors.chunk_by(|a, b| b - a <= CARD_GAP).filter(|run| run.len() >= CARD_ANCHORS) {
        let (Some(&first), Some(&last)) = (run.first(), run.last()) else { continue };
        // A card's other lines lie on one side of its anchor or the other: take one
        // card's worth around each end (the mean gap, less the anchor).
        let reach = (last - first) / (run.len() - 1) - 1;
        let (from, to) = (first.saturating_sub(reach), (last + reach).min(content.len().saturating_sub(1)));
        let cards = content.get(from..=to).unwrap_or_default();
        let (mut texts, mut headlines, mut prose) = (0, 0, 0);
        for (line, _) in cards.iter().zip(is_anchor.get(from..=to).unwrap_or_default()).filter(|(_, a)| !**a) {
            texts += 1;
            headlines += usize::from(page.words(line) >= 4);
            prose += usize::from(page.prose(line));
        }
        if headlines * 2 < texts || prose * 2 > texts {
            continue;
        }
        for line in cards {
            if let Some(f) = features.get_mut(line.index) {
                f.in_cards = 1.0;
            }
        }
    }
}

/// How many lines a related-links list runs under its header.
const RELATED_LIST_LINES: usize = 6;

/// The LEXICON family of "read also" / related-links phrases.
const READ_ALSO: usize = 0;
/// The LEXICON family of source, agency and photo credits.
pub(crate) const SOURCE_CREDIT: usize = 9;

/// A "read also" / related-links line and the headlines it introduces.
#[derive(Debug, Clone, PartialEq)]
pub struct RelatedLinks {
    /// The line with the marker (`اقرأ أيضا:`, `Read more:`).
    pub header: usize,
    /// The marker as written on the line.
    pub marker: String,
    /// The marker is followed by a headline on its own line (`اقرأ أيضا: عنوان`).
    pub inline: bool,
    /// Headline-shaped lines under a bare header, up to the first prose paragraph.
    pub items: Vec<usize>,
}

/// Every related-links block of the page. A marker counts only where it opens the
/// line and is followed by a separator (`:` `..` `-` `|` `»`) or by nothing: "اقرأ
/// أيضا: …" is a link, "شاهد عيان قال" (an eyewitness said) is not. Items are taken
/// only under a bare header: after an inline link the next lines are as often the
/// article's own subheadings. A short last item directly above a prose paragraph,
/// after other items, is taken for that paragraph's subheading and left out.
pub fn related_links(ctx: &Context<'_>) -> Vec<RelatedLinks> {
    let mut out: Vec<RelatedLinks> = Vec::new();
    let mut open: Option<usize> = None;
    for line in ctx.lines.iter().filter(|l| !l.is_blank()) {
        if let Some((marker, inline)) = related_links_marker(line) {
            open = (!inline).then_some(out.len());
            out.push(RelatedLinks { header: line.index, marker, inline, items: Vec::new() });
            continue;
        }
        let Some(block) = open.and_then(|b| out.get_mut(b)) else { continue };
        if !is_headline_shaped(line) || block.items.len() >= RELATED_LIST_LINES {
            open = None;
            continue;
        }
        block.items.push(line.index);
    }
    for block in &mut out {
        let Some(&last) = block.items.last() else { continue };
        let Some(line) = ctx.line(last) else { continue };
        let (_, after) = ctx.neighbours(last);
        if block.items.len() > 1 && line.words <= 6 && after.is_some_and(crate::context::is_prose) {
            block.items.pop();
        }
    }
    out
}

/// A headline: not prose, at most 22 words, no end mark but `?` `!` or `..`.
fn is_headline_shaped(line: &Line<'_>) -> bool {
    if line.words == 0 || line.words > 22 || crate::context::is_prose(line) {
        return false;
    }
    let end = line.trimmed().trim_end_matches(['"', '\'', '”', '“', '»', '«', ')', '(', ' ']);
    end.ends_with("..") || !end.ends_with(['.', ':', '،', ',', '؛', ';', '：'])
}

/// What follows a furniture phrase that opens a line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Follow {
    /// Nothing: the phrase is the whole line.
    Nothing,
    /// A separator (`:` `..` `-` `|` `»`), then more words.
    Separator,
    /// More words, without a separator.
    Words,
}

/// A phrase of a LEXICON family that opens a line.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Opening {
    /// The phrase as written on the line.
    pub marker: String,
    /// How many words it has.
    pub words: usize,
    pub follow: Follow,
}

/// The longest phrase of LEXICON family `family` that opens the line (after any
/// bullets or stars), as written, and what follows it.
pub(crate) fn opening_phrase(line: &Line<'_>, family: usize) -> Option<Opening> {
    let lex = lexicon();
    let tokens: Vec<&str> = line.key.split(' ').filter(|t| !t.is_empty()).collect();
    let rest = tokens.get(1..)?;
    let words = lex
        .by_first
        .get(*tokens.first()?)?
        .iter()
        .filter(|(f, tail)| *f == family && tail.len() <= rest.len() && tail.iter().zip(rest).all(|(a, b)| a == b))
        .map(|(_, tail)| tail.len() + 1)
        .max()?;
    // The same words in the line as written: runs of letters (with their marks).
    let text = line.trimmed();
    let is_word = |c: char| normalize::is_word_char(c) || ('\u{064B}'..='\u{065F}').contains(&c) || c == '\u{0670}';
    let mut chars = text.char_indices().peekable();
    let mut start = None;
    let mut end = 0;
    for _ in 0..words {
        while chars.peek().is_some_and(|&(_, c)| !is_word(c)) {
            chars.next();
        }
        let (at, _) = *chars.peek()?;
        start.get_or_insert(at);
        while let Some(&(i, c)) = chars.peek().filter(|&&(_, c)| is_word(c)) {
            end = i + c.len_utf8();
            chars.next();
        }
    }
    let marker = text.get(start?..end)?.to_string();
    let after = text.get(end..)?;
    let gap_end = after.find(is_word).unwrap_or(after.len());
    let gap = after.get(..gap_end)?;
    let follow = if gap_end == after.len() {
        Follow::Nothing
    } else if gap.contains([':', '：', '…', '-', '–', '—', '|', '»', '>', '/']) || gap.contains("..") {
        Follow::Separator
    } else {
        Follow::Words
    };
    Some(Opening { marker, words, follow })
}

/// The related-links marker that opens the line, as written, and whether a
/// headline follows it on the line; `None` when there is no marker, or when
/// words follow it without a separator.
fn related_links_marker(line: &Line<'_>) -> Option<(String, bool)> {
    let opening = opening_phrase(line, READ_ALSO)?;
    match opening.follow {
        Follow::Nothing => Some((opening.marker, false)),
        Follow::Separator => Some((opening.marker, true)),
        Follow::Words => None,
    }
}

/// Whether `key` (a folded key) is, whole, one phrase of LEXICON family `family`.
pub(crate) fn is_family_phrase(key: &str, family: usize) -> bool {
    let mut tokens = key.split(' ').filter(|t| !t.is_empty());
    let Some(first) = tokens.next() else { return false };
    let rest: Vec<&str> = tokens.collect();
    lexicon().by_first.get(first).is_some_and(|candidates| {
        candidates
            .iter()
            .any(|(f, tail)| *f == family && tail.len() == rest.len() && tail.iter().zip(&rest).all(|(a, b)| a == b))
    })
}

/// Whether a LEXICON key is a prose function word (`the`, `في`, `der`).
pub(crate) fn is_function_word(key: &str) -> bool {
    lexicon().function_words.contains(key)
}

/// Lines under a bare "read also" / related-links header: the headlines of other
/// stories it introduces.
fn mark_related_lists(ctx: &Context<'_>, features: &mut [LineFeatures]) {
    for block in related_links(ctx) {
        for i in block.items {
            if let Some(f) = features.get_mut(i) {
                f.under_related = 1.0;
            }
        }
    }
}

fn line_features(ctx: &Context<'_>, line: &Line<'_>, page: &Page, lex: &Lexicon, first: Option<usize>) -> LineFeatures {
    let mut f = LineFeatures::default();
    // Chinese and Japanese write no spaces: two characters count as a word there.
    let words = page.words(line);
    f.one_word = flag(words <= 1);
    f.two_three_words = flag((2..=3).contains(&words));
    f.four_seven_words = flag((4..=7).contains(&words));
    f.eight_fifteen_words = flag((8..=15).contains(&words));
    f.long_line = flag(words >= 16);

    let text = line.trimmed();
    let end = text.trim_end_matches(['"', '\'', '”', '“', '»', '«', ')', '(', ']', '’', ' ']);
    let last = end.chars().last();
    f.ends_ellipsis = flag(end.ends_with("...") || end.ends_with('…') || end.ends_with(".."));
    f.ends_sentence = flag(f.ends_ellipsis == 0.0 && matches!(last, Some('.' | '!' | '?' | '؟' | '。' | '！' | '？')));
    f.ends_comma = flag(matches!(last, Some('،' | ',' | '؛' | ';')));
    f.ends_colon = flag(matches!(last, Some(':' | '：')));
    f.ends_bare = flag(f.ends_sentence + f.ends_comma + f.ends_colon + f.ends_ellipsis == 0.0);
    let inner = end.get(..end.len().saturating_sub(last.map_or(0, char::len_utf8))).unwrap_or(end);
    f.inner_comma = flag(inner.contains(['،', ',', '؛', ';']));
    f.bulleted = flag(is_bulleted(text));
    f.numbered = flag(starts_with_list_number(text));

    let (separators, items) = separated_items(text);
    f.separators = (separators as f32 / 2.0).min(1.0);
    // "Home | World | Sport": a title with its site ("Headline | Reuters") has one
    // separator, and a sentence with dashes has long parts.
    f.menu = flag(separators >= 2 && items >= MENU_ITEMS && words <= items * MENU_ITEM_WORDS);
    // Each scan runs only when the byte it needs is on the line.
    let has = |b: u8| text.as_bytes().contains(&b);
    if has(b'.') || has(b':') {
        let lower = text.to_ascii_lowercase();
        f.url = flag(
            lower.contains("http://") || lower.contains("https://") || lower.contains("www.") || has_domain(&lower),
        );
    }
    if has(b'@') {
        f.email = flag(text.split_whitespace().any(is_email));
        f.handle = flag(
            text.split_whitespace().any(|t| t.starts_with('@') && t.chars().nth(1).is_some_and(char::is_alphanumeric)),
        );
    }
    if has(b'#') {
        f.hashtag = flag(
            text.split_whitespace().any(|t| t.starts_with('#') && t.chars().nth(1).is_some_and(char::is_alphanumeric)),
        );
    }
    f.phone = flag(text.bytes().filter(u8::is_ascii_digit).count() >= 8 && looks_like_phone(text));
    f.copyright = flag(text.contains('©') || (has(b'(') && text.to_ascii_lowercase().contains("(c)")));
    let dated = !ctx.dates_of(line.index).is_empty();
    f.date = flag(dated);
    f.date_short = flag(dated && words <= 8);

    let (mut digits, mut visible, mut latin_words, mut capitalized) = (0usize, 0usize, 0usize, 0usize);
    let (mut arabic_letters, mut latin_letters) = (0usize, 0usize);
    for c in text.chars() {
        if c.is_whitespace() {
            continue;
        }
        visible += 1;
        if c.is_numeric() {
            digits += 1;
        } else if normalize::is_arabic_letter(c) {
            arabic_letters += 1;
        } else if normalize::is_latin_letter(c) {
            latin_letters += 1;
        }
    }
    for w in text.split_whitespace().filter(|_| latin_letters > 0) {
        if let Some(c) = w.chars().find(|c| c.is_alphabetic()) {
            if normalize::is_latin_letter(c) && w.chars().filter(|c| c.is_alphabetic()).count() > 3 {
                latin_words += 1;
                capitalized += usize::from(c.is_uppercase());
            }
        }
    }
    f.no_letters = flag(!text.chars().any(char::is_alphanumeric));
    f.digit_share = if visible == 0 { 0.0 } else { digits as f32 / visible as f32 };
    f.title_case = if latin_words >= 2 { capitalized as f32 / latin_words as f32 } else { 0.0 };
    let letters = arabic_letters + latin_letters;
    f.foreign_script =
        flag(letters > 0 && if page.arabic { latin_letters * 2 > letters } else { arabic_letters * 2 > letters });

    let tokens: Vec<&str> = if line.key.is_empty() { Vec::new() } else { line.key.split(' ').collect() };
    let function = tokens.iter().filter(|t| lex.function_words.contains(**t)).count();
    f.function_words = if tokens.is_empty() { 0.0 } else { (function as f32 / tokens.len() as f32 * 3.0).min(1.0) };
    f.no_function_words = flag(tokens.len() >= 3 && function == 0);

    if let Some(m) = ctx.phrase_match(line.index) {
        let mode = ctx.phrases.phrases.get(m.phrase).map(|p| p.mode);
        match mode {
            Some(crate::phrases::MatchMode::Contains) => f.phrase_contains = 1.0,
            _ if m.similarity >= 1.0 => f.phrase_line = 1.0,
            _ => f.phrase_fuzzy = 1.0,
        }
    }

    // A furniture word counts fully at the start of a line or on a short one; inside a
    // longer line it is often ordinary prose ("by", "منذ", "vor"), so it counts half.
    let mut families = [0f32; LEXICON.len()];
    let mut starts = [0f32; LEXICON.len()];
    let mut at_start = false;
    // One hash lookup per token: the phrases that start with it, then their other tokens.
    for (at, token) in tokens.iter().enumerate() {
        let Some(candidates) = lex.by_first.get(*token) else { continue };
        let rest = tokens.get(at + 1..).unwrap_or_default();
        for (family, tail) in candidates {
            if tail.len() > rest.len() || !tail.iter().zip(rest).all(|(a, b)| a == b) {
                continue;
            }
            // One word on a long line is weak evidence wherever it stands: "شارك" (took part),
            // "السابق" (former), "share" are prose words too. Phrases and short lines count fully.
            let single_in_prose = tail.is_empty() && words > 8;
            let strength = if (at == 0 || words <= 8) && !single_in_prose { 1.0 } else { 0.5 };
            if let Some(slot) = families.get_mut(*family) {
                *slot = slot.max(strength);
            }
            if at == 0 && !single_in_prose {
                if let Some(slot) = starts.get_mut(*family) {
                    *slot = 1.0;
                }
            }
            at_start |= at == 0;
        }
    }
    // In LEXICON order (the pattern fails to compile if a family is added or removed).
    let [read_also, share, subscribe, cookie, rights, comments, advert, click, media, source, byline, time, navigation, empty] =
        families;
    f.lex_read_also = read_also;
    f.lex_share = share;
    f.lex_subscribe = subscribe;
    f.lex_cookie = cookie;
    f.lex_rights = rights;
    f.lex_comments = comments;
    f.lex_advert = advert;
    f.lex_click = click;
    f.lex_media = media;
    f.lex_source = source;
    f.lex_byline = byline;
    f.lex_time = time;
    f.lex_navigation = navigation;
    f.lex_empty = empty;
    let [s_read_also, s_share, s_subscribe, s_cookie, s_rights, s_comments, s_advert, s_click, s_media, s_source, s_byline, s_time, s_navigation, s_empty] =
        starts;
    f.start_read_also = s_read_also;
    f.start_share = s_share;
    f.start_subscribe = s_subscribe;
    f.start_cookie = s_cookie;
    f.start_rights = s_rights;
    f.start_comments = s_comments;
    f.start_advert = s_advert;
    f.start_click = s_click;
    f.start_media = s_media;
    f.start_source = s_source;
    f.start_byline = s_byline;
    f.start_time = s_time;
    f.start_navigation = s_navigation;
    f.start_empty = s_empty;
    let any_family = families.iter().any(|v| *v > 0.0);
    f.lex_at_start = flag(at_start);
    f.lex_short = flag(any_family && words <= 6);

    match ctx.body {
        Some((first, _)) if line.index < first => f.before_body = 1.0,
        Some((_, last)) if line.index > last => f.after_body = 1.0,
        Some(_) => f.inside_body = 1.0,
        None => f.no_body = 1.0,
    }
    f.first_line = flag(first == Some(line.index));
    f.last_line = flag(ctx.lines.iter().rposition(|l| !l.is_blank()) == Some(line.index));
    let outside_by = match ctx.body {
        Some((first, _)) if line.index < first => Some(count_content(ctx, line.index, first)),
        Some((_, last)) if line.index > last => Some(count_content(ctx, last, line.index)),
        _ => None,
    };
    f.near_body = flag(outside_by.is_some_and(|d| (1..=3).contains(&d)));
    f.far_from_body = flag(outside_by.is_some_and(|d| d > 10));
    let is_short = words <= 3;
    f.short_inside = flag(is_short && f.inside_body > 0.0);
    f.short_outside = flag(is_short && f.inside_body == 0.0);
    let window = window(ctx, line.index, 3);
    if !window.is_empty() {
        let n = window.len() as f32;
        f.window_short = window.iter().filter(|l| page.words(l) <= 3).count() as f32 / n;
        f.window_prose = window.iter().filter(|l| page.prose(l)).count() as f32 / n;
    }
    let (before, after) = ctx.neighbours(line.index);
    f.prev_short = flag(before.is_some_and(|l| page.short(l)));
    f.next_short = flag(after.is_some_and(|l| page.short(l)));
    f.prev_prose = flag(before.is_some_and(|l| page.prose(l)));
    f.next_prose = flag(after.is_some_and(|l| page.prose(l)));
    f.short_run = flag(words <= 4 && in_short_run(ctx, page, line.index));
    f.after_colon = flag(before.is_some_and(|b| b.trimmed().trim_end().ends_with([':', '：'])));
    f.repeated = flag(!line.key.is_empty() && page.repeated.contains(&line.key));
    f
}

/// Non-blank lines strictly between two line indexes, plus one: how many steps apart they are.
fn count_content(ctx: &Context<'_>, from: usize, to: usize) -> usize {
    ctx.lines.get(from + 1..to).unwrap_or_default().iter().filter(|l| !l.is_blank()).count() + 1
}

/// Up to `n` non-blank lines on each side of `index`.
fn window<'c, 'a>(ctx: &'c Context<'a>, index: usize, n: usize) -> Vec<&'c Line<'a>> {
    let before = ctx.lines.get(..index).unwrap_or_default().iter().rev().filter(|l| !l.is_blank()).take(n);
    let after = ctx.lines.get(index + 1..).unwrap_or_default().iter().filter(|l| !l.is_blank()).take(n);
    before.chain(after).collect()
}

/// This line and at least two neighbours on either side in a row are short (≤ 4 words).
fn in_short_run(ctx: &Context<'_>, page: &Page, index: usize) -> bool {
    let is_short = |l: &Line<'_>| page.words(l) <= 4;
    let before = ctx.lines.get(..index).unwrap_or_default().iter().rev().filter(|l| !l.is_blank()).take(2);
    let after = ctx.lines.get(index + 1..).unwrap_or_default().iter().filter(|l| !l.is_blank()).take(2);
    let run_before = before.take_while(|l| is_short(l)).count();
    let run_after = after.take_while(|l| is_short(l)).count();
    run_before + run_after >= 2
}

fn is_email(token: &str) -> bool {
    let t = token.trim_matches(|c: char| !c.is_alphanumeric());
    match t.split_once('@') {
        Some((user, host)) => !user.is_empty() && host.contains('.') && !host.starts_with('.'),
        None => false,
    }
}

fn has_domain(lower: &str) -> bool {
    const TLDS: &[&str] = &[".com", ".net", ".org", ".co.", ".gov", ".info", ".tv", ".fr", ".de", ".uk"];
    lower.split_whitespace().filter(|t| t.contains('.')).any(|t| {
        let t = t.trim_matches(|c: char| !c.is_alphanumeric());
        TLDS.iter()
            .any(|tld| t.contains(tld) && t.chars().next().is_some_and(char::is_alphanumeric) && !t.contains('@'))
    })
}

fn looks_like_phone(text: &str) -> bool {
    // Eight or more digits held together by phone punctuation, and little else.
    text.split(|c: char| !(c.is_ascii_digit() || matches!(c, '+' | '-' | ' ' | '(' | ')' | '.')))
        .any(|run| run.chars().filter(char::is_ascii_digit).count() >= 8 && run.trim().starts_with(['+', '0', '(']))
}

/// A logistic model over [`FEATURES`].
#[derive(Debug, Clone, PartialEq)]
pub struct LineModel {
    pub bias: f32,
    /// One weight per entry of [`FEATURES`], in that order.
    pub weights: Vec<f32>,
    /// Lines whose probability reaches this are junk.
    pub threshold: f32,
    /// Where the model came from (the first comment lines of its file).
    pub provenance: String,
}

/// One feature's part in a score.
#[derive(Debug, Clone, PartialEq)]
pub struct Contribution {
    pub feature: &'static str,
    pub reason: &'static str,
    pub value: f32,
}

impl LineModel {
    /// The model trained from this project's hand labels (`data/line_model.tsv`).
    pub fn builtin() -> &'static LineModel {
        static BUILTIN: OnceLock<LineModel> = OnceLock::new();
        BUILTIN.get_or_init(|| {
            // The built-in file is tested to parse; an empty model flags nothing.
            LineModel::parse(include_str!("../data/line_model.tsv")).unwrap_or_else(|_| LineModel::empty())
        })
    }

    /// A model that never flags a line.
    pub fn empty() -> LineModel {
        LineModel { bias: -10.0, weights: vec![0.0; FEATURES.len()], threshold: 1.0, provenance: String::new() }
    }

    /// Reads the TSV written by [`LineModel::to_tsv`]: `threshold`, `bias` and
    /// one `feature NAME WEIGHT` row per feature; `#` lines are comments.
    pub fn parse(text: &str) -> Result<LineModel, String> {
        let mut model =
            LineModel { bias: 0.0, weights: vec![0.0; FEATURES.len()], threshold: 0.5, provenance: String::new() };
        let mut seen = vec![false; FEATURES.len()];
        for (n, raw) in text.lines().enumerate() {
            let line = raw.trim_end();
            if let Some(comment) = line.strip_prefix('#') {
                model.provenance.push_str(comment.trim());
                model.provenance.push('\n');
                continue;
            }
            if line.is_empty() {
                continue;
            }
            let cols: Vec<&str> = line.split('\t').collect();
            let number = |s: Option<&&str>| -> Result<f32, String> {
                s.and_then(|v| v.parse::<f32>().ok())
                    .filter(|v| v.is_finite())
                    .ok_or_else(|| format!("line {}: not a number", n + 1))
            };
            match cols.first().copied() {
                Some("threshold") => model.threshold = number(cols.get(1))?,
                Some("bias") => model.bias = number(cols.get(1))?,
                Some("feature") => {
                    let name = cols.get(1).copied().unwrap_or_default();
                    let Some(i) = FEATURES.iter().position(|(f, _)| *f == name) else {
                        return Err(format!(
                            "line {}: unknown feature `{name}` (a model from another seedlint version?)",
                            n + 1
                        ));
                    };
                    if let (Some(w), Some(s)) = (model.weights.get_mut(i), seen.get_mut(i)) {
                        *w = number(cols.get(2))?;
                        *s = true;
                    }
                }
                Some(other) => return Err(format!("line {}: unknown row `{other}`", n + 1)),
                None => {}
            }
        }
        if let Some(i) = seen.iter().position(|s| !s) {
            let name = FEATURES.get(i).map_or("?", |(f, _)| *f);
            return Err(format!("feature `{name}` has no weight (a model from another seedlint version?)"));
        }
        if !(0.0..=1.0).contains(&model.threshold) {
            return Err("threshold must be between 0 and 1".into());
        }
        Ok(model)
    }

    pub fn to_tsv(&self) -> String {
        let mut out = String::new();
        for line in self.provenance.lines() {
            out.push_str(&format!("# {line}\n"));
        }
        out.push_str(&format!("threshold\t{:.4}\nbias\t{:.6}\n", self.threshold, self.bias));
        for ((name, _), w) in FEATURES.iter().zip(&self.weights) {
            out.push_str(&format!("feature\t{name}\t{w:.6}\n"));
        }
        out
    }

    /// The probability that a line with these features is junk.
    pub fn probability(&self, features: &LineFeatures) -> f32 {
        let z = self.bias + features.dot(&self.weights);
        1.0 / (1.0 + (-z).exp())
    }

    /// Each feature present on the line with its weight, largest push towards junk first.
    pub fn contributions(&self, features: &LineFeatures) -> Vec<Contribution> {
        let mut out: Vec<Contribution> = FEATURES
            .iter()
            .zip(features.values())
            .zip(&self.weights)
            .filter(|((_, x), w)| *x != 0.0 && **w != 0.0)
            .map(|(((feature, reason), x), w)| Contribution { feature, reason, value: x * w })
            .collect();
        out.sort_by(|a, b| b.value.total_cmp(&a.value));
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::phrases::PhraseSet;
    use crate::settings::Settings;

    fn feats(text: &str) -> Vec<LineFeatures> {
        let settings = Settings::default();
        let phrases = PhraseSet::new(PhraseSet::builtin_phrases());
        let ctx = Context::new(text, &settings, &phrases, None, None);
        features(&ctx)
    }

    #[test]
    fn the_builtin_model_parses_and_round_trips() {
        let text = include_str!("../data/line_model.tsv");
        let model = LineModel::parse(text).unwrap();
        assert_eq!(LineModel::parse(&model.to_tsv()).unwrap(), model);
        assert_eq!(model.weights.len(), FEATURES.len());
    }

    #[test]
    fn family_indexes_name_their_families() {
        assert_eq!(LEXICON[READ_ALSO].0, "read-also");
        assert_eq!(LEXICON[SOURCE_CREDIT].0, "source-credit");
    }

    #[test]
    fn feature_names_are_unique() {
        let mut names: Vec<_> = FEATURES.iter().map(|(n, _)| *n).collect();
        names.sort_unstable();
        let before = names.len();
        names.dedup();
        assert_eq!(names.len(), before);
    }

    #[test]
    fn a_menu_has_three_short_items_between_separators() {
        let text = "شروط الخدمة | بيان الخصوصية | الإعلانات | من نحن؟\nCOMMENTS | PRINT | EMAIL |\n\
                    معارضون يسيطرون على مخازن للصواريخ بريف دمشق | CNN\n\
                    قال الوزير - في مؤتمر صحفي عقده أمس في العاصمة - إن المفاوضات مستمرة - وإن الاتفاق قريب\n";
        let menus: Vec<f32> = feats(text).iter().take(4).map(|f| f.menu).collect();
        assert_eq!(menus, [1.0, 1.0, 0.0, 0.0]);
    }

    #[test]
    fn features_describe_furniture_and_prose() {
        let body = "قال وزير الدفاع الإسرائيلي بيني غانتس، إن الرباط وتل أبيب بحاجة لتعميق التحالفات في المنطقة كلها.";
        let text =
            format!("الرئيسية | أخبار | رياضة\nاقرأ أيضا: خبر آخر عن الموضوع\n{body}\n{body}\nتابعونا على فيسبوك\n");
        let f = feats(&text);
        assert_eq!(f[0].separators, 1.0);
        assert_eq!(f[0].menu, 1.0);
        assert_eq!(f[1].menu, 0.0);
        assert_eq!(f[0].lex_navigation, 1.0);
        assert_eq!(f[0].before_body, 1.0);
        assert_eq!(f[1].lex_read_also, 1.0);
        assert_eq!(f[1].lex_at_start, 1.0);
        assert_eq!(f[1].ends_bare, 1.0);
        assert_eq!(f[2].ends_sentence, 1.0);
        assert_eq!(f[2].inner_comma, 1.0);
        assert!(f[2].function_words > 0.5);
        assert_eq!(f[2].repeated, 1.0);
        assert_eq!(f[4].lex_share, 1.0);
        assert_eq!(f[4].after_body, 1.0);
    }

    #[test]
    fn repeated_cards_are_marked_but_tables_and_live_blogs_are_not() {
        let body = "The collision dented the vessel's front section, the bureau said in a statement on Monday.";
        let most_read = format!(
            "{body}\n{body} Again.\nMost Popular\n1\nCGA expels Chinese vessels from Taiwan waters\n2\nUS military declines to fire a Marine\n3\nTaiwan on alert over Chinese carrier\nCopyright 2024\n"
        );
        let marks = |text: &str| feats(text).iter().map(|f| f.in_cards).collect::<Vec<_>>();
        assert_eq!(marks(&most_read), [0.0, 0.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 0.0]);
        let comments = "Réagir à cet article\nmarie75\nBonne chose mais réaction paradoxale de la part du gouvernement\nRépondre\npaul\nJe ne vois rien de vendable dans cette affaire\nRépondre\njean\nOn n'a jamais autant privatisé que sous Mitterrand\nRépondre\n";
        assert!(marks(comments).iter().skip(1).take(9).all(|m| *m == 1.0), "{:?}", marks(comments));
        let table =
            "Herbert Dürr\n63\n16.6%\nJürgen Schmidt\n56\n14.7%\nArmin Le Grand\n56\n14.7%\nKay Schenk\n27\n7.1%\n";
        assert!(marks(table).iter().all(|m| *m == 0.0));
        let live = format!("10:45\n{body}\n{body}\n11:20\n{body}\n{body}\n12:05\n{body}\n{body}\n13:30\n{body}\n");
        assert!(marks(&live).iter().all(|m| *m == 0.0));
    }

    #[test]
    fn read_also_is_found_in_its_spellings_and_the_list_under_it_marked() {
        let body = "قال وزير الدفاع الإسرائيلي بيني غانتس، إن الرباط وتل أبيب بحاجة لتعميق التحالفات في المنطقة كلها.";
        let text = format!(
            "{body}\nاقرأ أيضاً:\nلماذا تتدهور الليرة التركية؟\nأردوغان يعين صهره وزيرا للمالية وانخفاض الليرة التركية\n{body}\nإقرأ أيضا: خبر\nاقرأ.. خبر آخر\n{body}\n"
        );
        let f = feats(&text);
        for (line, f) in f.iter().enumerate().filter(|(i, _)| [1, 5, 6].contains(i)) {
            assert_eq!(f.start_read_also, 1.0, "line {line}");
        }
        assert_eq!((f[2].under_related, f[3].under_related, f[4].under_related), (1.0, 1.0, 0.0));
        let rule = feats("----------\n×××\n* * *\n09:10\n");
        assert_eq!(rule.iter().map(|f| f.no_letters).collect::<Vec<_>>(), [1.0, 1.0, 1.0, 0.0]);
    }

    #[test]
    fn bad_models_are_refused_with_a_reason() {
        assert!(LineModel::parse("feature\tno-such\t1\n").unwrap_err().contains("unknown feature"));
        assert!(LineModel::parse("threshold\t0.5\nbias\t0\n").unwrap_err().contains("has no weight"));
        assert!(LineModel::parse("threshold\tNaN\n").unwrap_err().contains("not a number"));
    }
}
