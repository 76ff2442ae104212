/**
 * The schema preview and the proofs over the protocol (shared/protocol.ts): the server detects
 * the sets, previews them on one session per set with `$/progress` reports, publishes apply
 * errors and proof findings along with the lint's diagnostics, offers the rules' quick fixes on
 * proof findings, and drops a dismissed finding at once.
 */
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { CancellationTokenSource, DiagnosticSeverity, WorkDoneProgress, type CodeAction } from 'vscode-languageserver/node';
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
    // One set: the file count, then each step of the run, each file named as it is applied.
    assert.deepEqual(reports, ['2 files', 'starting PGlite', 'applying 1/2: 01_schema', 'applying 2/2: 02_seed', 'reading the schema']);
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

describe('language server: preview progress, cancel and the incremental path', function () {
  this.timeout(240_000);
  let ws: TempWorkspace;
  let client: LspClient;
  let tokens = 0;
  const dir = 'prisma/migrations';
  // Each file does some work, so that a cancel lands while files are still to apply.
  const busy = (i: number) => `CREATE TABLE t${i} (id int);\nDO $$ BEGIN PERFORM count(*) FROM generate_series(1, 300000); END $$;\n`;
  const name = (i: number) => `2025010100${String(i).padStart(4, '0')}_step_${i}`;
  const writeMigration = (i: number, text = busy(i)) => ws.write(`${dir}/${name(i)}/migration.sql`, text);

  /** Runs a preview, collecting its progress messages; `onReport` may cancel it. */
  async function preview(onReport?: (message: string, cancel: () => void) => void): Promise<{ res: SetsResult; reports: string[] }> {
    const token = `run-${++tokens}`;
    const source = new CancellationTokenSource();
    const reports: string[] = [];
    const sub = client.connection.onProgress(WorkDoneProgress.type, token, (v) => {
      if (v.kind !== 'report' || !v.message) return;
      reports.push(v.message);
      onReport?.(v.message, () => source.cancel());
    });
    try {
      return { res: await client.connection.sendRequest<SetsResult>(METHODS.preview, { dirty: [], workDoneToken: token }, source.token), reports };
    } finally {
      sub.dispose();
    }
  }

  const applying = (reports: string[]) => reports.filter((r) => r.startsWith('applying '));
  const tables = (res: SetsResult) => res.sets[0].result!.schema.schemas.flatMap((s) => s.tables.map((t) => t.name)).sort();

  before(async () => {
    ws = new TempWorkspace();
    for (let i = 1; i <= 30; i++) writeMigration(i);
    client = await LspClient.start({ workspaceUri: ws.uri, settings: { debounceMs: 50 } });
  });

  after(async () => {
    await client?.stop();
    ws?.dispose();
  });

  it('a cancelled first preview stops before its next file, says so, and the next preview goes on from the files already applied', async function () {
    this.timeout(180_000);
    const { res, reports } = await preview((m, cancel) => m.startsWith('applying 3/30') && cancel());
    const stopped = /Preview cancelled \(prisma\/migrations: (\d+)\/30 files applied\)\. The views keep the last complete preview\./.exec(res.cancelled ?? '');
    assert.ok(stopped, res.cancelled);
    const applied = Number(stopped[1]);
    assert.ok(applied >= 2 && applied < 30, `stopped after ${applied} files`);
    assert.equal(applying(reports).length, applied, 'no file was started after the cancel');
    assert.ok(!reports.includes('reading the schema'), 'a cancelled run does not read the schema');
    // Never previewed before: the set says it was cancelled.
    assert.equal(res.sets[0].result, undefined);
    assert.match(res.sets[0].failure ?? '', /^The preview was cancelled \(\d+ of 30 files applied\)/);

    const next = await preview();
    assert.equal(next.res.cancelled, undefined);
    assert.equal(next.res.sets[0].result?.ok, true);
    assert.equal(next.res.sets[0].result?.reusedFiles, applied, 'the files applied before the cancel were kept');
    assert.equal(applying(next.reports)[0], `applying ${applied + 1}/30: ${name(applied + 1)}`);
    assert.ok(!next.reports.includes('starting PGlite'));
    assert.equal(tables(next.res).length, 30);
  });

  it('a migration added at the end is the only file applied, on the kept session', async function () {
    this.timeout(120_000);
    writeMigration(31, 'CREATE TABLE added_last (id int);\n');
    const { res, reports } = await preview();
    assert.equal(res.sets[0].result?.ok, true, res.sets[0].result?.error?.message);
    assert.deepEqual(applying(reports), [`applying 31/31: ${name(31)}`], 'the 30 earlier files were not applied again');
    assert.equal(res.sets[0].result?.reusedFiles, 30);
    assert.ok(!reports.includes('starting PGlite'), 'no new PGlite');
    assert.ok(tables(res).includes('added_last'));
  });

  it('a cancelled re-run keeps the last complete result in the views', async function () {
    this.timeout(180_000);
    // An edit of the first file: every file is applied again, and the run is cancelled on the way.
    writeMigration(1, `${busy(1)}CREATE TABLE first_edit (id int);\n`);
    const { res } = await preview((m, cancel) => m.startsWith('applying 3/31') && cancel());
    assert.match(res.cancelled ?? '', /^Preview cancelled \(prisma\/migrations: \d+\/31 files applied\)/);
    const kept = res.sets[0].result!;
    assert.equal(kept.ok, true);
    assert.equal(kept.files.length, 31);
    assert.ok(!tables(res).includes('first_edit'), 'the result is the last complete one, from before the edit');
    assert.equal(res.sets[0].failure, undefined);
  });
});

describe('language server: the apply error is a finding of apply-error', function () {
  this.timeout(180_000);
  let ws: TempWorkspace;
  let client: LspClient;

  before(async () => {
    ws = new TempWorkspace();
    ws.write('db/init/01_index.sql', 'CREATE INDEX orders_user_idx ON orders (user_id);\n');
    ws.write('.migration-lens.json', '{ "rules": { "apply-error": "warning" } }');
    client = await LspClient.start({ workspaceUri: ws.uri, settings: { debounceMs: 50 } });
  });

  after(async () => {
    await client?.stop();
    ws?.dispose();
  });

  it('code apply-error with the configured severity, PostgreSQL\'s SQLSTATE in the message (as in migration-lens check)', async () => {
    const uri = ws.uriOf('db/init/01_index.sql');
    await client.connection.sendRequest<SetsResult>(METHODS.preview, { dirty: [] });
    const failed = await client.waitForDiagnostics(uri, (p) => p.diagnostics.some((d) => d.source === SOURCES.preview), 0, 60_000);
    const error = failed.diagnostics.filter((d) => d.source === SOURCES.preview && d.code !== 'apply-note');
    assert.equal(error.length, 1, JSON.stringify(error));
    assert.equal(error[0].code, 'apply-error');
    assert.equal(error[0].severity, DiagnosticSeverity.Warning, 'the configured severity, not the default error');
    assert.match(error[0].message, /^relation "orders" does not exist\nSQLSTATE: 42P01$/);
  });
});
