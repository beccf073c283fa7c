#!/usr/bin/env python3
"""Latency of `seedlint lsp` from a one-character didChange to the matching
publishDiagnostics, through the real binary over stdio.

Usage: bench/lsp_latency.py [--binary target/release/seedlint] [--edits 200] [--debounce-ms 0]

Two documents: a seed-sized page (seed 002, ~15 KB) and a ~1 MB document made
of distinct real articles (../shared/corpora/almayadeen-2023-02.jsonl). Each edit
inserts one character at a varying place and waits for the diagnostics of
that version; p50/p99/max are printed. With --debounce-ms 0 the numbers are the
server's own work; editors get the default 40 ms debounce on top while typing.
"""
import argparse, json, os, statistics, subprocess, sys, threading, time, queue

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


class Server:
    def __init__(self, binary, init_options):
        self.p = subprocess.Popen([binary, "lsp"], stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        self.q = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()
        self.next_id = 1
        self.request("initialize", {"processId": None, "rootUri": None, "capabilities": {}, "initializationOptions": init_options})
        self.notify("initialized", {})

    def _read(self):
        out = self.p.stdout
        while True:
            length = None
            while True:
                line = out.readline()
                if not line:
                    return
                line = line.strip()
                if not line:
                    break
                if line.lower().startswith(b"content-length:"):
                    length = int(line.split(b":")[1])
            self.q.put(json.loads(out.read(length)))

    def send(self, msg):
        body = json.dumps(msg).encode()
        self.p.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.p.stdin.flush()

    def notify(self, method, params):
        self.send({"jsonrpc": "2.0", "method": method, "params": params})

    def request(self, method, params):
        i = self.next_id
        self.next_id += 1
        self.send({"jsonrpc": "2.0", "id": i, "method": method, "params": params})
        while True:
            m = self.q.get(timeout=60)
            if m.get("id") == i and "method" not in m:
                return m

    def wait_diagnostics(self, uri, version):
        while True:
            m = self.q.get(timeout=120)
            if m.get("method") == "textDocument/publishDiagnostics" and m["params"]["uri"] == uri and m["params"].get("version") == version:
                return m["params"]["diagnostics"]

    def close(self):
        self.request("shutdown", None)
        self.notify("exit", None)
        self.p.wait(timeout=10)


def big_document(target_bytes):
    parts, size = [], 0
    with open(os.path.join(ROOT, "../shared/corpora/almayadeen-2023-02.jsonl"), encoding="utf-8") as f:
        for line in f:
            text = json.loads(line)["text"]
            parts.append(text)
            size += len(text.encode())
            if size >= target_bytes:
                break
    return "\n\n".join(parts) + "\n"


def measure(server, uri, text, edits):
    server.notify("textDocument/didOpen", {"textDocument": {"uri": uri, "languageId": "plaintext", "version": 1, "text": text}})
    server.wait_diagnostics(uri, 1)
    lines = text.split("\n")
    samples = []
    for k in range(edits):
        version = k + 2
        line = (k * 7919) % len(lines)
        change = {"range": {"start": {"line": line, "character": 0}, "end": {"line": line, "character": 0}}, "text": "ا"}
        t0 = time.perf_counter()
        server.notify("textDocument/didChange", {"textDocument": {"uri": uri, "version": version}, "contentChanges": [change]})
        server.wait_diagnostics(uri, version)
        samples.append((time.perf_counter() - t0) * 1000)
    return samples


def pct(samples, p):
    s = sorted(samples)
    return s[min(len(s) - 1, int(round(p / 100 * (len(s) - 1))))]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--binary", default=os.path.join(ROOT, "target/release/seedlint"))
    ap.add_argument("--edits", type=int, default=200)
    ap.add_argument("--debounce-ms", type=int, default=0)
    ap.add_argument("--json", action="store_true", help="print one JSON object instead of a table")
    args = ap.parse_args()
    seed = open(os.path.join(ROOT, "seeds/002_08c1b5b6e238ba33.txt"), encoding="utf-8").read()
    big = big_document(1_000_000)
    server = Server(args.binary, {"debounceMs": args.debounce_ms, "workspaceIndex": False})
    results = []
    for name, text, n in [("seed 002", seed, args.edits), ("1 MB (AlMayadeen)", big, max(20, args.edits // 4))]:
        s = measure(server, f"untitled:{name.replace(' ', '_')}", text, n)
        results.append({"document": name, "bytes": len(text.encode()), "edits": n,
                        "p50_ms": statistics.median(s), "p99_ms": pct(s, 99), "max_ms": max(s)})
    server.close()
    if args.json:
        print(json.dumps(results))
        return
    print(f"didChange -> publishDiagnostics, one-character edits, debounce {args.debounce_ms} ms, {os.cpu_count()} cores")
    print(f"{'document':<28}{'size':>10}{'edits':>7}{'p50 ms':>10}{'p99 ms':>10}{'max ms':>10}")
    for r in results:
        print(f"{r['document']:<28}{r['bytes']:>10}{r['edits']:>7}{r['p50_ms']:>10.2f}{r['p99_ms']:>10.2f}{r['max_ms']:>10.2f}")


if __name__ == "__main__":
    sys.exit(main())
