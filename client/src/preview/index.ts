/**
 * Registers the schema preview: the Migrations and Schema views, the preview, diff, "Go to
 * origin" and "Copy DDL" commands and re-preview on save. Nothing heavy runs here: the language
 * server detects the sets when a view or command asks (and says when they change), and starts
 * PGlite only when a preview runs.
 */
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import type { LiveController } from '../live';
import { PreviewController } from './controller';
import { MigrationsTreeProvider } from './migrations-tree';
import { SchemaDocuments, SCHEMA_SCHEME, showSchemaChange, targetFile } from './schema-diff';
import { SchemaTreeProvider, type SchemaNode } from './schema-tree';
import type { MigrationSet } from '../../../shared/protocol';

/** What `activate` returns: the views' providers, for the integration tests. */
export interface PreviewApi {
  controller: PreviewController;
  migrationsTree: MigrationsTreeProvider;
  schemaTree: SchemaTreeProvider;
}

const AUTO_REFRESH_DEBOUNCE_MS = 300;
/** Paths of every detected migration, for the editor menus' `resourcePath in …` clauses. */
const FILES_CONTEXT_KEY = 'migrationLens.migrationFiles';

export function registerPreview(context: vscode.ExtensionContext, client: LanguageClient, output: vscode.OutputChannel, live?: LiveController): PreviewApi {
  const controller = new PreviewController(client, output);
  const migrationsTree = new MigrationsTreeProvider(controller, live);
  const schemaTree = new SchemaTreeProvider(controller);
  const docs = new SchemaDocuments();
  let autoTimer: NodeJS.Timeout | undefined;

  const onSave = async (doc: vscode.TextDocument) => {
    if (doc.uri.scheme !== 'file' || !/\.sql$/i.test(doc.uri.fsPath)) return;
    const sets = await controller.sets();
    if (!autoRefresh(controller, doc.uri)) return;
    if (!sets.some((e) => inSet(e.set, doc.uri.fsPath))) return;
    clearTimeout(autoTimer);
    autoTimer = setTimeout(() => void controller.preview(vscode.ProgressLocation.Window, 'save'), AUTO_REFRESH_DEBOUNCE_MS);
  };
  const refresh = () => controller.refresh();

  context.subscriptions.push(
    controller,
    migrationsTree,
    schemaTree,
    { dispose: () => clearTimeout(autoTimer) },
    vscode.window.registerTreeDataProvider('migrationLens.migrations', migrationsTree),
    vscode.window.registerTreeDataProvider('migrationLens.schema', schemaTree),
    vscode.workspace.registerTextDocumentContentProvider(SCHEMA_SCHEME, docs),
    vscode.commands.registerCommand('migrationLens.preview', () => controller.preview()),
    vscode.commands.registerCommand('migrationLens.showSchemaChange', (arg?: unknown) => showSchemaChange(controller, docs, targetFile(arg))),
    vscode.commands.registerCommand('migrationLens.goToOrigin', (node?: SchemaNode) => goToOrigin(node)),
    vscode.commands.registerCommand('migrationLens.copyDdl', async (node?: SchemaNode) => {
      if (node?.ddl) await vscode.env.clipboard.writeText(node.ddl + '\n');
    }),
    vscode.workspace.onDidChangeWorkspaceFolders(refresh),
    vscode.workspace.onDidChangeConfiguration((e) => e.affectsConfiguration('migrationLens') && refresh()),
    vscode.workspace.onDidSaveTextDocument((doc) => void onSave(doc)),
    controller.onDidChange(() => void updateFilesContext(controller)),
  );
  // After activation, off its clock: detect the sets once so that the editor menus know the migrations.
  const initial = setTimeout(() => void updateFilesContext(controller), 1500);
  context.subscriptions.push({ dispose: () => clearTimeout(initial) });
  return { controller, migrationsTree, schemaTree };
}

/**
 * `preview.autoRefresh` of the set holding the file, as the server resolved it: the
 * `migrationLens.preview.autoRefresh` setting, then `.migration-lens.json` (the later layer wins,
 * as for every setting).
 */
function autoRefresh(controller: PreviewController, uri: vscode.Uri): boolean {
  return controller.knownSets().some((e) => e.autoRefresh && inSet(e.set, uri.fsPath));
}

/** Whether a file lies in a set's folder (any of its folders, for a set joined by `sets`). */
function inSet(set: MigrationSet, fsPath: string): boolean {
  return (set.parts ?? [set]).some((p) => fsPath.startsWith(p.root));
}

async function updateFilesContext(controller: PreviewController): Promise<void> {
  const sets = await controller.sets();
  await vscode.commands.executeCommand('setContext', FILES_CONTEXT_KEY, sets.flatMap((e) => e.set.files.map((f) => f.path)));
}

async function goToOrigin(node: SchemaNode | undefined): Promise<void> {
  if (!node?.origin) return;
  const line = Math.max(0, node.origin.line - 1);
  const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(node.origin.path));
  const at = new vscode.Range(line, 0, line, doc.lineAt(Math.min(line, doc.lineCount - 1)).text.length);
  await vscode.window.showTextDocument(doc, { selection: at });
}
