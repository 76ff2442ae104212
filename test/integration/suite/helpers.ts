/** Shared helpers for tests that run inside the VS Code extension host. */
import * as assert from 'node:assert/strict';
import { existsSync, promises as fs, readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import * as vscode from 'vscode';

export const EXTENSION_ID = 'migration-lens.migration-lens';
export const SOURCE = 'migration-lens';

/** The workspace the runner opened: always a temp copy of test/fixtures/workspace, never the repo. */
export function workspaceRoot(): string {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the integration tests need a workspace folder (test/fixtures/workspace, copied)');
  const extension = vscode.extensions.getExtension(EXTENSION_ID);
  assert.ok(extension, `extension ${EXTENSION_ID} is not loaded`);
  const relative = path.relative(extension.extensionPath, folder.uri.fsPath);
  assert.ok(relative.startsWith('..') || path.isAbsolute(relative), `refusing to edit files inside the repository: ${folder.uri.fsPath}`);
  return folder.uri.fsPath;
}

/**
 * Makes the workspace hold exactly the fixture folder `test/fixtures/<fixture>`: unsaved editors
 * are reverted, files the fixture lacks are deleted, the fixture's files are copied in.
 */
export async function useFixture(fixture = 'workspace'): Promise<void> {
  const root = workspaceRoot();
  const source = path.join(vscode.extensions.getExtension(EXTENSION_ID)!.extensionPath, 'test/fixtures', fixture);
  for (const doc of vscode.workspace.textDocuments.filter((d) => d.isDirty && d.uri.scheme === 'file' && d.uri.fsPath.startsWith(root))) {
    await vscode.window.showTextDocument(doc);
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  }
  for (const rel of (await fs.readdir(root, { recursive: true })).sort()) {
    if (!existsSync(path.join(source, rel))) await fs.rm(path.join(root, rel), { recursive: true, force: true });
  }
  await fs.cp(source, root, { recursive: true });
}

/** A module of the repository's bench/ folder (plain ES modules the tests share with the benchmarks). */
export async function benchModule<T>(name: string): Promise<T> {
  const file = path.join(vscode.extensions.getExtension(EXTENSION_ID)!.extensionPath, 'bench', name);
  return (await import(pathToFileURL(file).href)) as T;
}

export function fileUri(relativePath: string): vscode.Uri {
  return vscode.Uri.file(path.join(workspaceRoot(), relativePath));
}

export async function openInEditor(relativePath: string): Promise<vscode.TextDocument> {
  const doc = await vscode.workspace.openTextDocument(fileUri(relativePath));
  await vscode.window.showTextDocument(doc);
  return doc;
}

export function lensDiagnostics(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === SOURCE);
}

export function ruleIdOf(d: vscode.Diagnostic): string | undefined {
  const code = d.code;
  if (code === undefined) return undefined;
  return typeof code === 'object' ? String(code.value) : String(code);
}

/** Resolves with the Migration Lens diagnostics of `uri` once `ready` accepts them; fails after `timeoutMs`. */
export function waitForDiagnostics(
  uri: vscode.Uri,
  ready: (diags: vscode.Diagnostic[]) => boolean,
  what: string,
  timeoutMs = 30_000,
): Promise<vscode.Diagnostic[]> {
  return new Promise((resolve, reject) => {
    const check = () => {
      const diags = lensDiagnostics(uri);
      if (!ready(diags)) return false;
      finish();
      resolve(diags);
      return true;
    };
    const timer = setTimeout(() => {
      finish();
      const seen = lensDiagnostics(uri).map((d) => `${ruleIdOf(d)}@${d.range.start.line + 1}:${d.range.start.character + 1}`);
      reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what} in ${uri.fsPath}; saw [${seen.join(', ')}]`));
    }, timeoutMs);
    const sub = vscode.languages.onDidChangeDiagnostics((e) => {
      if (e.uris.some((u) => u.toString() === uri.toString())) check();
    });
    const finish = () => {
      clearTimeout(timer);
      sub.dispose();
    };
    check();
  });
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The language server: the extension host's child process running dist/server.js. */
export function serverPid(): string {
  const pid = readdirSync('/proc').find((p) => {
    if (!/^\d+$/.test(p)) return false;
    try {
      const stat = readFileSync(`/proc/${p}/stat`, 'utf8');
      const ppid = stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1];
      return Number(ppid) === process.pid && readFileSync(`/proc/${p}/cmdline`, 'utf8').includes('dist/server.js');
    } catch {
      return false;
    }
  });
  assert.ok(pid, 'the language server process was not found');
  return pid;
}
