"""The Python package against the real CLI: same findings, idempotent cleaning,
batches equal to one-by-one calls, and the index equal to the CLI's."""

import json
import os
import subprocess
from pathlib import Path

import pytest

import seedlint

ROOT = Path(__file__).resolve().parents[2]
SEEDS = sorted((ROOT / "seeds").glob("*.txt"))
BIN = os.environ.get("SEEDLINT_BIN", str(ROOT / "target" / "debug" / "seedlint"))


def cli_json(*args, cwd=ROOT):
    r = subprocess.run([BIN, *args], cwd=cwd, capture_output=True, text=True)
    assert r.returncode in (0, 1), r.stderr
    return json.loads(r.stdout)


@pytest.mark.parametrize("seed", SEEDS, ids=lambda p: p.name[:3])
def test_findings_equal_the_cli(seed):
    rel = f"seeds/{seed.name}"
    cli = cli_json("check", "--format", "json", "--config", str(ROOT / "tests" / "data" / "empty.toml"), rel)["findings"]
    ours = seedlint.check(seed.read_text(encoding="utf-8"), path=rel)
    assert len(ours) > 0
    assert ours == cli


def test_clean_is_idempotent_and_reports_what_it_removed():
    text = SEEDS[0].read_text(encoding="utf-8")
    cleaned, summary = seedlint.clean(text)
    assert summary["fixes"] > 0 and summary["removed"]["SL101"] >= 1
    assert summary["bytes_after"] == len(cleaned.encode()) < len(text.encode())
    assert "عبد اللطيف لوديي" in cleaned, "article text is kept"
    again, summary2 = seedlint.clean(cleaned)
    assert again == cleaned
    assert summary2["fixes"] == 0


def test_batches_equal_one_by_one():
    texts = [p.read_text(encoding="utf-8") for p in SEEDS] * 3
    assert seedlint.check_batch(texts) == [seedlint.check(t) for t in texts]
    assert seedlint.clean_batch(texts) == [seedlint.clean(t) for t in texts]


def shared_corpus(name):
    """A real corpus from ../shared/corpora/, or the test skipped (failed under SEEDLINT_REQUIRE_CORPORA=1, as in CI)."""
    path = ROOT.parent / "shared" / "corpora" / name
    if not path.is_file():
        if os.environ.get("SEEDLINT_REQUIRE_CORPORA") == "1":
            pytest.fail(f"{path} is missing and SEEDLINT_REQUIRE_CORPORA=1")
        pytest.skip(f"{path} is missing")
    return path


def test_index_matches_the_cli_and_merges(tmp_path):
    corpus = shared_corpus("almayadeen-2023-02.jsonl").read_text(encoding="utf-8").splitlines()
    docs = [(str(json.loads(l)["id"]), json.loads(l)["text"]) for l in corpus]
    shards = [docs[i::4] for i in range(4)]
    whole = seedlint.Index()
    for s in shards:
        whole.add(s)
    parts = []
    for s in shards:
        part = seedlint.Index()
        part.add(s)
        parts.append(seedlint.Index.from_bytes(part.to_bytes()))
    merged = seedlint.Index()
    for p in parts:
        merged.merge(p)
    assert merged.to_bytes() == whole.to_bytes()
    assert merged.documents == len(docs)

    # The CLI builds the same bytes from the same documents in the same order.
    for i, s in enumerate(shards):
        with open(tmp_path / f"shard-{i}.jsonl", "w", encoding="utf-8") as f:
            for doc_id, text in s:
                f.write(json.dumps({"id": doc_id, "text": text}, ensure_ascii=False) + "\n")
    r = subprocess.run([BIN, "index", "build", "-o", "cli.idx"] + [f"shard-{i}.jsonl" for i in range(4)],
                       cwd=tmp_path, capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    assert (tmp_path / "cli.idx").read_bytes() == whole.to_bytes()

    # Judged against the index, a document finds its paragraphs in other documents.
    texts = [t for _, t in shards[0]]
    assert all(f["code"] != "SL305" for fs in seedlint.check_batch(texts) for f in fs), "no index, no cross-document duplicates"
    batch = seedlint.check_batch([t for _, t in shards[0]], index=merged, names=[d for d, _ in shards[0]])
    assert sum(f["code"] == "SL305" for fs in batch for f in fs) > 0


def test_an_index_knows_how_the_corpus_spells_a_name():
    variant = "وأضاف غانتز أن التعاون العسكري سيتعمق بين البلدين في الأشهر المقبلة.\n"
    proper = "قال وزير الدفاع بيني غانتس إن الزيارة تاريخية وإن التعاون سيتعمق.\n"
    index = seedlint.Index()
    index.add([("variant", variant), ("proper", proper)])
    for idx in (index, seedlint.Index.from_bytes(index.to_bytes())):
        found = [f for f in seedlint.check(variant, index=idx, name="variant") if f["code"] == "SL701"]
        assert len(found) == 1, found
        assert found[0]["related"][0]["path"] == "proper"
    assert not [f for f in seedlint.check(variant) if f["code"] == "SL701"], "alone, the variant is the text's own spelling"


def test_bad_input_is_an_error_not_a_crash(tmp_path):
    with pytest.raises(ValueError):
        seedlint.Index.from_bytes(b"not an index")
    bad = tmp_path / "seedlint.toml"
    bad.write_text("[rules]\ncolour = 1\n")
    with pytest.raises(ValueError, match="colour"):
        seedlint.check("text", str(bad))
    assert seedlint.check("") == []
    with pytest.raises(ValueError):
        seedlint.check_batch(["a", "b"], names=["only-one"])
