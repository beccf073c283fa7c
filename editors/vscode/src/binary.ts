// Finding the seedlint binary. Pure (no vscode import) so it is unit-tested.
import * as fs from "fs";
import * as path from "path";

export interface Candidate {
  path: string;
  source: "setting" | "bundled" | "PATH";
}

/** Folder name of the binary shipped for a platform, e.g. linux-x64. */
export function platformDir(platform: string = process.platform, arch: string = process.arch): string {
  return `${platform}-${arch}`;
}

function executable(file: string): boolean {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

/**
 * The binary to run, in order: the `seedlint.path` setting, the binary shipped in
 * the extension for this platform, then `seedlint` on PATH. `null` if none exists.
 */
export function findBinary(
  setting: string | undefined,
  extensionDir: string,
  envPath: string = process.env.PATH ?? "",
  platform: string = process.platform,
  arch: string = process.arch,
): Candidate | null {
  const exe = platform === "win32" ? "seedlint.exe" : "seedlint";
  if (setting && setting.trim() !== "") {
    return executable(setting) ? { path: setting, source: "setting" } : null;
  }
  const bundled = path.join(extensionDir, "bin", platformDir(platform, arch), exe);
  if (executable(bundled)) {
    return { path: bundled, source: "bundled" };
  }
  for (const dir of envPath.split(path.delimiter)) {
    if (!dir) continue;
    const candidate = path.join(dir, exe);
    if (executable(candidate)) {
      return { path: candidate, source: "PATH" };
    }
  }
  return null;
}

/** Why no binary was found, in words a user can act on. */
export function notFoundMessage(setting: string | undefined): string {
  if (setting && setting.trim() !== "") {
    return `seedlint: the binary set in "seedlint.path" (${setting}) does not exist or is not executable.`;
  }
  return 'seedlint: no seedlint binary found. Install it (cargo install --path . in the seedlint repository) or set "seedlint.path".';
}

/** The document selector: plain text, Markdown, and the user's extra globs. */
export type Filter = { scheme: string; language: string } | { scheme: string; pattern: string };

export function documentSelector(include: string[]): Filter[] {
  const selector: Filter[] = [
    { scheme: "file", language: "plaintext" },
    { scheme: "untitled", language: "plaintext" },
    { scheme: "file", language: "markdown" },
  ];
  for (const pattern of include) {
    selector.push({ scheme: "file", pattern });
  }
  return selector;
}

/** Text of the status bar item for a server state and a count of findings. */
export function statusText(state: "starting" | "running" | "stopped", findings: number): string {
  if (state === "starting") return "$(sync~spin) seedlint";
  if (state === "stopped") return "$(circle-slash) seedlint";
  return findings === 0 ? "$(check) seedlint" : `$(warning) seedlint: ${findings}`;
}
