#!/usr/bin/env python3
"""A deterministic generator of realistic scraped news pages, for benchmarks.

Usage:
  bench/gen_corpus.py --size 100MB --out DIR [--format txt|jsonl] [--seed 1] [--shards 4] [--zstd]

Pages are built from a vocabulary and sentence templates (not copies of the
seeds), in the proportions seen in scraped Arabic news: about 90% Arabic and
10% English pages, from 12 invented sites, each with its own navigation,
widgets and footer. A page has a title, often a dateline (Maghrebi, Levantine
or Egyptian/Gulf month names; Western or Arabic-Indic digits) and a byline,
5 to 14 body paragraphs, and, at the scraper's usual rates: teaser lists and a
breaking-news tag on top, the lead repeated at the bottom, a near-duplicate
paragraph, image file names, share/newsletter widgets, words glued where links
were, stray double spaces and zero-width characters.

The same --seed and --size always give the same bytes. txt writes one file per
page under DIR/<site>/; jsonl writes DIR/part-NNNNN.jsonl(.zst) shards of
records {id, url, title, text}.
"""
import argparse
import json
import os
import random
import subprocess
import sys

ROLES = ["وزير الخارجية", "وزير الدفاع", "رئيس الوزراء", "الرئيس", "المتحدث باسم الحكومة", "السفير",
         "رئيس البرلمان", "الأمين العام", "وزير الاقتصاد", "قائد الجيش", "المبعوث الأممي", "وزيرة الصحة",
         "مدير الأمن", "العقيد", "السكرتير العام", "رئيس البلدية", "النائب", "المحلل السياسي"]
FIRST = ["محمد", "أحمد", "يوسف", "عبد اللطيف", "خالد", "سمير", "ليلى", "فاطمة", "عمر", "حسن", "نادية", "كريم",
         "سعيد", "مريم", "جمال", "رشيد", "هشام", "سلمى", "إبراهيم", "علي", "بيني", "ناصر", "طارق", "هدى"]
LAST = ["العلوي", "بنعلي", "الحسيني", "غانتس", "لوديي", "الشامي", "المصري", "بوريطة", "الزياني", "حداد",
        "الخطيب", "العمراني", "التازي", "الفاسي", "النجار", "منصور", "عيسى", "سليمان", "القاسمي", "الراشد"]
PLACES = ["الرباط", "الدار البيضاء", "تل أبيب", "القدس", "بيروت", "دمشق", "القاهرة", "عمان", "بغداد",
          "طهران", "الرياض", "الدوحة", "أبوظبي", "تونس", "الجزائر", "طرابلس", "الخرطوم", "صنعاء", "غزة",
          "واشنطن", "موسكو", "باريس", "لندن", "بكين", "أنقرة", "جنيف", "نيويورك", "مدريد", "برلين"]
COUNTRIES = ["المغرب", "إسرائيل", "لبنان", "سوريا", "مصر", "الأردن", "العراق", "إيران", "السعودية", "قطر",
             "الإمارات", "تونس", "الجزائر", "ليبيا", "السودان", "اليمن", "فلسطين", "تركيا", "روسيا", "الصين",
             "فرنسا", "إسبانيا", "ألمانيا", "الولايات المتحدة", "بريطانيا"]
ORGS = ["الأمم المتحدة", "الاتحاد الأوروبي", "جامعة الدول العربية", "مجلس الأمن", "البنك الدولي",
        "صندوق النقد الدولي", "منظمة الصحة العالمية", "القوات المسلحة الملكية", "جبهة البوليساريو",
        "الاتحاد الأفريقي", "منظمة التعاون الإسلامي", "الوكالة الدولية للطاقة الذرية"]
NOUNS = ["الاتفاق", "المفاوضات", "الأزمة", "الحكومة", "البرلمان", "الانتخابات", "الاقتصاد", "الصادرات",
         "الاستثمارات", "المشروع", "الميزانية", "الأسعار", "التضخم", "الحدود", "المعابر", "الأسرى", "اللاجئين",
         "المساعدات", "العقوبات", "التعاون", "الأمن", "الطاقة", "المياه", "الزراعة", "السياحة", "التعليم",
         "الصحة", "الجفاف", "الاحتجاجات", "الهدنة", "المصالحة", "الدستور", "القمة", "الزيارة", "المؤتمر"]
ADJS = ["الجديد", "الكبير", "الأخير", "الحالي", "المقبل", "الرسمي", "المشترك", "الإقليمي", "الدولي",
        "الاقتصادي", "السياسي", "العسكري", "الإنساني", "التاريخي", "الاستراتيجي", "المحلي"]
VERBS_PAST = ["أعلن", "أكد", "أوضح", "كشف", "أشار", "نفى", "حذر", "دعا", "طالب", "رحب", "انتقد", "اعتبر"]
SPEECH = ["قال", "وقال", "وأضاف", "وتابع", "وأكد", "وأوضح", "وأشار", "ولفت"]
CONNECT = ["في حين", "بينما", "كما", "إلى جانب ذلك", "من جهة أخرى", "وفي السياق نفسه", "في المقابل", "لذلك"]
TIMES = ["اليوم الاثنين", "يوم الثلاثاء", "أمس الأربعاء", "مساء الخميس", "صباح الجمعة", "السبت الماضي",
         "الأسبوع المقبل", "خلال الأشهر المقبلة", "منذ بداية العام", "في وقت سابق", "الشهر الماضي"]
NUMS = ["ثلاثة", "خمسة", "عشرة", "عشرين", "مئة", "ألف", "مليون", "مليار", "نحو نصف", "أكثر من ثلث"]
UNITS = ["دولار", "درهم", "جنيه", "شخص", "طن", "كيلومتر", "مشروع", "عائلة", "طالب", "جندي"]

SENTENCES = [
    "{speech} {role} {person} إن {noun} {adj} {verb2} {prep} {place} {time}.",
    "{verb} {role} {person} {time} أن {noun} {adj} سيشمل {noun2} و{noun3} في {country}.",
    "وتأتي هذه الخطوة في ظل {noun} {adj} التي تشهدها {country} منذ {time2}، بحسب ما أفادت به مصادر مطلعة.",
    "{connect}، دعت {org} إلى {noun_v} {noun} ووقف {noun2} في {place} بشكل فوري.",
    "وبلغت قيمة {noun} {adj} {num} {unit}، وفق أرقام نشرتها {org} {time}.",
    "ويرى مراقبون أن {noun} بين {country} و{country2} قد يفتح الباب أمام {noun2} {adj} في المنطقة.",
    "{speech} {person} في تصريح صحفي إن \"{noun} ليس خيارا بل ضرورة\"، مشيرا إلى أن {noun2} {verb2} {time}.",
    "وشارك في {noun_event} وفود من {num2} دولة، من بينها {country} و{country2} و{country3}.",
    "وكانت {org} قد حذرت في تقرير سابق من تداعيات {noun} على {noun2} و{noun3} في {place}.",
    "ومن المنتظر أن يعقد {role} {person} لقاء مع نظيره في {place} لبحث {noun} و{noun2}.",
]
EN_SENTENCES = [
    "The {en_role} said on {en_day} that the {en_noun} would be discussed in {en_place} next week.",
    "Officials in {en_place} confirmed that talks on the {en_noun} had resumed after a pause of several months.",
    "According to figures released by the {en_org}, the {en_noun} reached {en_num} million dollars last year.",
    "Analysts say the {en_noun} between the two countries could reshape the region's {en_noun2}.",
    "The {en_org} called for an immediate halt to the {en_noun} and urged all parties to return to dialogue.",
    "In a statement, the {en_role} described the {en_noun} as a historic step for the {en_noun2}.",
]
EN = {
    "en_role": ["foreign minister", "defence minister", "prime minister", "spokesman", "ambassador", "UN envoy"],
    "en_day": ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"],
    "en_noun": ["agreement", "negotiations", "crisis", "budget", "ceasefire", "trade deal", "summit", "aid package"],
    "en_noun2": ["security", "economy", "energy market", "water supply", "tourism sector", "balance of power"],
    "en_place": ["Rabat", "Tel Aviv", "Beirut", "Cairo", "Geneva", "Washington", "Doha", "Amman"],
    "en_org": ["United Nations", "European Union", "World Bank", "Arab League", "IMF", "African Union"],
    "en_num": ["12", "250", "3.4", "780", "1,200", "45"],
}

MONTHS = {
    "maghreb": ["يناير", "فبراير", "مارس", "أبريل", "ماي", "يونيو", "يوليوز", "غشت", "شتنبر", "أكتوبر", "نونبر", "دجنبر"],
    "levant": ["كانون الثاني", "شباط", "آذار", "نيسان", "أيار", "حزيران", "تموز", "آب", "أيلول", "تشرين الأول",
               "تشرين الثاني", "كانون الأول"],
    "gulf": ["يناير", "فبراير", "مارس", "أبريل", "مايو", "يونيو", "يوليو", "أغسطس", "سبتمبر", "أكتوبر", "نوفمبر",
             "ديسمبر"],
}
WEEKDAYS = ["الاثنين", "الثلاثاء", "الأربعاء", "الخميس", "الجمعة", "السبت", "الأحد"]
ARABIC_INDIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")

SITES = [
    # name, host, month family, nav, widget, footer
    ("akhbar", "akhbar-alyawm.example", "gulf", ["الرئيسية", "سياسة", "اقتصاد", "رياضة", "ثقافة", "منوعات"],
     "تابعونا على تلغرام", "جميع الحقوق محفوظة لأخبار اليوم © 2023"),
    ("maghrebnews", "maghrebnews.example.ma", "maghreb", ["الرئيسية", "وطني", "جهات", "مجتمع", "فن", "رياضة"],
     "اشترك في النشرة البريدية", "© 2023 مغرب نيوز. جميع الحقوق محفوظة"),
    ("sham", "sham-press.example", "levant", ["الرئيسية", "محليات", "عربي ودولي", "اقتصاد", "آراء"],
     "شارك المقال", "حقوق النشر محفوظة لشام برس 2023"),
    ("nile", "nile-today.example.eg", "gulf", ["أخبار مصر", "حوادث", "اقتصاد", "رياضة", "فن", "المزيد"],
     "اضغط هنا للاشتراك في قناتنا على يوتيوب", "جميع الحقوق محفوظة لموقع النيل اليوم"),
    ("khaleej", "alkhaleej-news.example", "gulf", ["محليات", "الخليج", "العالم", "اقتصاد", "رياضة"],
     "حمّل تطبيقنا على أندرويد و iOS", "الخليج نيوز © جميع الحقوق محفوظة"),
    ("atlas", "atlas24.example.ma", "maghreb", ["سياسة", "اقتصاد", "مجتمع", "دولي", "فيديو"],
     "تابعوا آخر الأخبار على قناتنا", "أطلس 24 - جميع الحقوق محفوظة"),
    ("levantpost", "levant-post.example", "levant", ["لبنان", "سوريا", "فلسطين", "الأردن", "العراق"],
     "انضم إلى قناتنا على واتساب", "ليفانت بوست © 2023"),
    ("sahara", "sahara-info.example", "maghreb", ["الرئيسية", "أخبار", "تحقيقات", "حوارات", "رأي"],
     "علق على الخبر", "صحراء إنفو: جميع الحقوق محفوظة"),
    ("gulfdaily", "gulf-daily.example", "gulf", ["Home", "World", "Business", "Sport", "Opinion"],
     "Share this article", "© 2023 Gulf Daily. All rights reserved."),
    ("orient", "orient-today.example", "levant", ["أخبار", "تقارير", "مقالات", "صور", "فيديو"],
     "أضف تعليقك", "أوريانت اليوم © جميع الحقوق محفوظة"),
    ("qudsnet", "qudsnet.example", "levant", ["القدس", "الضفة", "غزة", "الداخل", "الأسرى"],
     "تابعونا على فيسبوك", "شبكة القدس © 2023"),
    ("sudanow", "sudanow.example", "gulf", ["الأخبار", "السياسة", "الاقتصاد", "الرياضة", "المجتمع"],
     "اقرأ أيضا", "سودان ناو - جميع الحقوق محفوظة"),
]
GENERIC = ["عاجل", "الأكثر قراءة", "اقرأ أيضا", "No stories found.", "مواضيع ذات صلة", "شارك", "العودة للأعلى"]


class Page:
    def __init__(self, rng):
        self.rng = rng

    def pick(self, xs):
        return xs[self.rng.randrange(len(xs))]

    def person(self):
        return f"{self.pick(FIRST)} {self.pick(LAST)}"

    def sentence(self):
        t = self.pick(SENTENCES)
        return t.format(
            speech=self.pick(SPEECH), role=self.pick(ROLES), person=self.person(), noun=self.pick(NOUNS),
            noun2=self.pick(NOUNS), noun3=self.pick(NOUNS), adj=self.pick(ADJS),
            verb=self.pick(VERBS_PAST), verb2=self.pick(["سيعزز", "يهدد", "سيدعم", "قد يؤخر", "يمهد لـ"]),
            prep=self.pick(["في", "مع", "داخل", "قرب"]), place=self.pick(PLACES), time=self.pick(TIMES),
            time2=self.pick(["سنوات", "أشهر", "بداية العام", "العام الماضي"]), connect=self.pick(CONNECT),
            org=self.pick(ORGS), noun_v=self.pick(["وقف", "تعزيز", "مراجعة", "تسريع"]), num=self.pick(NUMS),
            unit=self.pick(UNITS), country=self.pick(COUNTRIES), country2=self.pick(COUNTRIES),
            country3=self.pick(COUNTRIES), num2=str(self.rng.randint(3, 60)),
            noun_event=self.pick(["المؤتمر", "القمة", "الاجتماع", "المنتدى"]),
        )

    def en_sentence(self):
        t = self.pick(EN_SENTENCES)
        return t.format(**{k: self.pick(v) for k, v in EN.items()})

    def paragraph(self, english):
        n = self.rng.randint(1, 4)
        return " ".join(self.en_sentence() if english else self.sentence() for _ in range(n))

    def dateline(self, family):
        y, m, d = self.rng.randint(2019, 2024), self.rng.randint(1, 12), self.rng.randint(1, 28)
        import datetime
        wd = WEEKDAYS[datetime.date(y, m, d).weekday()]
        s = f"{wd} {d} {MONTHS[family][m - 1]} {y}"
        if self.rng.random() < 0.3:
            s = s.translate(ARABIC_INDIC)
        if self.rng.random() < 0.3:
            s += f" - {self.rng.randint(0, 23):02d}:{self.rng.randint(0, 59):02d}"
        return s


def make_page(rng, site, page_no):
    name, host, family, nav, widget, footer = site
    p = Page(rng)
    english = name == "gulfdaily" or rng.random() < 0.04
    lines = []
    if rng.random() < 0.35:
        lines += nav[: rng.randint(3, len(nav))]
    if rng.random() < 0.15:
        lines.append("عاجل")
    title = (p.en_sentence() if english else p.sentence()).rstrip(".")
    title = " ".join(title.split()[: rng.randint(6, 12)])
    lines.append(title)
    if rng.random() < 0.08:
        lines.append(title)  # the title repeated
    if rng.random() < 0.7:
        lines.append(p.dateline(family))
    if rng.random() < 0.4:
        lines.append(f"{p.pick(['بقلم', 'كتب', 'إعداد'])}: {p.person()}")
    body = [p.paragraph(english) for _ in range(rng.randint(5, 14))]
    for i, para in enumerate(body):
        r = rng.random()
        if r < 0.03:
            # A word glued to the next where a link was removed.
            words = para.split(" ")
            if len(words) > 4:
                k = rng.randrange(1, len(words) - 2)
                words[k] = words[k] + words.pop(k + 1)
                para = " ".join(words)
        elif r < 0.05:
            para = para.replace(" ", "  ", 1)
        elif r < 0.06:
            para = para.replace(" ", " \u200b", 1)
        lines.append(para)
        if rng.random() < 0.05:
            lines.append(f"IMG_{rng.randint(1000, 99999)}.jpg")
    if rng.random() < 0.1 and len(body) > 2:
        # A near-duplicate: a paragraph restated with one word changed.
        words = body[1].split(" ")
        if len(words) > 10:
            words[rng.randrange(len(words))] = p.pick(NOUNS)
            lines.append(" ".join(words))
    if rng.random() < 0.4:
        lines.append(body[0])  # the lead repeated at the bottom
    if rng.random() < 0.5:
        lines.append(widget)
    if rng.random() < 0.3:
        lines.append(p.pick(GENERIC))
        if rng.random() < 0.5:
            lines += [" ".join(p.sentence().split()[:8]) for _ in range(rng.randint(2, 5))]
    if rng.random() < 0.6:
        lines.append(footer)
    text = "\n".join(lines) + "\n"
    return {"id": f"{name}-{page_no:08d}", "url": f"https://{host}/news/{page_no}", "title": title, "text": text}


def parse_size(s):
    s = s.strip().upper()
    for suffix, mult in (("GB", 1 << 30), ("MB", 1 << 20), ("KB", 1 << 10), ("B", 1)):
        if s.endswith(suffix):
            return int(float(s[: -len(suffix)]) * mult)
    return int(s)


def generate(size, seed):
    rng = random.Random(seed)
    total = 0
    n = 0
    while total < size:
        site = SITES[rng.randrange(len(SITES))]
        page = make_page(rng, site, n)
        n += 1
        total += len(page["text"].encode())
        yield site[0], page


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--size", default="10MB", help="total text size (e.g. 10MB, 1GB)")
    ap.add_argument("--out", required=True)
    ap.add_argument("--format", choices=["txt", "jsonl"], default="txt")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--shards", type=int, default=1, help="jsonl: number of shard files")
    ap.add_argument("--zstd", action="store_true", help="jsonl: compress the shards with zstd")
    args = ap.parse_args()
    size = parse_size(args.size)
    os.makedirs(args.out, exist_ok=True)
    pages = bytes_out = 0
    if args.format == "txt":
        for site, page in generate(size, args.seed):
            d = os.path.join(args.out, site)
            os.makedirs(d, exist_ok=True)
            with open(os.path.join(d, page["id"] + ".txt"), "w", encoding="utf-8") as f:
                f.write(page["text"])
            pages += 1
            bytes_out += len(page["text"].encode())
    else:
        shards = [open(os.path.join(args.out, f"part-{i:05d}.jsonl"), "w", encoding="utf-8") for i in range(args.shards)]
        for i, (_, page) in enumerate(generate(size, args.seed)):
            shards[i % args.shards].write(json.dumps(page, ensure_ascii=False) + "\n")
            pages += 1
            bytes_out += len(page["text"].encode())
        for f in shards:
            f.close()
            if args.zstd:
                subprocess.run(["zstd", "-q", "--rm", "-f", "-3", f.name], check=True)
    print(f"{pages} pages, {bytes_out} bytes of text in {args.out}", file=sys.stderr)


if __name__ == "__main__":
    main()
