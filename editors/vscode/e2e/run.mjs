// End-to-end: the packaged extension in real VS Code (code-server) in headless
// Chromium. Opens an Arabic seed, waits for seedlint's findings in the Problems
// panel, checks them, hovers a finding, and saves screenshots.
//
// Env: CODE_SERVER (code-server binary), VSIX (the packaged extension),
//      SEED (a seed file), SCREENSHOTS (output folder, optional).
import { chromium } from "playwright-core";
import { execFileSync, spawn } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as net from "node:net";

const codeServer = process.env.CODE_SERVER;
const vsix = process.env.VSIX;
const seed = process.env.SEED;
const shots = process.env.SCREENSHOTS;
if (!codeServer || !vsix || !seed) {
  console.error("CODE_SERVER, VSIX and SEED must be set");
  process.exit(2);
}

function fail(message) {
  console.error(`FAIL: ${message}`);
  process.exitCode = 1;
  throw new Error(message);
}

async function freePort() {
  return new Promise((resolve) => {
    const srv = net.createServer();
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

async function waitFor(check, what, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) fail(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

const work = fs.mkdtempSync(path.join(os.tmpdir(), "seedlint-e2e-"));
const ext = path.join(work, "extensions");
const userData = path.join(work, "user-data");
const ws = path.join(work, "workspace");
fs.mkdirSync(path.join(userData, "User"), { recursive: true });
fs.mkdirSync(ws, { recursive: true });
fs.writeFileSync(
  path.join(userData, "User", "settings.json"),
  JSON.stringify({
    "security.workspace.trust.enabled": false,
    "workbench.startupEditor": "none",
    "workbench.tips.enabled": false,
    "extensions.autoUpdate": false,
    "extensions.autoCheckUpdates": false,
    "telemetry.telemetryLevel": "off",
    "editor.fontSize": 15,
    "window.zoomLevel": 0,
  }),
);
const seedName = path.basename(seed);
fs.copyFileSync(seed, path.join(ws, seedName));

execFileSync(codeServer, ["--install-extension", vsix, "--extensions-dir", ext], { stdio: "inherit" });

const port = await freePort();
const server = spawn(
  codeServer,
  ["--auth", "none", "--bind-addr", `127.0.0.1:${port}`, "--disable-telemetry", "--disable-update-check",
   "--disable-workspace-trust", "--user-data-dir", userData, "--extensions-dir", ext, ws],
  { stdio: ["ignore", "pipe", "pipe"] },
);
let serverLog = "";
server.stdout.on("data", (d) => (serverLog += d));
server.stderr.on("data", (d) => (serverLog += d));

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--lang=en-US"],
});
try {
  await waitFor(async () => {
    try {
      const r = await fetch(`http://127.0.0.1:${port}/healthz`);
      return r.ok;
    } catch {
      return false;
    }
  }, "code-server to listen", 60_000);

  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  await page.goto(`http://127.0.0.1:${port}/?folder=${encodeURIComponent(ws)}`);
  await page.waitForSelector(".monaco-workbench", { timeout: 120_000 });
  await page.waitForTimeout(3000);

  // Open the seed with Quick Open.
  await page.keyboard.press("Control+P");
  await page.waitForSelector(".quick-input-widget:not([style*='display: none']) input", { timeout: 20_000 });
  await page.keyboard.type(seedName);
  await page.waitForTimeout(1000);
  await page.keyboard.press("Enter");
  await page.waitForSelector(`.tab[aria-label*="${seedName}"]`, { timeout: 20_000 }).catch(() => {});

  // Open the Problems panel and wait for seedlint's findings.
  await page.keyboard.press("Control+Shift+M");
  const problems = await waitFor(async () => {
    const rows = await page.$$eval(".markers-panel .monaco-list-row", (els) => els.map((e) => e.textContent || ""));
    return rows.some((r) => r.includes("SL101")) ? rows : null;
  }, "seedlint findings in the Problems panel", 90_000);
  const text = problems.join("\n");
  for (const code of ["SL101", "SL203", "SL204", "SL303"]) {
    if (!text.includes(code)) fail(`Problems panel lacks ${code}:\n${text}`);
  }
  if (!text.includes("seedlint")) fail("findings do not name their source");
  console.log(`Problems panel: ${problems.length} rows, e.g. ${problems[0].slice(0, 120)}`);

  // The status bar item counts the findings.
  const statusItem = await waitFor(
    async () => (await page.$$eval(".statusbar-item", (els) => els.map((e) => e.textContent || ""))).find((t) => t.includes("seedlint:")),
    "the seedlint status bar item",
    20_000,
  );
  console.log(`status bar: ${statusItem.trim()}`);

  // An entity card: put the cursor on a person's name and show the hover.
  const seedText = fs.readFileSync(seed, "utf8").split("\n");
  const nameLine = seedText.findIndex((l) => l.includes("درور شالوم"));
  if (nameLine < 0) fail("the seed lacks the name used for the hover");
  // VS Code columns count UTF-16 units, 1-based.
  const nameColumn = seedText[nameLine].slice(0, seedText[nameLine].indexOf("درور شالوم")).length + 2;
  await page.keyboard.press("Escape");
  await page.click(".monaco-editor .view-lines");
  await page.keyboard.press("Control+G");
  await page.waitForSelector(".quick-input-widget:not([style*='display: none']) input", { timeout: 20_000 });
  await page.keyboard.type(`${nameLine + 1}:${nameColumn}`);
  await page.keyboard.press("Enter");
  await page.waitForTimeout(500);
  const card = await waitFor(async () => {
    await page.keyboard.press("Control+K");
    await page.keyboard.press("Control+I");
    await page.waitForTimeout(700);
    const hovers = await page.$$eval(".monaco-hover-content, .monaco-hover", (els) => els.map((e) => e.textContent || ""));
    return hovers.find((h) => h.includes("dror-shalom")) || null;
  }, "the entity card on درور شالوم", 30_000);
  console.log(`hover: ${card.replace(/\s+/g, " ").slice(0, 120)}`);
  if (shots) {
    fs.mkdirSync(shots, { recursive: true });
    await page.screenshot({ path: path.join(shots, "vscode-entity.png") });
  }
  await page.keyboard.press("Escape");

  // The document's entities in the Outline view (document symbols).
  await page.keyboard.press("Control+Shift+P");
  await page.waitForSelector(".quick-input-widget:not([style*='display: none']) input", { timeout: 20_000 });
  await page.keyboard.type("Focus on Outline View");
  await page.waitForTimeout(800);
  await page.keyboard.press("Enter");
  const outline = await waitFor(async () => {
    const rows = await page.$$eval(".outline-pane .monaco-list-row, [id*='outline'] .monaco-list-row", (els) => els.map((e) => e.textContent || ""));
    return rows.some((r) => r.includes("Morocco")) ? rows : null;
  }, "entities in the Outline view", 30_000);
  // The list is virtualised (only visible rows exist), so check the first entity:
  // the most mentioned one, with its kind and count, and its mentions as children.
  if (!outline[0].includes("Morocco") || !outline[0].includes("place ×7")) fail(`Outline starts with:\n${outline.join("\n")}`);
  if (!outline.some((r) => r.includes("line 1"))) fail(`Outline has no mentions under the entity:\n${outline.join("\n")}`);
  console.log(`outline: ${outline.length} entities, e.g. ${outline[0].slice(0, 60)}`);

  if (shots) {
    fs.mkdirSync(shots, { recursive: true });
    await page.screenshot({ path: path.join(shots, "vscode.png") });
    console.log(`screenshot: ${path.join(shots, "vscode.png")}`);
  }
  console.log("vscode e2e: all checks passed");
} catch (e) {
  if (!process.exitCode) process.exitCode = 1;
  const pages = browser.contexts().flatMap((c) => c.pages());
  if (pages[0]) {
    const where = path.join(shots || work, "failure.png");
    await pages[0].screenshot({ path: where }).catch(() => {});
    console.error(`failure screenshot: ${where}`);
  }
  console.error(String(e));
  console.error("code-server log (tail):\n" + serverLog.split("\n").slice(-30).join("\n"));
} finally {
  await browser.close();
  server.kill();
}
