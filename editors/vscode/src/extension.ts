// The seedlint VS Code extension: starts `seedlint lsp` and adds a status bar
// item and a few commands. Everything else (diagnostics, hovers, quick fixes,
// fix-all) comes from the server.
import * as vscode from "vscode";
import {
  LanguageClient,
  LanguageClientOptions,
  ServerOptions,
  State,
} from "vscode-languageclient/node";
import { documentSelector, findBinary, notFoundMessage, statusText } from "./binary";

let client: LanguageClient | undefined;
let status: vscode.StatusBarItem;
let output: vscode.OutputChannel;
let state: "starting" | "running" | "stopped" = "stopped";

function countFindings(): number {
  const editor = vscode.window.activeTextEditor;
  if (!editor) return 0;
  return vscode.languages.getDiagnostics(editor.document.uri).filter((d) => d.source === "seedlint").length;
}

function refreshStatus(): void {
  status.text = statusText(state, countFindings());
  status.tooltip = `seedlint server: ${state}`;
  status.show();
}

function initializationOptions(config: vscode.WorkspaceConfiguration) {
  const configPath = config.get<string>("configPath");
  return {
    configPath: configPath && configPath.trim() !== "" ? configPath : undefined,
    severity: config.get<Record<string, string>>("severity") ?? {},
    workspaceIndex: config.get<boolean>("workspaceIndex") ?? true,
  };
}

async function start(context: vscode.ExtensionContext): Promise<void> {
  const config = vscode.workspace.getConfiguration("seedlint");
  const setting = config.get<string>("path");
  const binary = findBinary(setting, context.extensionPath);
  if (!binary) {
    state = "stopped";
    refreshStatus();
    const message = notFoundMessage(setting);
    output.appendLine(message);
    void vscode.window.showErrorMessage(message, "Open settings").then((choice) => {
      if (choice) void vscode.commands.executeCommand("workbench.action.openSettings", "seedlint.path");
    });
    return;
  }
  output.appendLine(`seedlint: using ${binary.path} (${binary.source})`);
  // No explicit transport: the client would append --stdio; stdio is the default anyway.
  const serverOptions: ServerOptions = { command: binary.path, args: ["lsp"] };
  const clientOptions: LanguageClientOptions = {
    documentSelector: documentSelector(config.get<string[]>("include") ?? []),
    initializationOptions: initializationOptions(config),
    outputChannel: output,
    middleware: {
      // Run from the command palette, the server's commands get the active document.
      executeCommand: async (command, args, next) => {
        const uri = vscode.window.activeTextEditor?.document.uri.toString();
        if (command === "seedlint.fixAll" && args.length === 0) {
          if (!uri) return undefined;
          return next(command, [uri]);
        }
        if (command === "seedlint.showRuleDocs") {
          const code = args[0] ?? (await pickRule());
          if (!code) return undefined;
          const docs = (await next(command, [code])) as { markdown?: string } | undefined;
          if (docs?.markdown) {
            const doc = await vscode.workspace.openTextDocument({ language: "markdown", content: docs.markdown });
            await vscode.commands.executeCommand("markdown.showPreview", doc.uri);
          }
          return docs;
        }
        return next(command, args);
      },
    },
  };
  client = new LanguageClient("seedlint", "seedlint", serverOptions, clientOptions);
  client.onDidChangeState((e) => {
    state = e.newState === State.Running ? "running" : e.newState === State.Starting ? "starting" : "stopped";
    refreshStatus();
  });
  state = "starting";
  refreshStatus();
  await client.start();
}

/** A rule code from the findings in the active editor, or typed. */
async function pickRule(): Promise<string | undefined> {
  const editor = vscode.window.activeTextEditor;
  const codes = new Set<string>();
  if (editor) {
    for (const d of vscode.languages.getDiagnostics(editor.document.uri)) {
      if (d.source === "seedlint" && typeof d.code === "object" && d.code !== null) codes.add(String(d.code.value));
      else if (d.source === "seedlint" && d.code !== undefined) codes.add(String(d.code));
    }
  }
  if (codes.size > 0) {
    return vscode.window.showQuickPick([...codes].sort(), { placeHolder: "Rule" });
  }
  return vscode.window.showInputBox({ prompt: "Rule code or name (e.g. SL101)" });
}

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  output = vscode.window.createOutputChannel("seedlint");
  status = vscode.window.createStatusBarItem(vscode.StatusBarAlignment.Right, 100);
  status.command = "seedlint.showOutput";
  context.subscriptions.push(
    output,
    status,
    vscode.commands.registerCommand("seedlint.restart", async () => {
      if (client) {
        await client.stop();
        client = undefined;
      }
      await start(context);
    }),
    vscode.commands.registerCommand("seedlint.showOutput", () => output.show()),
    vscode.languages.onDidChangeDiagnostics(() => refreshStatus()),
    vscode.window.onDidChangeActiveTextEditor(() => refreshStatus()),
    vscode.workspace.onDidChangeConfiguration(async (e) => {
      if (e.affectsConfiguration("seedlint")) {
        await vscode.commands.executeCommand("seedlint.restart");
      }
    }),
  );
  await start(context);
}

export async function deactivate(): Promise<void> {
  if (client) {
    await client.stop();
  }
}
