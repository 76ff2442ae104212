/**
 * "Show schema change": VS Code's diff editor on the schema (as DDL) before and after one
 * migration. Both sides are read-only virtual documents of the `migration-lens-schema` scheme.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { PreviewController } from './controller';

export const SCHEMA_SCHEME = 'migration-lens-schema';

export class SchemaDocuments implements vscode.TextDocumentContentProvider {
  private readonly texts = new Map<string, string>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.texts.get(uri.toString()) ?? '-- This schema is no longer available: run "Show Schema Change" again.\n';
  }

  /** A document with this text; the same name shows the new text in an editor that has it open. */
  put(name: string, text: string): vscode.Uri {
    const uri = vscode.Uri.from({ scheme: SCHEMA_SCHEME, path: `/${name}` });
    this.texts.set(uri.toString(), text);
    this.changed.fire(uri);
    return uri;
  }
}

/** The file from the Migrations tree (a node), the editor title or context menu (a Uri), or the active editor. */
export function targetFile(arg: unknown): string | undefined {
  if (arg instanceof vscode.Uri) return arg.fsPath;
  const node = arg as { kind?: string; file?: { path?: unknown } } | undefined;
  if (node?.kind === 'file' && typeof node.file?.path === 'string') return node.file.path;
  const editor = vscode.window.activeTextEditor;
  return editor?.document.uri.scheme === 'file' ? editor.document.uri.fsPath : undefined;
}

export async function showSchemaChange(controller: PreviewController, docs: SchemaDocuments, file: string | undefined): Promise<boolean> {
  if (!file) {
    void vscode.window.showWarningMessage('Show Schema Change: open a migration file first.');
    return false;
  }
  // An untrusted workspace asks first; a cancel needs no message (the consent holds for schemaChange).
  if (!(await controller.allowsRun())) return false;
  const change = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: `Migration Lens: applying up to ${path.basename(file)}` },
    () => controller.schemaChange(file),
  );
  if (!change) {
    void vscode.window.showWarningMessage(`Show Schema Change: ${path.basename(file)} is not a migration of a detected set.`);
    return false;
  }
  const name = path.basename(file) === 'migration.sql' ? path.basename(path.dirname(file)) : path.basename(file, '.sql');
  const before = docs.put(`${name}/before.sql`, change.beforeSql);
  const after = docs.put(`${name}/after.sql`, change.afterSql);
  if (change.error) void vscode.window.showWarningMessage(`${path.basename(file)} fails at line ${change.error.line}: ${change.error.message}. The right side shows the schema as the preview left it.`);
  await vscode.commands.executeCommand('vscode.diff', before, after, `Schema: before ↔ after ${path.basename(name)}`, { preview: true });
  return true;
}
