/**
 * The schema preview in a real VS Code: "Migration Lens: Preview Schema" applies the fixture
 * workspace's sets to PGlite in the worker, the Schema and Migrations views show the result
 * (read through the extension's tree data providers), "Go to origin" and "Show schema change"
 * work, and a failing migration becomes a diagnostic at the failing token.
 */
import * as assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { PreviewApi } from '../../../client/src/preview/index';
import type { MigrationNode } from '../../../client/src/preview/migrations-tree';
import type { SchemaNode } from '../../../client/src/preview/schema-tree';
import { EXTENSION_ID, fileUri, useFixture, workspaceRoot } from './helpers';

const PREVIEW_SOURCE = 'migration-lens-preview';
const BROKEN = 'prisma/migrations/202605010000_broken/migration.sql';

async function api(): Promise<PreviewApi> {
  workspaceRoot();
  return (await vscode.extensions.getExtension(EXTENSION_ID)!.activate()) as PreviewApi;
}

/** The Schema view's node at this label path (set, schema, group, object…), failing with what was there instead. */
async function schemaNode(tree: vscode.TreeDataProvider<SchemaNode>, ...labels: string[]): Promise<SchemaNode> {
  let node: SchemaNode | undefined;
  for (const label of labels) {
    const children = (await tree.getChildren(node)) ?? [];
    const next = children.find((c) => c.label === label);
    assert.ok(next, `no "${label}" under ${node?.label ?? 'the root'}; saw [${children.map((c) => c.label).join(', ')}]`);
    node = next;
  }
  return node!;
}

async function childLabels(tree: vscode.TreeDataProvider<SchemaNode>, node: SchemaNode): Promise<string[]> {
  return ((await tree.getChildren(node)) ?? []).map((c) => c.label);
}

/** The Migrations view's file rows of a set, as tree items. */
async function fileItems(tree: vscode.TreeDataProvider<MigrationNode>, setLabel: string): Promise<vscode.TreeItem[]> {
  const sets = (await tree.getChildren()) ?? [];
  const set = sets.find((s) => (tree.getTreeItem(s) as vscode.TreeItem).label === setLabel);
  assert.ok(set, `no set "${setLabel}" in the Migrations view`);
  return ((await tree.getChildren(set)) ?? []).map((n) => tree.getTreeItem(n) as vscode.TreeItem);
}

const iconId = (item: vscode.TreeItem) => (item.iconPath as vscode.ThemeIcon).id;

suite('schema preview in a real VS Code', () => {
  // Earlier suites leave files behind (snippet scratch files, unsaved quick fixes) that are migrations too.
  suiteSetup(() => useFixture());
  suiteTeardown(async () => {
    await fs.rm(path.dirname(fileUri(BROKEN).fsPath), { recursive: true, force: true });
  });

  test('Preview Schema fills the Schema view with the tables and columns the migrations create', async function () {
    this.timeout(120_000);
    const { schemaTree, migrationsTree } = await api();
    await vscode.commands.executeCommand('migrationLens.preview');

    const tables = await schemaNode(schemaTree, 'db/init', 'public', 'Tables');
    assert.deepEqual(await childLabels(schemaTree, tables), ['genres', 'movies', 'recommendations']);
    const movies = await schemaNode(schemaTree, 'db/init', 'public', 'Tables', 'movies');
    const columns = (await schemaTree.getChildren(movies))!;
    assert.deepEqual(columns.slice(0, 6).map((c) => c.label), ['id', 'name', 'year', 'embedding', 'created_at', 'poster_url']);
    const byLabel = (label: string) => schemaTree.getTreeItem(columns.find((c) => c.label === label)!) as vscode.TreeItem;
    assert.equal(byLabel('name').description, 'text NOT NULL');
    assert.equal(byLabel('embedding').description, 'vector(1536)');
    assert.equal(byLabel('created_at').description, 'timestamp with time zone NOT NULL DEFAULT now()');
    assert.equal(iconId(byLabel('id')), 'key');
    const check = columns.find((c) => c.label === 'movies_year_check');
    assert.match(check?.ddl ?? '', /^ALTER TABLE public\.movies ADD CONSTRAINT movies_year_check CHECK/);
    // The movies table's tooltip is its DDL; its origin is the CREATE TABLE line.
    assert.match(movies.ddl ?? '', /^CREATE TABLE public\.movies \(/);
    assert.equal(movies.origin?.line, 6);

    const prefs = await schemaNode(schemaTree, 'prisma/migrations', 'public', 'Tables', 'sessions');
    assert.ok((await childLabels(schemaTree, prefs)).includes('last_seen_at'), 'the column the second Prisma migration adds');

    const files = await fileItems(migrationsTree, 'db/init');
    assert.deepEqual(files.map((f) => f.label), ['01_schema.sql', '02_recommendations.sql']);
    assert.deepEqual(files.map(iconId), ['pass', 'pass']);
  });

  test('Go to origin opens the migration at the line that created the object', async function () {
    this.timeout(60_000);
    const { schemaTree } = await api();
    const index = await schemaNode(schemaTree, 'db/init', 'public', 'Tables', 'recommendations', 'recommendations_session_idx');
    await vscode.commands.executeCommand('migrationLens.goToOrigin', index);
    const editor = vscode.window.activeTextEditor;
    assert.equal(editor?.document.uri.fsPath, fileUri('db/init/02_recommendations.sql').fsPath);
    assert.equal(editor.selection.start.line, 9, 'CREATE INDEX … recommendations_session_idx is on line 10');
  });

  test('Show schema change diffs the schema DDL before and after one migration', async function () {
    this.timeout(60_000);
    await api();
    const shown = await vscode.commands.executeCommand<boolean>('migrationLens.showSchemaChange', fileUri('db/init/02_recommendations.sql'));
    assert.equal(shown, true);
    const docs = vscode.workspace.textDocuments.filter((d) => d.uri.scheme === 'migration-lens-schema');
    const before = docs.find((d) => d.uri.path.endsWith('02_recommendations/before.sql'));
    const after = docs.find((d) => d.uri.path.endsWith('02_recommendations/after.sql'));
    assert.ok(before && after, `schema documents: ${docs.map((d) => d.uri.toString()).join(', ')}`);
    assert.match(before.getText(), /CREATE TABLE public\.movies/);
    assert.doesNotMatch(before.getText(), /recommendations/);
    assert.match(after.getText(), /CREATE TABLE public\.recommendations \(/);
    assert.match(after.getText(), /ADD CONSTRAINT recommendations_movie_fk FOREIGN KEY \(movie_id\) REFERENCES (public\.)?movies\(id\);/);
  });

  test('a failing migration: a diagnostic at the failing token, ✗ in the Migrations view, the schema as of the last good file', async function () {
    this.timeout(120_000);
    const { schemaTree, migrationsTree } = await api();
    const uri = fileUri(BROKEN);
    await fs.mkdir(path.dirname(uri.fsPath), { recursive: true });
    const failing = 'CREATE VIEW audit_view AS SELECT id, no_such_column FROM audit;';
    await fs.writeFile(uri.fsPath, `-- Ünïcödé before the error.\nCREATE TABLE IF NOT EXISTS audit (id bigint PRIMARY KEY);\n${failing}\n`);
    await vscode.commands.executeCommand('migrationLens.preview');

    const diags = vscode.languages.getDiagnostics(uri).filter((d) => d.source === PREVIEW_SOURCE);
    assert.equal(diags.length, 1, `preview diagnostics: ${JSON.stringify(diags)}`);
    assert.equal(diags[0].severity, vscode.DiagnosticSeverity.Error);
    assert.match(diags[0].message, /column "no_such_column" does not exist/);
    // PostgreSQL's error position, mapped back: the column name, not the start of the statement.
    assert.deepEqual([diags[0].range.start.line, diags[0].range.start.character], [2, failing.indexOf('no_such_column')]);
    // The rule id, configured and documented like any rule's; PostgreSQL's SQLSTATE ends the message.
    assert.equal(diags[0].code, 'apply-error');
    assert.match(diags[0].message, /\nSQLSTATE: 42703$/);

    const files = await fileItems(migrationsTree, 'prisma/migrations');
    assert.deepEqual(files.map(iconId), ['pass', 'pass', 'error']);
    // The row counts the apply error too, as the Problems panel does.
    assert.match(String(files[2].description), /^[1-9]\d* errors?\b/);
    const set = await schemaNode(schemaTree, 'prisma/migrations');
    assert.match(String((schemaTree.getTreeItem(set) as vscode.TreeItem).description), /as of the last good file \(failed at migration\.sql:3\)/);
    // A Prisma migration is one transaction: the audit table of the failing file is rolled back.
    assert.deepEqual(await childLabels(schemaTree, await schemaNode(schemaTree, 'prisma/migrations', 'public', 'Tables')), ['sessions', 'user_preferences']);

    // Fixed: the next preview clears the diagnostic.
    await fs.writeFile(uri.fsPath, '-- Ünïcödé before the error.\nCREATE TABLE IF NOT EXISTS audit (id bigint PRIMARY KEY);\n');
    await vscode.commands.executeCommand('migrationLens.preview');
    assert.equal(vscode.languages.getDiagnostics(uri).filter((d) => d.source === PREVIEW_SOURCE).length, 0);
    assert.deepEqual(await childLabels(schemaTree, await schemaNode(schemaTree, 'prisma/migrations', 'public', 'Tables')), ['audit', 'sessions', 'user_preferences']);
  });
});
