#!/usr/bin/env python3
"""Line-level evaluation of junk detection against hand and automatic labels.

For every labelled line it asks: is the line junk (J) or article (C), and did the
cleaner flag it? It reports recall on junk, the share of article lines flagged,
precision and F1, overall, per site and per kind, for seedlint and for two
baselines on the same lines:

- C4: the line rules of the C4 paper as datatrove's C4QualityFilter applies them
  by default (a line is dropped unless it ends in . ? ! " ' and not in "...", has
  at least 3 words, no word over 1,000 characters, does not mention javascript
  and contains no cookie / terms-of-use / privacy-policy phrase);
- jusText (`pip install justext lxml_html_clean`), each line as one paragraph,
  with the stoplist of the page's language; skipped with a note if not installed.

Label sets (texts are read from ../shared/corpora; nothing third-party is kept here):

- hand: `multisite-dev.labels.tsv` (shared) and `eval/labels/hand.tsv` (this
  project's own hand labels of extraction-dev and AlMayadeen pages; format in
  eval/labels/README.md);
- auto: the automatic `labels` of extraction-dev.jsonl (J/C, null lines skipped).

A line counts as flagged by seedlint when a finding of the boilerplate,
metadata or duplicate categories, or a residue finding with a fix, covers at
least half of its non-space characters and has a fix (what `clean --unsafe-fixes` would take). Nothing is learned here,
so there is nothing to hold out; a learned model must be scored leave-one-site-out.

Usage: bench/eval.py [--seedlint target/debug/seedlint] [--corpora ../shared/corpora]
                     [--sets hand,auto] [--corpus] [--json FILE]
"""

from __future__ import annotations

import argparse
import collections
import hashlib
import html
import json
import os
import subprocess
import sys
import tempfile
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FLAG_CATEGORIES = {"boilerplate", "metadata", "duplicate", "residue"}
# (document, line) -> codes of seedlint's findings on it, for --errors.
CODES: dict[tuple[str, int], set[str]] = collections.defaultdict(set)

# --- documents and labels -----------------------------------------------------


@dataclass
class Doc:
    key: str  # unique across corpora: "<corpus>:<id>"
    site: str
    url: str | None
    lang: str
    lines: list[str]
    labels: dict[int, tuple[str, str]] = field(default_factory=dict)  # line (1-based) -> (J|C, kind)


def read_jsonl(path: Path):
    with path.open(encoding="utf-8") as f:
        for line in f:
            if line.strip():
                yield json.loads(line)


def line_hash(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:8]


MULTISITE_LANG = {"theguardian.com": "en", "reuters.com": "en", "lefigaro.fr": "fr", "franceculture.fr": "fr"}


def load_hand(corpora: Path) -> list[Doc]:
    docs: dict[str, Doc] = {}
    for r in read_jsonl(corpora / "multisite-dev.jsonl"):
        site = r.get("site") or ""
        docs[f"multisite-dev:{r['id']}"] = Doc(
            f"multisite-dev:{r['id']}", site, r.get("url"), MULTISITE_LANG.get(site, "ar"), r["text"].split("\n")
        )
    with (corpora / "multisite-dev.labels.tsv").open(encoding="utf-8") as f:
        next(f)
        for row in f:
            cols = row.rstrip("\n").split("\t")
            doc = docs[f"multisite-dev:{cols[0]}"]
            doc.labels[int(cols[1])] = (cols[2], cols[3])
    own = ROOT / "eval" / "labels" / "hand.tsv"
    if own.exists():
        wanted = collections.defaultdict(list)
        with own.open(encoding="utf-8") as f:
            header = next(f).rstrip("\n").split("\t")
            for row in f:
                wanted_row = dict(zip(header, row.rstrip("\n").split("\t")))
                wanted[wanted_row["corpus"]].append(wanted_row)
        for corpus, rows in wanted.items():
            ids = {row["id"] for row in rows}
            for r in read_jsonl(corpora / f"{corpus}.jsonl"):
                rid = str(r["id"])
                if rid in ids:
                    site = r.get("site") or ("almayadeen.net" if corpus.startswith("almayadeen") else "")
                    lang = r.get("lang") or "ar"
                    docs[f"{corpus}:{rid}"] = Doc(f"{corpus}:{rid}", site, r.get("url"), lang, r["text"].split("\n"))
            for row in rows:
                doc = docs[f"{corpus}:{row['id']}"]
                n = int(row["line"])
                text = doc.lines[n - 1] if 0 < n <= len(doc.lines) else None
                if text is None or line_hash(text) != row["sha1"]:
                    sys.exit(f"eval/labels/hand.tsv: {corpus} {row['id']} line {n} does not match the corpus text")
                doc.labels[n] = (row["label"], row["kind"])
    return [d for d in docs.values() if d.labels]


def load_auto(corpora: Path) -> list[Doc]:
    docs = []
    for r in read_jsonl(corpora / "extraction-dev.jsonl"):
        doc = Doc(f"extraction-dev:{r['id']}", r.get("site") or "", r.get("url"), r.get("lang") or "en", r["text"].split("\n"))
        for i, label in enumerate(r["labels"], 1):
            if label in ("J", "C"):
                doc.labels[i] = (label, "auto")
        if doc.labels:
            docs.append(doc)
    return docs


# --- cleaners -----------------------------------------------------------------


def hand_label_files(corpora: Path) -> list[Path]:
    return [corpora / "multisite-dev.labels.tsv", ROOT / "eval" / "labels" / "hand.tsv"]


TRAINING_CORPORA = ["multisite-dev.jsonl", "extraction-dev.jsonl", "almayadeen-2023-02.jsonl"]


# The built-in model's training (see the first lines of data/line_model.tsv), less the held-out sites.
TRAIN_ARGS: list[str] = ["--record-labels", "labels"]


def train(binary: str, corpora: Path, out: Path, exclude_sites: list[str]) -> None:
    cmd = [binary, "train", "-o", str(out), *TRAIN_ARGS]
    for labels in hand_label_files(corpora):
        cmd += ["--labels", str(labels)]
    for site in exclude_sites:
        cmd += ["--exclude-site", site]
    cmd += [str(corpora / c) for c in TRAINING_CORPORA]
    run = subprocess.run(cmd, capture_output=True, text=True)
    if run.returncode != 0:
        sys.exit(f"{' '.join(cmd)} exited {run.returncode}: {run.stderr[-2000:]}")


def seedlint_held_out(
    docs: list[Doc], binary: str, corpora: Path, corpus_mode: bool, folds: int | None = None
) -> dict[str, set[int]]:
    """Each site is checked with a model trained without it: one model per site
    (leave-one-site-out), or with `folds`, one per group of sites (dealt in turn)."""
    sites = sorted({d.site for d in docs})
    groups = [[s] for s in sites] if folds is None else [sites[i::folds] for i in range(folds)]
    flags: dict[str, set[int]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for group in groups:
            model = Path(tmp) / "model.tsv"
            train(binary, corpora, model, exclude_sites=group)
            held = set(group)
            flags.update(seedlint_flags([d for d in docs if d.site in held], binary, corpus_mode, model))
    return flags



def seedlint_flags(docs: list[Doc], binary: str, corpus_mode: bool, model: Path | None = None) -> dict[str, set[int]]:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "eval.jsonl"
        with path.open("w", encoding="utf-8") as f:
            for d in docs:
                f.write(json.dumps({"id": d.key, "url": d.url, "text": "\n".join(d.lines)}, ensure_ascii=False) + "\n")
        config = Path(tmp) / "seedlint.toml"
        if model:
            # A model must sit inside the project of the config that names it.
            (Path(tmp) / "model.tsv").write_bytes(model.read_bytes())
        config.write_text('[classifier]\nmodel = "model.tsv"\n' if model else "", encoding="utf-8")
        cmd = [binary, "check", "--format", "json", "--fail-on", "never", "--no-ignore", "--config", str(config), str(path)]
        if corpus_mode:
            cmd.insert(2, "--corpus")
        out = subprocess.run(cmd, capture_output=True, text=True, cwd=tmp)
        if out.returncode != 0:
            sys.exit(f"{' '.join(cmd)} exited {out.returncode}: {out.stderr[-2000:]}")
        report = json.loads(out.stdout)
    by_key = {d.key: d for d in docs}
    covered: dict[tuple[str, int], int] = collections.Counter()
    for f in report["findings"]:
        # Only findings that remove text count: what `clean --unsafe-fixes` would take (a long token,
        # or a paragraph also in another document, which copy to keep being the user's call, is not a lost line).
        if f["category"] not in FLAG_CATEGORIES or not f.get("fix"):
            continue
        doc = by_key.get(f["document"]["id"])
        if doc is None:
            continue
        for n in range(f["line"], f["end_line"] + 1):
            CODES[(doc.key, n)].add(f["code"])
            if not 0 < n <= len(doc.lines):
                continue
            text = doc.lines[n - 1]
            start = f["column"] - 1 if n == f["line"] else 0
            end = f["end_column"] - 1 if n == f["end_line"] else len(text)
            covered[(doc.key, n)] = max(covered[(doc.key, n)], sum(1 for c in text[start:end] if not c.isspace()))
    flags: dict[str, set[int]] = collections.defaultdict(set)
    for (key, n), chars in covered.items():
        if key not in by_key:
            continue
        text = by_key[key].lines[n - 1]
        total = sum(1 for c in text if not c.isspace())
        if total and chars * 2 >= total:
            flags[key].add(n)
    return flags


POLICY_SUBSTRINGS = ["terms of use", "privacy policy", "cookie policy", "uses cookies", "use of cookies", "use cookies"]


def c4_drops(line: str) -> bool:
    s = line.strip()
    if not s.endswith((".", "?", "!", '"', "'")) or s.endswith("..."):
        return True
    words = s.split()
    if len(words) < 3 or any(len(w) > 1000 for w in words):
        return True
    low = s.lower()
    return "javascript" in low or any(p in low for p in POLICY_SUBSTRINGS)


def c4_flags(docs: list[Doc]) -> dict[str, set[int]]:
    return {d.key: {n for n in d.labels if c4_drops(d.lines[n - 1])} for d in docs}


JUSTEXT_STOPLISTS = {
    "ar": "Arabic", "en": "English", "de": "German", "fr": "French", "es": "Spanish", "it": "Italian",
    "pt": "Portuguese", "nl": "Dutch", "pl": "Polish", "sv": "Swedish", "da": "Danish", "no": "Norwegian_Bokmal",
    "nb": "Norwegian_Bokmal", "tr": "Turkish", "cs": "Czech", "ru": "Russian", "id": "Indonesian", "is": "Icelandic",
    "lt": "Lithuanian", "vi": "Vietnamese", "hi": "Hindi",
}


def justext_flags(docs: list[Doc]) -> dict[str, set[int]] | None:
    try:
        import justext  # type: ignore
    except ImportError:
        return None
    flags = {}
    for d in docs:
        name = JUSTEXT_STOPLISTS.get(d.lang.split("-")[0].lower())
        if name is None:  # jusText has no stoplist for this language: language-independent mode
            stoplist = frozenset()
        else:
            stoplist = justext.get_stoplist(name)
        numbered = [(n, d.lines[n - 1]) for n in sorted(d.labels)]
        page = "<html><body>" + "".join(f"<p>{html.escape(t)}</p>" for _, t in numbered) + "</body></html>"
        paragraphs = justext.justext(page.encode("utf-8"), stoplist, encoding="utf-8")
        # jusText drops empty paragraphs; align the rest with the labelled lines by text.
        it = iter(numbered)
        bad = set()
        for p in paragraphs:
            for n, t in it:
                if " ".join(t.split()) == " ".join(p.text.split()):
                    if p.is_boilerplate:
                        bad.add(n)
                    break
        flags[d.key] = bad
    return flags


# --- scoring ------------------------------------------------------------------


@dataclass
class Score:
    junk: int = 0
    junk_flagged: int = 0
    article: int = 0
    article_flagged: int = 0

    def add(self, label: str, flagged: bool) -> None:
        if label == "J":
            self.junk += 1
            self.junk_flagged += flagged
        else:
            self.article += 1
            self.article_flagged += flagged

    @property
    def recall(self) -> float:
        return self.junk_flagged / self.junk if self.junk else float("nan")

    @property
    def article_rate(self) -> float:
        return self.article_flagged / self.article if self.article else float("nan")

    @property
    def precision(self) -> float:
        flagged = self.junk_flagged + self.article_flagged
        return self.junk_flagged / flagged if flagged else float("nan")

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r > 0 else float("nan")

    def as_dict(self) -> dict:
        return {
            "junk": self.junk, "junk_flagged": self.junk_flagged, "article": self.article,
            "article_flagged": self.article_flagged, "recall": self.recall, "article_flagged_share": self.article_rate,
            "precision": self.precision, "f1": self.f1,
        }


def score(docs: list[Doc], flags: dict[str, set[int]]):
    overall, by_site, by_kind = Score(), collections.defaultdict(Score), collections.defaultdict(Score)
    for d in docs:
        flagged = flags.get(d.key, set())
        for n, (label, kind) in d.labels.items():
            if not d.lines[n - 1].strip():
                continue
            hit = n in flagged
            overall.add(label, hit)
            by_site[d.site].add(label, hit)
            by_kind[f"{label}/{kind}"].add(label, hit)
    return overall, by_site, by_kind


def fmt(x: float, pct: bool = False) -> str:
    if x != x:
        return "–"
    return f"{100 * x:.1f}%" if pct else f"{x:.2f}"


def print_set(name: str, docs: list[Doc], results: dict[str, tuple], out) -> None:
    cleaners = list(results)
    overall = {c: results[c][0] for c in cleaners}
    first = overall[cleaners[0]]
    print(f"\n### {name}: {len(docs)} pages, {len({d.site for d in docs})} sites, "
          f"{first.junk} junk and {first.article} article lines\n", file=out)
    print("| cleaner | junk recall | article lines flagged | precision | F1 |", file=out)
    print("|---|---|---|---|---|", file=out)
    for c in cleaners:
        s = overall[c]
        print(f"| {c} | {fmt(s.recall)} ({s.junk_flagged}/{s.junk}) | {fmt(s.article_rate, True)} "
              f"({s.article_flagged}/{s.article}) | {fmt(s.precision)} | {fmt(s.f1)} |", file=out)
    print("\nPer site (junk recall / article lines flagged):\n", file=out)
    print("| site | junk | article | " + " | ".join(cleaners) + " |", file=out)
    print("|---|---|---|" + "---|" * len(cleaners), file=out)
    sites = sorted(results[cleaners[0]][1], key=lambda s: (-results[cleaners[0]][1][s].junk - results[cleaners[0]][1][s].article, s))
    for site in sites:
        base = results[cleaners[0]][1][site]
        cells = [f"{fmt(results[c][1][site].recall)} / {fmt(results[c][1][site].article_rate, True)}" for c in cleaners]
        print(f"| {site} | {base.junk} | {base.article} | " + " | ".join(cells) + " |", file=out)
    kinds = sorted(results[cleaners[0]][2])
    if len(kinds) > 2:
        print("\nPer kind (junk kinds: share flagged = recall; article kinds: share flagged = lost):\n", file=out)
        print("| kind | lines | " + " | ".join(cleaners) + " |", file=out)
        print("|---|---|" + "---|" * len(cleaners), file=out)
        for k in kinds:
            base = results[cleaners[0]][2][k]
            n = base.junk + base.article
            cells = []
            for c in cleaners:
                s = results[c][2][k]
                cells.append(fmt(s.recall if k.startswith("J/") else s.article_rate, True))
            print(f"| {k} | {n} | " + " | ".join(cells) + " |", file=out)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--seedlint", default=str(ROOT / "target" / "release" / "seedlint"))
    ap.add_argument("--corpora", default=os.environ.get("SEEDLINT_CORPORA", str(ROOT.parent / "shared" / "corpora")))
    ap.add_argument("--sets", default="hand,auto")
    ap.add_argument("--corpus", action="store_true", help="run seedlint with --corpus (lines repeated across pages)")
    ap.add_argument("--json", help="also write every figure to this file")
    ap.add_argument("--errors", help="write seedlint's wrong lines (missed junk, flagged article) to this TSV")
    ap.add_argument("--train-args", help="arguments for `seedlint train` instead of the built-in model's")
    args = ap.parse_args()
    if args.train_args is not None:
        TRAIN_ARGS[:] = args.train_args.split()
    corpora = Path(args.corpora)
    if not (corpora / "multisite-dev.jsonl").exists():
        print(f"bench/eval.py: the labelled corpora are missing from {corpora} (see ../shared/corpora/README.md)", file=sys.stderr)
        return 2
    report = {}
    hand_sites = {d.site for d in load_hand(corpora)}
    for name in args.sets.split(","):
        if name == "hand":
            docs = load_hand(corpora)
            # The built-in model was trained on these labels: score each site with one trained without it.
            ours = seedlint_held_out(docs, args.seedlint, corpora, args.corpus)
            label = "hand labels; seedlint's classifier trained leave-one-site-out"
        else:
            # Sites with hand labels are scored above; here the others, five groups of sites in turn.
            docs = [d for d in load_auto(corpora) if d.site not in hand_sites]
            ours = seedlint_held_out(docs, args.seedlint, corpora, args.corpus, folds=5)
            label = "automatic labels of extraction-dev (sites without hand labels); seedlint's classifier trained without each site (5 site folds)"
        results = {"seedlint": score(docs, ours), "C4": score(docs, c4_flags(docs))}
        if args.errors:
            with open(f"{args.errors}.{name}.tsv", "w", encoding="utf-8") as f:
                f.write("site\tdocument\tline\tlabel\tkind\tflagged\tcodes\ttext\n")
                for d in docs:
                    for n, (lab, kind) in sorted(d.labels.items()):
                        hit = n in ours.get(d.key, set())
                        if hit != (lab == "J"):
                            codes = ",".join(sorted(CODES.get((d.key, n), ())))
                            f.write(f"{d.site}\t{d.key}\t{n}\t{lab}\t{kind}\t{int(hit)}\t{codes}\t{d.lines[n-1][:100]}\n")
        jt = justext_flags(docs)
        if jt is not None:
            results["jusText"] = score(docs, jt)
        print_set(label, docs, results, sys.stdout)
        if jt is None:
            print("\n(jusText not installed: pip install justext lxml_html_clean)")
        report[name] = {
            c: {"overall": r[0].as_dict(), "sites": {s: v.as_dict() for s, v in r[1].items()},
                "kinds": {k: v.as_dict() for k, v in r[2].items()}}
            for c, r in results.items()
        }
    if args.json:
        Path(args.json).write_text(json.dumps(report, indent=1, ensure_ascii=False), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
