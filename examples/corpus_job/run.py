#!/usr/bin/env python3
"""Clean a directory of JSONL shards with seedlint on datatrove, and report.

    python examples/corpus_job/run.py SHARDS_DIR OUT_DIR [--workers 2]

Writes OUT_DIR/index.idx (the merged corpus index), OUT_DIR/cleaned/*.jsonl.gz (the
cleaned corpus, each record's `metadata.seedlint` saying what was removed) and
OUT_DIR/report.json, and prints the report: fixes per rule, the learned
boilerplate lines most often found, documents kept and dropped, throughput.

Each stage runs on datatrove's LocalPipelineExecutor, one task per shard. On a
cluster, swap in SlurmPipelineExecutor or RayPipelineExecutor with the same
pipelines (README: "On a cluster").
"""
import argparse
import collections
import glob
import gzip
import json
import os
import sys
import time

from datatrove.executor import LocalPipelineExecutor
from datatrove.pipeline.readers import JsonlReader
from datatrove.pipeline.writers import JsonlWriter

from seedlint.datatrove import SeedlintClean, SeedlintIndexShard, merge_index_shards


def stage(title, i, n):
    print(f"[{i}/{n}] {title}…", file=sys.stderr, flush=True)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("shards")
    ap.add_argument("out")
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--config", help="a seedlint.toml")
    ap.add_argument("--record-findings", action="store_true", help="keep each document's findings in its metadata")
    args = ap.parse_args()
    files = sorted(f for f in os.listdir(args.shards) if ".jsonl" in f)
    if not files:
        sys.exit(f"no *.jsonl shards in {args.shards}")
    tasks = len(files)
    os.makedirs(args.out, exist_ok=True)
    reader = lambda: JsonlReader(args.shards, glob_pattern="*.jsonl*", id_key="id", default_metadata={})
    start = time.perf_counter()

    stage(f"indexing {tasks} shards with {args.workers} workers", 1, 3)
    LocalPipelineExecutor(
        pipeline=[reader(), SeedlintIndexShard(os.path.join(args.out, "index-parts"), config=args.config)],
        tasks=tasks, workers=args.workers, logging_dir=os.path.join(args.out, "logs", "index"),
    ).run()

    stage("merging the shard indexes", 2, 3)
    index_path = os.path.join(args.out, "index.idx")
    merged = merge_index_shards(os.path.join(args.out, "index-parts"), index_path)
    print(f"    {merged.documents} documents, {merged.distinct_lines} distinct lines, "
          f"{os.path.getsize(index_path)} bytes", file=sys.stderr)

    stage("cleaning every document against the merged index", 3, 3)
    LocalPipelineExecutor(
        pipeline=[
            reader(),
            SeedlintClean(index_path, config=args.config, record_findings=args.record_findings),
            JsonlWriter(os.path.join(args.out, "cleaned"), output_filename="${rank}.jsonl.gz"),
        ],
        tasks=tasks, workers=args.workers, logging_dir=os.path.join(args.out, "logs", "clean"),
    ).run()
    seconds = time.perf_counter() - start

    fixed = collections.Counter()
    learned = collections.Counter()
    kept = 0
    for path in sorted(glob.glob(os.path.join(args.out, "cleaned", "*.jsonl.gz"))):
        with gzip.open(path, "rt", encoding="utf-8") as f:
            for line in f:
                meta = json.loads(json.loads(line)["metadata"]["seedlint"])
                fixed.update(meta["removed"])
                learned.update(meta.get("learned", []))
                kept += 1
    report = {
        "documents": merged.documents,
        "kept": kept,
        "dropped": merged.documents - kept,
        "seconds": round(seconds, 2),
        "documents_per_second": round(merged.documents / seconds, 1),
        "workers": args.workers,
        "index_bytes": os.path.getsize(index_path),
        "index_distinct_lines": merged.distinct_lines,
        "fixes_per_rule": dict(sorted(fixed.items())),
        "top_learned_boilerplate": learned.most_common(10),
    }
    with open(os.path.join(args.out, "report.json"), "w", encoding="utf-8") as f:
        json.dump(report, f, ensure_ascii=False, indent=1)
    print(json.dumps(report, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
