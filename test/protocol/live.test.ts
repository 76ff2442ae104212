/**
 * The live database over the language server protocol: connect with a URL (as the client does
 * from SecretStorage), the status of each migration, and CodeLens with the locked table's figures
 * on a pending migration. A real PostgreSQL 15 started by the test.
 */
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import type { CodeLens } from 'vscode-languageserver/node';
import { COMMANDS, type ForwardFixParams } from '../../shared/protocol';
import { nativeUnavailable, skipEachWithoutPostgres, startNativePostgres, type NativePostgres } from '../unit/preview/native-postgres';
import { LspClient, TempWorkspace } from './client';

const unavailable = nativeUnavailable();

describe('language server: live database', function () {
  let server: NativePostgres | undefined;
  let ws: TempWorkspace;
  let client: LspClient;
  let url = '';

  before(async function () {
    this.timeout(120_000);
    if (unavailable) return;
    server = await startNativePostgres();
    const admin = await server.connect();
    await admin.query('CREATE DATABASE app');
    const app = await server.connect('app');
    await app.query(`CREATE TABLE orders (id bigint PRIMARY KEY, email text);
      INSERT INTO orders SELECT g, NULL FROM generate_series(1, 2000) g; ANALYZE orders;
      CREATE TABLE schema_migrations (version bigint NOT NULL PRIMARY KEY, dirty boolean NOT NULL); INSERT INTO schema_migrations VALUES (1, false);`);
    url = server.url('app');
    ws = new TempWorkspace();
    ws.write('migrations/1_orders.up.sql', 'CREATE TABLE orders (id bigint PRIMARY KEY, email text);\n');
    ws.write('migrations/1_orders.down.sql', 'DROP TABLE orders;\n');
    ws.write('migrations/2_email.up.sql', 'ALTER TABLE orders ALTER COLUMN email SET NOT NULL;\n');
    ws.write('migrations/2_email.down.sql', 'ALTER TABLE orders ALTER COLUMN email DROP NOT NULL;\n');
    client = await LspClient.start({ workspaceUri: ws.uri, settings: { debounceMs: 50 } });
  });
  skipEachWithoutPostgres(unavailable);
  after(async function () {
    this.timeout(30_000);
    await client?.stop();
    ws?.dispose();
    await server?.stop();
  });

  it('connect: the status of each migration, the pending count, CodeLens with figures and probe verdicts', async function () {
    this.timeout(60_000);
    const status = await client.connection.sendRequest<{ connected: boolean; error?: string; pending: number; sets: { status: { migrations: { migration: string; state: string }[] } }[] }>(
      'migrationLens/live/connect', { folderUri: ws.uri, url });
    assert.equal(status.error, undefined);
    assert.equal(status.connected, true);
    assert.equal(status.pending, 1);
    assert.deepEqual(status.sets[0].status.migrations.map((m) => `${m.state} ${m.migration}`), ['applied 1_orders', 'pending 2_email']);

    const uri = ws.uriOf('migrations/2_email.up.sql');
    let lenses = await client.connection.sendRequest<CodeLens[]>('textDocument/codeLens', { textDocument: { uri } });
    assert.equal(lenses.length, 1, JSON.stringify(lenses));
    assert.equal(lenses[0].range.start.line, 0);
    assert.match(lenses[0].command!.title, /^Live: orders: 2 k rows, [\d.]+ kB \(small table\)$/);

    const probed = await client.connection.sendRequest<{ failing: number }>('migrationLens/live/status', { folderUri: ws.uri, probes: true });
    assert.equal(probed.failing, 1);
    lenses = await client.connection.sendRequest<CodeLens[]>('textDocument/codeLens', { textDocument: { uri } });
    assert.match(lenses[0].command!.title, /^Live: orders: 2 k rows, [\d.]+ kB \(small table\) · ✗ will fail: column email of orders has NULLs$/);

    const checklist = await client.connection.sendRequest<string>('migrationLens/live/checklist', { folderUri: ws.uri, path: path.join(ws.dir, 'migrations/2_email.up.sql') });
    assert.match(checklist, /^### Pre-flight checklist: 2_email\n/);

    const off = await client.connection.sendRequest<{ connected: boolean }>('migrationLens/live/disconnect', { folderUri: ws.uri });
    assert.equal(off.connected, false);
    assert.deepEqual(await client.connection.sendRequest<CodeLens[]>('textDocument/codeLens', { textDocument: { uri } }), []);
  });

  it('drift: each set\'s drift comes with the status; after a change behind the migrations\' back, the server reads again once a preview ran', async function () {
    this.timeout(90_000);
    type Drift = { items: { kind: string; object: string; migration?: { path: string; line: number } }[]; upTo?: string; error?: string };
    type Status = { connected: boolean; error?: string; sets: { drift?: Drift }[] };
    const status = await client.connection.sendRequest<Status>('migrationLens/live/connect', { folderUri: ws.uri, url });
    assert.equal(status.error, undefined);
    assert.deepEqual(status.sets[0].drift, { items: [], upTo: 'migrations/1_orders.up.sql' });

    const app = await server!.connect('app');
    await app.query('ALTER TABLE orders ALTER COLUMN email SET DEFAULT \'x\'; CREATE TABLE audit (id int)');
    const reread = new Promise<Status>((resolve) => client.connection.onNotification('migrationLens/live/changed', (s: Status) => s.sets[0]?.drift?.items.length && resolve(s)));
    await client.connection.sendRequest('migrationLens/preview', { dirty: [] });
    const after = await reread;
    const file = path.join(ws.dir, 'migrations/1_orders.up.sql');
    assert.deepEqual(after.sets[0].drift!.items.map((i) => [i.kind, i.object, i.migration ? `${i.migration.path}:${i.migration.line}` : '']), [
      ['different', 'column public.orders.email', `${file}:1`],
      ['extra', 'table public.audit', ''],
    ]);
    await client.connection.sendRequest('migrationLens/live/disconnect', { folderUri: ws.uri });
    await app.query('ALTER TABLE orders ALTER COLUMN email DROP DEFAULT; DROP TABLE audit');
  });

  it('a migration the database reports as applied gets forward fixes instead of edits; a pending one keeps its edits', async function () {
    this.timeout(90_000);
    const uri = ws.uriOf('migrations/2_email.up.sql');
    await client.open(uri, 'ALTER TABLE orders ALTER COLUMN email SET NOT NULL;\n');
    const published = await client.waitForDiagnostics(uri, (p) => p.diagnostics.some((d) => d.code === 'missing-lock-timeout'));
    const diagnostic = published.diagnostics.find((d) => d.code === 'missing-lock-timeout')!;
    const actions = () => client.codeActions(uri, diagnostic.range, [diagnostic]);
    const app = await server!.connect('app');
    try {
      // Pending (the database is at version 1): the fix edits the file.
      assert.equal((await client.connection.sendRequest<{ error?: string }>('migrationLens/live/connect', { folderUri: ws.uri, url })).error, undefined);
      const pending = await actions();
      assert.ok(pending.some((a) => a.edit && a.title === "Add SET lock_timeout = '5s' and SET statement_timeout = '15min'"), pending.map((a) => a.title).join(', '));
      assert.ok(!pending.some((a) => a.command?.command === COMMANDS.createForwardFix));

      // Applied (version 2): no action writes into the file, the fix is a forward-fix migration.
      await app.query('UPDATE schema_migrations SET version = 2');
      const status = await client.connection.sendRequest<{ sets: { status: { migrations: { migration: string; state: string }[] } }[] }>('migrationLens/live/status', { folderUri: ws.uri });
      assert.deepEqual(status.sets[0].status.migrations.map((m) => `${m.state} ${m.migration}`), ['applied 1_orders', 'applied 2_email']);
      const applied = await actions();
      assert.deepEqual(applied.filter((a) => a.edit).map((a) => a.title), [], 'no action edits an applied migration');
      const forward = applied.find((a) => a.command?.command === COMMANDS.createForwardFix);
      assert.equal(forward?.title, "Create a forward-fix migration… (Add SET lock_timeout = '5s' and SET statement_timeout = '15min')");
      assert.match((forward!.command!.arguments![0] as ForwardFixParams).body, /^-- Forward fix for missing-lock-timeout in 2_email, which is already applied to the connected database and is not edited\./);

      // Disconnected: nothing says it is applied any more.
      await client.connection.sendRequest('migrationLens/live/disconnect', { folderUri: ws.uri });
      assert.ok((await actions()).some((a) => a.edit && a.title === "Add SET lock_timeout = '5s' and SET statement_timeout = '15min'"));
    } finally {
      await app.query('UPDATE schema_migrations SET version = 1');
      await client.close(uri);
    }
  });

  it('a refused connection is a status with the reason, not a failed request', async function () {
    this.timeout(30_000);
    const status = await client.connection.sendRequest<{ connected: boolean; error?: string }>('migrationLens/live/connect', { folderUri: ws.uri, url: 'postgres://u:pw@127.0.0.1:1/app' });
    assert.equal(status.error, 'u@127.0.0.1:1/app: connection refused (is PostgreSQL running and listening on that host and port?)');
  });
});
