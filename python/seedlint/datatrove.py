"""seedlint as datatrove pipeline steps: clean a corpus on datatrove's executors
(local here; Slurm or Ray on a cluster) in two passes.

1. `SeedlintIndexShard` writes one index summary per task (`<rank>.idx`);
2. `merge_index_shards` merges them, in rank order, into one index;
3. `SeedlintClean` cleans every document against the merged index (learned
   boilerplate, paragraphs repeated across documents, and the per-document rules),
   records what it did in `doc.metadata["seedlint"]`, and counts fixes per rule in
   datatrove's stats.

See examples/corpus_job/ for a complete job.
"""

from __future__ import annotations

import json
from typing import Iterable, List, Optional

import fsspec
from datatrove.data import Document, DocumentsPipeline
from datatrove.io import DataFolderLike, get_datafolder
from datatrove.pipeline.base import PipelineStep

from . import Index, check_batch, clean_batch


class SeedlintIndexShard(PipelineStep):
    """Count the normalized lines of this task's documents; write `<rank:05d>.idx`."""

    name = "🌱 seedlint index"
    type = "📊 - STATS"

    def __init__(self, output_folder: DataFolderLike, batch_size: int = 1000, config: Optional[str] = None):
        super().__init__()
        self.output_folder = get_datafolder(output_folder)
        self.batch_size = batch_size
        # The entities the index records as properly named are those of this config's engine.
        self.config = config

    def run(self, data: DocumentsPipeline, rank: int = 0, world_size: int = 1) -> DocumentsPipeline:
        index = Index()
        batch = []
        for doc in data:
            self.stat_update("documents")
            batch.append((str(doc.id), doc.text))
            if len(batch) >= self.batch_size:
                index.add(batch, self.config)
                batch = []
        index.add(batch, self.config)
        with self.output_folder.open(f"{rank:05d}.idx", "wb") as f:
            f.write(index.to_bytes())
        return
        yield  # a terminal step: it passes no documents on


def merge_index_shards(folder: DataFolderLike, output: Optional[str] = None) -> Index:
    """Merge the `*.idx` summaries of a folder in name (rank) order; optionally save."""
    df = get_datafolder(folder)
    merged = Index()
    for name in sorted(f for f in df.list_files() if f.endswith(".idx")):
        with df.open(name, "rb") as f:
            merged.merge(Index.from_bytes(f.read()))
    if output is not None:
        with fsspec.open(output, "wb") as f:
            f.write(merged.to_bytes())
    return merged


class SeedlintClean(PipelineStep):
    """Clean each document with seedlint (safe fixes), judged against a corpus index.

    `doc.metadata["seedlint"]` gets the fixes applied per rule and, with
    `record_findings`, the findings on the original text (code, line, column), so a
    run can be compared with `seedlint check --index` on one machine.
    """

    name = "🌱 seedlint clean"
    type = "✂️ - FORMAT"

    def __init__(
        self,
        index_path: Optional[str] = None,
        config: Optional[str] = None,
        unsafe_fixes: bool = False,
        drop_empty: bool = True,
        record_findings: bool = False,
        batch_size: int = 256,
    ):
        super().__init__()
        self.index_path = index_path
        self.config = config
        self.unsafe_fixes = unsafe_fixes
        self.drop_empty = drop_empty
        self.record_findings = record_findings
        self.batch_size = batch_size

    def _clean(self, docs: List[Document], index: Optional[Index]) -> Iterable[Document]:
        names = [str(d.id) for d in docs]
        texts = [d.text for d in docs]
        cleaned = clean_batch(texts, self.config, unsafe_fixes=self.unsafe_fixes, index=index, names=names)
        found = check_batch(texts, self.config, index=index, names=names) if self.record_findings else None
        for i, (doc, (text, summary)) in enumerate(zip(docs, cleaned)):
            for code, n in summary["removed"].items():
                self.stat_update(f"fixed_{code}", value=n)
            meta = {"removed": summary["removed"], "bytes_before": summary["bytes_before"], "bytes_after": summary["bytes_after"]}
            if found is not None:
                meta["findings"] = [[f["code"], f["line"], f["column"], f["end_line"], f["end_column"]] for f in found[i]]
                raw = texts[i].encode("utf-8")
                meta["learned"] = [
                    raw[f["byte_range"][0] : f["byte_range"][1]].decode("utf-8", "replace").strip()
                    for f in found[i]
                    if f["code"] == "SL104"
                ]
            doc.metadata["seedlint"] = json.dumps(meta, ensure_ascii=False)
            if self.drop_empty and not text.strip():
                self.stat_update("dropped")
                continue
            doc.text = text
            self.stat_update("kept")
            yield doc

    def run(self, data: DocumentsPipeline, rank: int = 0, world_size: int = 1) -> DocumentsPipeline:
        index = None
        if self.index_path:
            with fsspec.open(self.index_path, "rb") as f:
                index = Index.from_bytes(f.read())
        batch: List[Document] = []
        for doc in data:
            batch.append(doc)
            if len(batch) >= self.batch_size:
                with self.track_time(unit="batch"):
                    yield from self._clean(batch, index)
                batch = []
        if batch:
            yield from self._clean(batch, index)
