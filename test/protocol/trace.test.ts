import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { InlayHint, MarkupContent, PublishDiagnosticsParams } from 'vscode-languageserver/node';
import { LspClient, TempWorkspace } from './client';

const FIXTURES = path.resolve(__dirname, '../fixtures/proofs');
const fixture = (set: string, rel: string) => readFileSync(path.join(FIXTURES, set, rel), 'utf8');
const codes = (p: PublishDiagnosticsParams) => p.diagnostics.map((d) => String(d.code));
const label = (h: InlayHint) => (typeof h.label === 'string' ? h.label : h.label.map((p) => p.value).join(''));

describe('language server: lock trace of the edited migration', function () {
  this.timeout(120_000);
  let ws: TempWorkspace;
  let client: LspClient;
  const accounts = 'migrations/0001_accounts.sql';
  const widen = 'migrations/0002_widen_ids.sql';

  before(async () => {
    ws = new TempWorkspace();
    ws.write(accounts, fixture('trace-bad', accounts));
    ws.write(widen, fixture('trace-bad', widen));
    client = await LspClient.start({ workspaceUri: ws.uri, settings: { debounceMs: 50 } });
  });

  after(async () => {
    await client?.stop();
    ws?.dispose();
  });

  it('shows the locks and the rewrite of a statement static rules cannot read, as an inlay hint, a hover and a proof-lock warning', async () => {
    const uri = ws.uriOf(widen);
    const text = fixture('trace-bad', widen);
    await client.open(uri, text);
    const published = await client.waitForDiagnostics(uri, (p) => codes(p).includes('proof-lock'), 0, 60_000);
    const warning = published.diagnostics.find((d) => d.code === 'proof-lock')!;
    assert.equal(warning.range.start.line, 2, 'on the DO statement');
    assert.match(warning.message, /ACCESS EXCLUSIVE on table accounts \(blocks reads and writes\) and rewrites accounts/);

    const hints = (await client.inlayHints(uri)) ?? [];
    const doHint = hints.find((h) => h.position.line === 2);
    assert.ok(doHint, `a hint on the DO line; got ${JSON.stringify(hints)}`);
    assert.equal(label(doHint), '🔒 ACCESS EXCLUSIVE accounts +1 · rewrite');
    assert.ok(client.inlayHintRefreshes > 0, 'the server asked the client to refresh its inlay hints');

    const hover = await client.hover(uri, { line: 7, character: 10 });
    const value = (hover?.contents as MarkupContent).value;
    assert.match(value, /Observed in PostgreSQL/);
    assert.match(value, /`ACCESS EXCLUSIVE` on table `accounts`: blocks reads and writes/);
    assert.match(value, /Rewrites `accounts`/);

    // The warning has the rules' quick fixes: ignore it for the statement or the file, and its documentation.
    const actions = await client.codeActions(uri, warning.range, [warning]);
    assert.deepEqual(actions.map((a) => a.title), ['Ignore proof-lock for this statement', 'Ignore proof-lock for this file', 'Show documentation for proof-lock']);
    const edit = (actions[0].edit?.documentChanges?.[0] as { edits: { newText: string }[] }).edits[0];
    assert.equal(edit.newText, '-- lens-ignore proof-lock -- reason\n');
    const docs = await client.connection.sendRequest<string>('migrationLens/ruleDocs', { ruleId: 'proof-lock' });
    assert.match(docs, /^\*\*proof-lock\*\*/);
    assert.match(docs, /lens-ignore proof-lock/);
  });

  it('follows the edit: a catalog-only ADD COLUMN shows its brief lock and is no finding', async () => {
    const uri = ws.uriOf(widen);
    const version = await client.change(uri, fixture('trace-fixed', widen));
    const published = await client.waitForDiagnostics(uri, (p) => p.version === version && !codes(p).includes('proof-lock'), 0, 30_000);
    assert.ok(!codes(published).includes('proof-lock'));
    // The hint belongs to the new version once its trace arrives.
    const deadline = Date.now() + 30_000;
    let hints: InlayHint[] = [];
    while (Date.now() < deadline) {
      hints = (await client.inlayHints(uri)) ?? [];
      if (hints.some((h) => h.position.line === 1)) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    assert.deepEqual(hints.map((h) => [h.position.line, label(h)]), [[1, '🔒 ACCESS EXCLUSIVE accounts']]);
  });

  it('is silenced by lens-ignore proof-lock', async () => {
    const uri = ws.uriOf(widen);
    const text = fixture('trace-bad', widen).replace('DO $$', '-- lens-ignore proof-lock -- reviewed: accounts is tiny\nDO $$');
    const version = await client.change(uri, text);
    // Wait until the trace of this version is in (its hint), then check the diagnostics that came with it.
    const deadline = Date.now() + 30_000;
    while (Date.now() < deadline && !((await client.inlayHints(uri)) ?? []).some((h) => h.position.line === 3)) await new Promise((r) => setTimeout(r, 50));
    const published = await client.waitForDiagnostics(uri, (p) => p.version === version, 0, 10_000);
    assert.deepEqual(codes(published).filter((c) => c.startsWith('proof-') || c === 'unused-ignore'), []);
  });

  it('after the set changes, traces a document again when the editor asks for its hints, not before', async () => {
    const uri = ws.uriOf(widen);
    const version = await client.change(uri, fixture('trace-bad', widen));
    await client.waitForDiagnostics(uri, (p) => p.version === version && codes(p).includes('proof-lock'), 0, 60_000);
    // A new migration appears: the set changed, the trace is out of date and dropped…
    const refreshes = client.inlayHintRefreshes;
    const since = client.mark(uri);
    const later = ws.write('migrations/0003_later.sql', 'SELECT 1;\n');
    await client.fileChanged(later, 1);
    await client.waitForDiagnostics(uri, (p) => !codes(p).includes('proof-lock'), since, 10_000);
    assert.ok(client.inlayHintRefreshes > refreshes, 'the server asked the editor to ask for its hints again');
    // …and redone once the editor asks for the hints of what it shows.
    const again = client.mark(uri);
    assert.deepEqual((await client.inlayHints(uri)) ?? [], []);
    await client.waitForDiagnostics(uri, (p) => codes(p).includes('proof-lock'), again, 60_000);
  });
});

describe('language server: no lock trace for a document lint refused', function () {
  this.timeout(120_000);
  let ws: TempWorkspace;
  let client: LspClient;

  before(async () => {
    ws = new TempWorkspace();
    // A small maxFileSize: the second migration is over it, so lint refuses it (unlintable-file).
    ws.write('.migration-lens.json', JSON.stringify({ maxFileSize: 120 }));
    ws.write('migrations/0001_accounts.sql', 'CREATE TABLE accounts (id bigint PRIMARY KEY);\n');
    client = await LspClient.start({ workspaceUri: ws.uri, settings: { debounceMs: 50 } });
  });

  after(async () => {
    await client?.stop();
    ws?.dispose();
  });

  const sessions = async () => (await client.connection.sendRequest<{ sessions: number }>('migrationLens/sets', {})).sessions;

  it('traces neither at once nor when the editor asks for its hints; a document lint accepts is traced', async () => {
    const big = ws.uriOf('migrations/0002_big.sql');
    const text = `-- ${'x'.repeat(200)}\nALTER TABLE accounts ALTER COLUMN id TYPE numeric;\n`;
    ws.write('migrations/0002_big.sql', text);
    await client.open(big, text);
    await client.waitForDiagnostics(big, (p) => codes(p).includes('unlintable-file'), 0, 30_000);
    assert.deepEqual((await client.inlayHints(big)) ?? [], []);
    // The trace's debounce is 150 ms: well past it, no preview worker was started for it.
    await new Promise((r) => setTimeout(r, 1500));
    assert.equal(await sessions(), 0, 'no preview session for a refused document');
    await client.close(big);

    const small = ws.uriOf('migrations/0003_small.sql');
    const ok = 'ALTER TABLE accounts ADD COLUMN n int;\n';
    ws.write('migrations/0003_small.sql', ok);
    await client.open(small, ok);
    await client.inlayHints(small);
    const end = Date.now() + 30_000;
    while ((await sessions()) === 0 && Date.now() < end) await new Promise((r) => setTimeout(r, 200));
    assert.equal(await sessions(), 1, 'the accepted document is traced');
  });
});
