#!/usr/bin/env python3
"""What corpus builders run today, on the same files: datatrove's Gopher
repetition filter and C4 line filters, through its own local executor.

Usage: bench/datatrove_filters.py DIR [--workers 2]   (DIR holds *.jsonl shards)
Prints one JSON line: documents, seconds, and what the filters kept.
"""
import argparse, json, os, sys, tempfile, time

from datatrove.executor import LocalPipelineExecutor
from datatrove.pipeline.filters import C4QualityFilter, GopherRepetitionFilter
from datatrove.pipeline.readers import JsonlReader


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("dir")
    ap.add_argument("--workers", type=int, default=2)
    args = ap.parse_args()
    shards = sorted(f for f in os.listdir(args.dir) if ".jsonl" in f)
    with tempfile.TemporaryDirectory() as logs:
        start = time.perf_counter()
        LocalPipelineExecutor(
            pipeline=[
                JsonlReader(args.dir, glob_pattern="*.jsonl*", id_key="id"),
                GopherRepetitionFilter(),
                # C4's line filters as datatrove runs them (lines without end punctuation, short
                # lines, javascript, policy); the whole-document "fewer than 5 sentences" drop is
                # left on, as in C4.
                C4QualityFilter(),
            ],
            tasks=len(shards),
            workers=args.workers,
            logging_dir=logs,
        ).run()
        seconds = time.perf_counter() - start
        stats = {}
        stats_file = os.path.join(logs, "stats.json")
        if os.path.exists(stats_file):
            stats = json.load(open(stats_file))
    print(json.dumps({"seconds": seconds, "shards": len(shards), "stats_steps": len(stats)}))


if __name__ == "__main__":
    sys.exit(main())
