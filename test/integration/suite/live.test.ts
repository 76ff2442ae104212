/**
 * The live database in a real VS Code: a PostgreSQL 15 started by the test holds Prisma's history
 * table for the fixture workspace; "Migration Lens: Connect to Database…" (given the URL, as the
 * input box would) keeps it in SecretStorage, and the Migrations view shows each migration's state
 * (applied ✓ with its date, edited ⚠, failed ✗, pending ●), the status bar says "1 pending", and
 * the pending migration gets a CodeLens with the figures of the table it locks. Then objects are
 * changed behind the migrations' back and the Database Drift view lists exactly those, each row
 * opening the migration that makes the object at its line.
 */
import * as assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { promises as fs, readFileSync } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { ExtensionApi } from '../../../client/src/extension';
import type { MigrationNode } from '../../../client/src/preview/migrations-tree';
import { nativeUnavailable, startNativePostgres, type NativePostgres } from '../../unit/preview/native-postgres';
import { EXTENSION_ID, useFixture, workspaceRoot } from './helpers';

const FAILED = 'prisma/migrations/202605020000_add_flags/migration.sql';
const PENDING = 'prisma/migrations/202605030000_require_email/migration.sql';
const BASELINE = 'prisma/migrations/000000000000_baseline/migration.sql';
const PREFS = 'prisma/migrations/202604211430_add_prefs/migration.sql';

async function api(): Promise<ExtensionApi> {
  workspaceRoot();
  return (await vscode.extensions.getExtension(EXTENSION_ID)!.activate()) as ExtensionApi;
}

/** The file rows of a set, or undefined while the view does not list the set yet (the server reports set changes a moment after the files appear). */
async function fileItems(tree: vscode.TreeDataProvider<MigrationNode>, setLabel: string): Promise<vscode.TreeItem[] | undefined> {
  const sets = (await tree.getChildren()) ?? [];
  const set = sets.find((s) => (tree.getTreeItem(s) as vscode.TreeItem).label === setLabel);
  if (!set) return undefined;
  return ((await tree.getChildren(set)) ?? []).map((n) => tree.getTreeItem(n) as vscode.TreeItem);
}

async function until<T>(what: string, probe: () => Promise<T | undefined> | T | undefined, timeoutMs = 30_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

suite('live database in a real VS Code', () => {
  const unavailable = nativeUnavailable();
  let server: NativePostgres | undefined;
  let url = '';

  suiteSetup(async function () {
    this.timeout(120_000);
    if (unavailable) return;
    await useFixture();
    const root = workspaceRoot();
    await fs.mkdir(path.dirname(path.join(root, FAILED)), { recursive: true });
    await fs.writeFile(path.join(root, FAILED), 'ALTER TABLE "User" ADD COLUMN "flags" integer;\n');
    await fs.mkdir(path.dirname(path.join(root, PENDING)), { recursive: true });
    await fs.writeFile(path.join(root, PENDING), 'ALTER TABLE "User" ALTER COLUMN "name" SET NOT NULL;\n');
    const sum = (rel: string) => createHash('sha256').update(readFileSync(path.join(root, rel), 'utf8')).digest('hex');
    server = await startNativePostgres();
    const admin = await server.connect();
    await admin.query('CREATE DATABASE app');
    const app = await server.connect('app');
    // The database holds what the applied migrations make (the drift test then changes it behind their back).
    for (const rel of [BASELINE, PREFS]) await app.query(readFileSync(path.join(root, rel), 'utf8'));
    await app.query(`CREATE TABLE "User" (id serial PRIMARY KEY, name text); INSERT INTO "User" (name) SELECT 'u' || g FROM generate_series(1, 500) g; ANALYZE "User";
      CREATE TABLE _prisma_migrations (id varchar(36) PRIMARY KEY, checksum varchar(64) NOT NULL, finished_at timestamptz, migration_name varchar(255) NOT NULL,
        logs text, rolled_back_at timestamptz, started_at timestamptz NOT NULL DEFAULT now(), applied_steps_count integer NOT NULL DEFAULT 0);
      INSERT INTO _prisma_migrations (id, checksum, finished_at, migration_name, started_at) VALUES
        ('1', '${sum('prisma/migrations/000000000000_baseline/migration.sql')}', '2026-04-01 09:00+00', '000000000000_baseline', '2026-04-01 09:00+00'),
        ('2', '${'0'.repeat(64)}', '2026-04-21 14:30+00', '202604211430_add_prefs', '2026-04-21 14:30+00'),
        ('3', '${sum(FAILED)}', NULL, '202605020000_add_flags', '2026-05-02 10:00+00');`);
    url = server.url('app');
  });
  setup(function () {
    if (unavailable) {
      this.currentTest!.title += ` (skipped: ${unavailable})`;
      this.skip();
    }
  });
  suiteTeardown(async function () {
    this.timeout(30_000);
    await vscode.commands.executeCommand('migrationLens.disconnectDatabase');
    await server?.stop();
    const root = workspaceRoot();
    for (const rel of [FAILED, PENDING]) await fs.rm(path.dirname(path.join(root, rel)), { recursive: true, force: true });
  });

  test('Connect to Database…: the Migrations view marks each migration, the status bar counts the pending ones, a CodeLens sizes the locked table', async function () {
    this.timeout(120_000);
    const { live, migrationsTree } = await api();
    const folder = vscode.workspace.workspaceFolders![0];
    const status = await vscode.commands.executeCommand<{ error?: string; pending: number; database: string }>('migrationLens.connectDatabase', { url, folder: folder.uri });
    assert.ok(status, 'the command answered with the status');
    assert.equal(status.error, undefined);
    assert.equal(status.pending, 1);
    assert.match(live.barText, /^\$\(database\) 1 pending \$\(warning\) 2$/);

    const items = await until('the live marks in the Migrations view', async () => {
      const files = await fileItems(migrationsTree, 'prisma/migrations');
      return files?.every((f) => String(f.description ?? '').includes('db: ')) ? files : undefined;
    });
    const rows = items.map((i) => [i.label, (i.iconPath as vscode.ThemeIcon).id, String(i.description).replace(/ · .*$/, '')]);
    assert.deepEqual(rows, [
      ['000000000000_baseline/migration.sql', 'pass', 'db: ✓ applied 2026-04-01'],
      ['202604211430_add_prefs/migration.sql', 'warning', 'db: ⚠ edited since applied 2026-04-21'],
      ['202605020000_add_flags/migration.sql', 'error', 'db: ✗ failed 2026-05-02'],
      ['202605030000_require_email/migration.sql', 'circle-filled', 'db: ● pending'],
    ]);
    assert.equal(items[3].contextValue, 'migrationFilePending');

    const pendingUri = vscode.Uri.file(path.join(workspaceRoot(), PENDING));
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(pendingUri));
    const lenses = await until('a CodeLens on the pending migration', async () => {
      const got = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', pendingUri);
      return got?.some((l) => l.command?.title.startsWith('Live:')) ? got : undefined;
    });
    const lens = lenses.find((l) => l.command?.title.startsWith('Live:'))!;
    assert.equal(lens.range.start.line, 0);
    assert.match(lens.command!.title, /^Live: User: 500 rows, [\d.]+ kB \(small table\)$/);

    // The URL is in SecretStorage, not in any settings file.
    const settings = JSON.stringify(vscode.workspace.getConfiguration('migrationLens'));
    assert.ok(!settings.includes(url), 'the URL is not in the settings');
  });

  test('Database Drift: objects changed behind the migrations\' back are listed, each opening its migration at the line', async function () {
    this.timeout(120_000);
    const { driftTree } = await api();
    const folder = vscode.workspace.workspaceFolders![0];
    const app = await server!.connect('app');
    await app.query(`DROP INDEX sessions_user_id_idx; ALTER TABLE sessions ALTER COLUMN last_seen_at DROP NOT NULL; CREATE TYPE mood AS ENUM ('ok', 'meh');`);
    await vscode.commands.executeCommand('migrationLens.connectDatabase', { url, folder: folder.uri });
    await vscode.commands.executeCommand('migrationLens.refreshDatabaseStatus');

    const prisma = await until('the prisma set in the Database Drift view', () =>
      driftTree.getChildren().find((n) => n.kind === 'set' && driftTree.getTreeItem(n).label === 'prisma/migrations'));
    assert.match(String(driftTree.getTreeItem(prisma).description), /^prisma · 5 differences · up to 202604211430_add_prefs\/migration\.sql$/);
    const rows = driftTree.getChildren(prisma).map((n) => driftTree.getTreeItem(n)).map((i) => [i.label, (i.iconPath as vscode.ThemeIcon).id, i.description]);
    assert.deepEqual(rows, [
      ['column public.sessions.last_seen_at', 'diff-modified', 'different · 202604211430_add_prefs/migration.sql:17'],
      ['index public.sessions_user_id_idx', 'diff-removed', 'missing · 202604211430_add_prefs/migration.sql:19'],
      ['sequence public.User_id_seq', 'diff-added', 'extra · no migration makes it'],
      ['table public.User', 'diff-added', 'extra · no migration makes it'],
      ['type public.mood', 'diff-added', 'extra · no migration makes it'],
    ]);

    // A row opens the migration that makes the object, at its line.
    const missing = driftTree.getTreeItem(driftTree.getChildren(prisma)[1]);
    await vscode.commands.executeCommand(missing.command!.command, ...(missing.command!.arguments ?? []));
    const editor = await until('the migration open in an editor', () => (vscode.window.activeTextEditor?.document.uri.fsPath.endsWith(PREFS) ? vscode.window.activeTextEditor : undefined));
    assert.equal(editor.selection.active.line, 18);

    // Not connected: no rows, so the view shows its welcome text (how to connect).
    await vscode.commands.executeCommand('migrationLens.disconnectDatabase');
    assert.deepEqual(driftTree.getChildren(), []);
  });
});
