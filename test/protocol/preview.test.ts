/**
 * The schema preview and the proofs over the protocol (shared/protocol.ts): the server detects
 * the sets, previews them on one session per set with `$/progress` reports, publishes apply
 * errors and proof findings along with the lint's diagnostics, offers the rules' quick fixes on
 * proof findings, and drops a dismissed finding at once.
 */
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { WorkDoneProgress, type CodeAction } from 'vscode-languageserver/node';
import { METHODS, SOURCES, type ProveResult, type SchemaChangeResult, type SetsResult } from '../../shared/protocol';
import { LspClient, TempWorkspace } from './client';

const FIXTURES = path.resolve(__dirname, '../fixtures/proofs');
const fixture = (set: string, rel: string) => readFileSync(path.join(FIXTURES, set, rel), 'utf8');

describe('language server: schema preview and proofs', function () {
  this.timeout(180_000);
  let ws: TempWorkspace;
  let client: LspClient;
  const schema = 'db/init/01_schema.sql';
  const seed = 'db/init/02_seed.sql';

  before(async () => {
    ws = new TempWorkspace();
    ws.write(schema, fixture('idempotency-bad', schema));
    ws.write(seed, fixture('idempotency-bad', seed));
    client = await LspClient.start({ workspaceUri: ws.uri, settings: { debounceMs: 50 } });
  });

  after(async () => {
    await client?.stop();
    ws?.dispose();
  });

  it('lists the sets without starting a session; a preview applies them and reports progress', async () => {
    const listed = await client.connection.sendRequest<SetsResult>(METHODS.sets, {});
    assert.deepEqual(listed.sets.map((s) => [s.set.relRoot, s.set.files.length, s.result]), [['db/init', 2, undefined]]);
    assert.equal(listed.sessions, 0);

    const reports: string[] = [];
    client.connection.onProgress(WorkDoneProgress.type, 'p1', (v) => {
      if (v.kind === 'report' && v.message) reports.push(v.message);
    });
    const previewed = await client.connection.sendRequest<SetsResult>(METHODS.preview, { dirty: [], workDoneToken: 'p1' });
    assert.equal(previewed.sessions, 1);
    const result = previewed.sets[0].result!;
    assert.equal(result.ok, true, result.error?.message);
    assert.deepEqual(result.files.map((f) => f.status), ['applied', 'applied']);
    assert.ok(result.schema.schemas.find((s) => s.name === 'public')?.tables.some((t) => t.name === 'genres'));
    assert.deepEqual(reports, ['db/init: 2 files (1/1)']);
    // The DDL of each object comes with the model, index for index (the client renders no SQL).
    const publicIndex = result.schema.schemas.findIndex((s) => s.name === 'public');
    const genresIndex = result.schema.schemas[publicIndex].tables.findIndex((t) => t.name === 'genres');
    assert.match(previewed.sets[0].ddl!.schemas[publicIndex].tables[genresIndex].ddl, /^CREATE TABLE public\.genres \(/);
  });

  it('publishes proof findings with the lint diagnostics, offers ignore and docs quick fixes, and dismisses at once', async () => {
    const uri = ws.uriOf(seed);
    const since = client.mark(uri);
    const proved = await client.connection.sendRequest<ProveResult>(METHODS.prove, { kind: 'idempotency', dirty: [] });
    assert.equal(proved.runs.length, 1);
    assert.equal(proved.runs[0].covered, 2);
    assert.equal(proved.runs[0].result?.ok, true);
    const published = await client.waitForDiagnostics(uri, (p) => p.diagnostics.filter((d) => d.source === SOURCES.proofs).length === 2, since, 60_000);
    const again = published.diagnostics.find((d) => d.source === SOURCES.proofs && d.message.includes('changes data again'))!;
    assert.equal(again.code, 'proof-idempotency');
    assert.equal(again.range.start.line, 2);

    await client.open(uri, fixture('idempotency-bad', seed));
    const actions = (await client.codeActions(uri, again.range, [again])) as CodeAction[];
    assert.deepEqual(actions.map((a) => a.title), [
      'Ignore proof-idempotency for this statement',
      'Ignore proof-idempotency for this file',
      'Show documentation for proof-idempotency',
    ]);
    assert.equal(actions[0].command?.command, 'migrationLens.dismissProofFinding');

    const before = client.mark(uri);
    await client.connection.sendRequest(METHODS.dismissProofFinding, { path: path.join(ws.dir, seed), ruleId: 'proof-idempotency', at: actions[0].command!.arguments![2] });
    // The next publication without that finding (the lint of the opened document may come first, with it).
    const after = await client.waitForDiagnostics(uri, (p) => p.diagnostics.filter((d) => d.source === SOURCES.proofs).length === 1, before);
    assert.deepEqual(after.diagnostics.filter((d) => d.source === SOURCES.proofs).map((d) => d.range.start.line), [1]);

    // "Clear Proof Results": the rest goes too, the lint diagnostics stay.
    const beforeClear = client.mark(uri);
    assert.ok((await client.connection.sendRequest<number>(METHODS.clearProofResults)) >= 1);
    const cleared = await client.waitForDiagnostics(uri, (p) => !p.diagnostics.some((d) => d.source === SOURCES.proofs), beforeClear);
    assert.ok(cleared.diagnostics.length > 0, 'the lint findings are still there');
  });

  it('gives the schema before and after one migration', async () => {
    const change = await client.connection.sendRequest<SchemaChangeResult>(METHODS.schemaChange, { file: path.join(ws.dir, seed), dirty: [] });
    const tables = (m: SchemaChangeResult['before']) => m.schemas.flatMap((s) => s.tables.map((t) => t.name)).sort();
    assert.deepEqual(tables(change.before), tables(change.after), 'the seed file creates no table');
    assert.equal(change.error, undefined);
    assert.match(change.afterSql, /CREATE TABLE public\.genres \(/, 'the diff view\'s SQL comes rendered');
  });
});

describe('language server: the preview\'s notes are findings of apply-note', function () {
  this.timeout(180_000);
  let ws: TempWorkspace;
  let client: LspClient;

  before(async () => {
    ws = new TempWorkspace();
    ws.write('db/init/01_open.sql', 'BEGIN;\nCREATE TABLE a (id int);\n');
    ws.write('db/init/02_open.sql', '-- lens-ignore apply-note -- the runner commits for us\nBEGIN;\nCREATE TABLE b (id int);\n');
    client = await LspClient.start({ workspaceUri: ws.uri, settings: { debounceMs: 50 } });
  });

  after(async () => {
    await client?.stop();
    ws?.dispose();
  });

  it('a suppression comment silences a note, as in migration-lens check', async () => {
    const first = ws.uriOf('db/init/01_open.sql');
    const second = ws.uriOf('db/init/02_open.sql');
    await client.connection.sendRequest<SetsResult>(METHODS.preview, { dirty: [] });
    const noted = await client.waitForDiagnostics(first, (p) => p.diagnostics.some((d) => d.source === SOURCES.preview), 0, 60_000);
    const note = noted.diagnostics.find((d) => d.source === SOURCES.preview)!;
    assert.equal(note.code, 'apply-note');
    assert.match(note.message, /ends inside the transaction this BEGIN opened/);
    const secondNotes = (client.published.get(second) ?? []).flatMap((p) => p.diagnostics).filter((d) => d.source === SOURCES.preview);
    assert.deepEqual(secondNotes, []);
  });
});
