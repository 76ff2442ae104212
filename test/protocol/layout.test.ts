import * as assert from 'node:assert/strict';
import { unlinkSync } from 'node:fs';
import * as path from 'node:path';
import type { PublishDiagnosticsParams } from 'vscode-languageserver/node';
import { LspClient, TempWorkspace } from './client';

const CREATED = 1;
const CHANGED = 2;
const DELETED = 3;

const codes = (p: PublishDiagnosticsParams) => p.diagnostics.map((d) => String(d.code)).sort();
const has = (code: string) => (p: PublishDiagnosticsParams) => codes(p).includes(code);
const lacks = (code: string) => (p: PublishDiagnosticsParams) => !codes(p).includes(code);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const JOURNAL = (...tags: string[]) =>
  JSON.stringify({ version: '7', dialect: 'postgresql', entries: tags.map((tag, idx) => ({ idx, version: '7', when: 1735689600000 + idx, tag, breakpoints: true })) });

// A per-file finding of its own (prefer-bigint): idempotency findings are off in an up/down set.
const ORDERS = 'CREATE TABLE orders (id integer PRIMARY KEY);\n';
const INDEX = 'CREATE INDEX users_name_idx ON users (name);\nCREATE TABLE notes (id bigint);\nCREATE INDEX notes_id_idx ON notes (id);\n';

describe('language server: migration sets', function () {
  let ws: TempWorkspace;
  let client: LspClient;

  before(async function () {
    this.timeout(120_000); // the first run builds the bundle
    ws = new TempWorkspace();
    // An up/down set whose 002 has no down file and whose 001 down file does not parse…
    ws.write('migrations/001_users.up.sql', 'CREATE TABLE users (id bigint, name text);\n');
    ws.write('migrations/001_users.down.sql', 'DROP TABEL users;\n');
    ws.write('migrations/002_orders.up.sql', ORDERS);
    ws.write('migrations/003_index.up.sql', INDEX);
    ws.write('migrations/003_index.down.sql', 'DROP INDEX users_name_idx;\nDROP TABLE notes;\n');
    // …and a Drizzle set (outside the default migration globs) whose 0002 is missing from the journal.
    ws.write('drizzle/0000_init.sql', 'CREATE TABLE accounts (id bigint);\n');
    ws.write('drizzle/0001_more.sql', 'ALTER TABLE accounts ADD COLUMN name text;\n');
    ws.write('drizzle/0002_orphan.sql', 'CREATE TABLE late (id bigint);\n');
    ws.write('drizzle/meta/_journal.json', JOURNAL('0000_init', '0001_more'));
    // The set-level findings on their own: the background lint of every file is tested in background-lint.test.ts.
    client = await LspClient.start({ workspaceUri: ws.uri, settings: { debounceMs: 50, lintOpenFilesOnly: true } });
  });

  after(async () => {
    await client?.stop();
    ws?.dispose();
  });

  it('publishes set-level findings on files that were never opened', async () => {
    const orders = await client.waitForDiagnostics(ws.uriOf('migrations/002_orders.up.sql'), has('missing-down-migration'));
    assert.deepEqual(codes(orders), ['missing-down-migration']);
    assert.deepEqual(orders.diagnostics[0].range, { start: { line: 0, character: 0 }, end: { line: 0, character: ORDERS.indexOf('\n') } });
    const orphan = await client.waitForDiagnostics(ws.uriOf('drizzle/0002_orphan.sql'), has('file-missing-from-journal'));
    assert.deepEqual(codes(orphan), ['file-missing-from-journal']);
    const down = await client.waitForDiagnostics(ws.uriOf('migrations/001_users.down.sql'), has('down-does-not-parse'));
    assert.deepEqual(codes(down), ['down-does-not-parse']);
    // Files without set findings get nothing (per-file findings come only with opening).
    assert.equal(client.mark(ws.uriOf('migrations/001_users.up.sql')), 0);
    assert.equal(client.mark(ws.uriOf('drizzle/0000_init.sql')), 0);
  });

  it('merges set findings into an open document with its per-file findings', async () => {
    const uri = ws.uriOf('migrations/002_orders.up.sql');
    await client.open(uri, ORDERS);
    const p = await client.waitForDiagnostics(uri, (d) => d.version === 1);
    assert.ok(has('missing-down-migration')(p), JSON.stringify(codes(p)));
    assert.ok(has('prefer-bigint')(p), 'per-file findings too');
  });

  it('reports a down file syntax error once: per-file while open, set-level when closed', async () => {
    const uri = ws.uriOf('migrations/001_users.down.sql');
    await client.open(uri, 'DROP TABEL users;\n');
    const open = await client.waitForDiagnostics(uri, (d) => d.version === 1);
    assert.deepEqual(codes(open).filter((c) => c !== 'drop-table'), ['syntax-error']);
    const since = client.mark(uri);
    await client.close(uri);
    const closed = await client.waitForDiagnostics(uri, () => true, since);
    assert.deepEqual(codes(closed), ['down-does-not-parse']);
  });

  it('lints a set member with its set context: the drizzle convention outside the migration globs, earlier tables as existing', async () => {
    const drizzle = ws.uriOf('drizzle/0001_more.sql');
    await client.open(drizzle, 'CREATE INDEX CONCURRENTLY accounts_name_idx ON accounts (name);\n');
    const d = await client.waitForDiagnostics(drizzle, (p) => p.version === 1);
    const tx = d.diagnostics.find((x) => x.code === 'concurrently-in-transaction');
    assert.ok(tx, JSON.stringify(codes(d)));
    assert.match(tx.message, /Drizzle's migrator applies all pending migrations in one transaction/);

    const index = ws.uriOf('migrations/003_index.up.sql');
    await client.open(index, INDEX);
    const i = await client.waitForDiagnostics(index, (p) => p.version === 1);
    const fired = i.diagnostics.filter((x) => x.code === 'create-index-not-concurrently');
    assert.deepEqual(fired.map((x) => x.range.start.line), [0], 'fires on users (an earlier migration), not on notes (this file)');
    assert.match(fired[0].message, /existing table users/);
  });

  it('withdraws missing-down-migration when the down file is created, from open and closed files', async () => {
    const uri = ws.uriOf('migrations/002_orders.up.sql');
    const since = client.mark(uri);
    const down = ws.write('migrations/002_orders.down.sql', 'DROP TABLE orders;\n');
    await client.fileChanged(down, CREATED);
    const p = await client.waitForDiagnostics(uri, lacks('missing-down-migration'), since);
    assert.ok(has('prefer-bigint')(p), 'the per-file findings stay');

    const orphan = ws.uriOf('drizzle/0002_orphan.sql');
    const before = client.mark(orphan);
    ws.write('drizzle/meta/_journal.json', JOURNAL('0000_init', '0001_more', '0002_orphan'));
    await client.fileChanged(ws.uriOf('drizzle/meta/_journal.json'), CHANGED);
    const cleared = await client.waitForDiagnostics(orphan, () => true, before);
    assert.deepEqual(cleared.diagnostics, []);
  });

  it('does not detect the sets again while typing, only on file events', async () => {
    const uri = ws.uriOf('migrations/002_orders.up.sql');
    unlinkSync(path.join(ws.dir, 'migrations/002_orders.down.sql'));
    const version = await client.change(uri, `${ORDERS}-- typing\n`);
    const typed = await client.waitForDiagnostics(uri, (p) => p.version === version);
    await sleep(600); // past the set debounce: nothing may have re-detected
    assert.ok(lacks('missing-down-migration')(typed));
    assert.ok(client.published.get(uri)!.slice(-1).every(lacks('missing-down-migration')), 'no later publication brings it back');

    const since = client.mark(uri);
    await client.fileChanged(ws.uriOf('migrations/002_orders.down.sql'), DELETED);
    const back = await client.waitForDiagnostics(uri, has('missing-down-migration'), since);
    assert.equal(back.version, version);
  });

  it('shows set findings on an open file that is not a migration (the Drizzle journal)', async () => {
    const journal = ws.uriOf('drizzle/meta/_journal.json');
    const text = JOURNAL('0000_init', '0001_more', '0002_orphan', '0003_gone');
    ws.write('drizzle/meta/_journal.json', text);
    await client.fileChanged(journal, CHANGED);
    await client.waitForDiagnostics(journal, has('journal-missing-file'));
    await client.open(journal, text, 'json');
    const open = await client.waitForDiagnostics(journal, (p) => p.version === 1);
    assert.deepEqual(codes(open), ['journal-missing-file']);
  });

  it('keeps set findings on a document after it is closed', async () => {
    const uri = ws.uriOf('migrations/002_orders.up.sql');
    const since = client.mark(uri);
    await client.close(uri);
    const p = await client.waitForDiagnostics(uri, () => true, since);
    assert.deepEqual(codes(p), ['missing-down-migration']);
  });

  it('detects again when a file the sets do not know is saved (clients without file watchers)', async () => {
    const up = ws.uriOf('migrations/002_orders.up.sql');
    const since = client.mark(up);
    const down = ws.write('migrations/002_orders.down.sql', 'DROP TABLE orders;\n');
    await client.open(down, 'DROP TABLE orders;\n');
    await client.connection.sendNotification('textDocument/didSave', { textDocument: { uri: down } });
    const p = await client.waitForDiagnostics(up, () => true, since);
    assert.deepEqual(p.diagnostics, []);
  });

  it('lints a just-created migration the sets do not know yet with its set context, before any watcher event', async () => {
    // What "New Migration" does: write the file and the journal, then open the file at once.
    // The drizzle folder is outside the migration globs: only a fresh detection makes it a migration.
    ws.write('drizzle/meta/_journal.json', JOURNAL('0000_init', '0001_more', '0002_orphan', '0003_gone', '0005_fresh'));
    const fresh = ws.write('drizzle/0005_fresh.sql', '');
    await client.open(fresh, '');
    const linted = await client.waitForDiagnostics(fresh, has('empty-migration'));
    assert.equal(linted.version, 1);
    // The set rules then run on the new file too: 0004 is missing between 0003 and 0005.
    await client.waitForDiagnostics(fresh, has('gap-in-numbering'));
  });
});
