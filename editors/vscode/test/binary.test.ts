// Unit tests of the extension's pure logic (node:test, no VS Code needed).
import { test } from "node:test";
import * as assert from "node:assert/strict";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { documentSelector, findBinary, notFoundMessage, platformDir, statusText } from "../src/binary";

function fakeBinary(dir: string, name = "seedlint"): string {
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, name);
  fs.writeFileSync(file, "#!/bin/sh\n");
  fs.chmodSync(file, 0o755);
  return file;
}

test("the setting wins, and a bad setting is not silently replaced", () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "seedlint-"));
  const set = fakeBinary(path.join(tmp, "custom"));
  fakeBinary(path.join(tmp, "ext", "bin", platformDir("linux", "x64")));
  assert.deepEqual(findBinary(set, path.join(tmp, "ext"), "", "linux", "x64"), { path: set, source: "setting" });
  assert.equal(findBinary(path.join(tmp, "missing"), path.join(tmp, "ext"), "", "linux", "x64"), null);
  assert.match(notFoundMessage(path.join(tmp, "missing")), /does not exist or is not executable/);
});

test("then the bundled binary for the platform, then PATH", () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "seedlint-"));
  const bundled = fakeBinary(path.join(tmp, "ext", "bin", "linux-x64"));
  const onPath = fakeBinary(path.join(tmp, "usr", "bin"));
  assert.deepEqual(findBinary("", path.join(tmp, "ext"), path.join(tmp, "usr", "bin"), "linux", "x64"), { path: bundled, source: "bundled" });
  assert.deepEqual(findBinary("", path.join(tmp, "ext"), path.join(tmp, "usr", "bin"), "linux", "arm64"), { path: onPath, source: "PATH" });
  assert.equal(findBinary(undefined, path.join(tmp, "none"), path.join(tmp, "empty"), "linux", "x64"), null);
  assert.match(notFoundMessage(undefined), /no seedlint binary found/);
});

test("a file that is not executable is not a binary", () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "seedlint-"));
  const file = path.join(tmp, "seedlint");
  fs.writeFileSync(file, "x");
  fs.chmodSync(file, 0o644);
  assert.equal(findBinary("", path.join(tmp, "ext"), tmp, "linux", "x64"), null);
});

test("documents: plain text, markdown and the include globs", () => {
  const sel = documentSelector(["**/*.scraped"]);
  assert.ok(sel.some((s) => "language" in s && s.language === "plaintext" && s.scheme === "file"));
  assert.ok(sel.some((s) => "language" in s && s.language === "markdown"));
  assert.ok(sel.some((s) => "pattern" in s && s.pattern === "**/*.scraped"));
});

test("status bar text", () => {
  assert.equal(statusText("running", 0), "$(check) seedlint");
  assert.equal(statusText("running", 12), "$(warning) seedlint: 12");
  assert.equal(statusText("stopped", 3), "$(circle-slash) seedlint");
});
