import * as assert from 'node:assert/strict';
import { unlinkSync } from 'node:fs';
import * as path from 'node:path';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { CodeAction, Diagnostic, MarkupContent, PublishDiagnosticsParams, TextDocumentEdit } from 'vscode-languageserver/node';
import { renderRuleDocs } from '../../server/src/docs/render';
import { RULES_BY_ID } from '../../server/src/rules/index';
import { LspClient, TempWorkspace } from './client';

const CREATE_TABLE = 'create-table-without-if-not-exists';
const SETTINGS = { debounceMs: 200 };

const withCode = (p: PublishDiagnosticsParams, code: string) => p.diagnostics.filter((d) => d.code === code);
const hasCode = (code: string) => (p: PublishDiagnosticsParams) => withCode(p, code).length > 0;
const lacksCode = (code: string) => (p: PublishDiagnosticsParams) => withCode(p, code).length === 0;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Applies a code action's edit to `text`, checking it targets `uri` at `version`. */
function applyAction(action: CodeAction, uri: string, version: number, text: string): string {
  const change = action.edit?.documentChanges?.[0] as TextDocumentEdit | undefined;
  assert.ok(change, `action "${action.title}" has a versioned edit`);
  assert.equal(change.textDocument.uri, uri);
  assert.equal(change.textDocument.version, version);
  return TextDocument.applyEdits(TextDocument.create(uri, 'sql', version, text), change.edits);
}

describe('language server over stdio', function () {
  let ws: TempWorkspace;
  let client: LspClient;

  before(async function () {
    this.timeout(120_000); // the first run builds the bundle
    ws = new TempWorkspace();
    client = await LspClient.start({ workspaceUri: ws.uri, settings: { ...SETTINGS } });
  });

  after(async () => {
    await client?.stop();
    ws?.dispose();
  });

  /** Opens a document and returns its first diagnostics. */
  async function openAndLint(rel: string, text: string): Promise<{ uri: string; diagnostics: Diagnostic[] }> {
    const uri = ws.uriOf(rel);
    await client.open(uri, text);
    const p = await client.waitForDiagnostics(uri, (d) => d.version === 1);
    return { uri, diagnostics: p.diagnostics };
  }

  it('reports findings with exact UTF-16 ranges on a line with accents, CJK and emoji', async () => {
    const line = "SELECT 'café 日本語 😀'; CREATE TABLE crème (id bigint, note text DEFAULT '🎉');";
    const text = `-- Schéma initial — 初期スキーマ 🚀\n${line}\n`;
    const { diagnostics } = await openAndLint('db/init/01_schema.sql', text);
    const [d] = diagnostics.filter((x) => x.code === CREATE_TABLE);
    assert.ok(d, `a ${CREATE_TABLE} diagnostic in ${JSON.stringify(diagnostics)}`);
    assert.deepEqual(d.range, {
      start: { line: 1, character: line.indexOf('CREATE') },
      end: { line: 1, character: line.lastIndexOf(')') + 1 },
    });
    assert.equal(d.severity, 2); // warning: init-sorted files are re-applied, so idempotency matters
    assert.equal(d.source, 'migration-lens');
    assert.deepEqual(d.data, { ruleId: CREATE_TABLE, key: `${CREATE_TABLE}@${text.indexOf('CREATE')}-${text.lastIndexOf(')') + 1}#0` });
  });

  it('leaves a .sql file outside the migration globs alone', async () => {
    const { diagnostics } = await openAndLint('scripts/report.sql', 'CREATE TABLE report (id bigint);\n');
    assert.deepEqual(diagnostics, []);
  });

  it('offers the rule fix, both ignore actions and the docs command, and the ignores silence the finding', async () => {
    const text = '-- Accounts table\n-- Owner: billing\n\n  CREATE TABLE accounts (id bigint);\n';
    const { uri, diagnostics } = await openAndLint('db/init/02_accounts.sql', text);
    const diagnostic = diagnostics.find((d) => d.code === CREATE_TABLE)!;
    const actions = await client.codeActions(uri, diagnostic.range, [diagnostic]);
    const byTitle = new Map(actions.map((a) => [a.title, a]));
    assert.deepEqual(
      actions.map((a) => a.title),
      ['Add IF NOT EXISTS', `Ignore ${CREATE_TABLE} for this statement`, `Ignore ${CREATE_TABLE} for this file`, `Show documentation for ${CREATE_TABLE}`],
    );
    const fix = byTitle.get('Add IF NOT EXISTS')!;
    assert.equal(fix.isPreferred, true);
    assert.equal(fix.kind, 'quickfix');
    assert.equal(applyAction(fix, uri, 1, text), '-- Accounts table\n-- Owner: billing\n\n  CREATE TABLE IF NOT EXISTS accounts (id bigint);\n');

    const ignoreStatement = applyAction(byTitle.get(`Ignore ${CREATE_TABLE} for this statement`)!, uri, 1, text);
    assert.equal(ignoreStatement, `-- Accounts table\n-- Owner: billing\n\n  -- lens-ignore ${CREATE_TABLE} -- reason\n  CREATE TABLE accounts (id bigint);\n`);
    const ignoreFile = applyAction(byTitle.get(`Ignore ${CREATE_TABLE} for this file`)!, uri, 1, text);
    assert.equal(ignoreFile, `-- Accounts table\n-- Owner: billing\n-- lens-ignore-file ${CREATE_TABLE}\n\n  CREATE TABLE accounts (id bigint);\n`);

    const docs = byTitle.get(`Show documentation for ${CREATE_TABLE}`)!;
    assert.deepEqual(docs.command, { title: `Show documentation for ${CREATE_TABLE}`, command: 'migrationLens.showRuleDocs', arguments: [CREATE_TABLE] });

    // Applying either ignore really silences the finding, without an unused-ignore.
    for (const [i, edited] of [ignoreStatement, ignoreFile].entries()) {
      const version = await client.change(uri, edited);
      const p = await client.waitForDiagnostics(uri, (x) => x.version === version);
      const codes = p.diagnostics.map((x) => x.code);
      assert.ok(!codes.includes(CREATE_TABLE) && !codes.includes('unused-ignore'), `after ignore #${i}: ${codes.join(', ')}`);
    }
  });

  it('answers code actions only for the diagnostics in the request', async () => {
    const text = 'CREATE TABLE a (id bigint);\nCREATE TABLE b (id bigint);\n';
    const { uri, diagnostics } = await openAndLint('db/init/03_two.sql', text);
    const second = diagnostics.filter((d) => d.code === CREATE_TABLE)[1];
    const actions = await client.codeActions(uri, second.range, [second]);
    const edited = applyAction(actions.find((a) => a.title === 'Add IF NOT EXISTS')!, uri, 1, text);
    assert.equal(edited, 'CREATE TABLE a (id bigint);\nCREATE TABLE IF NOT EXISTS b (id bigint);\n');
    // A diagnostic that is not the server's (or no longer matches) gets nothing.
    const foreign = { ...second, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } } };
    assert.deepEqual(await client.codeActions(uri, foreign.range, [foreign]), []);
  });

  it('shows a short hover over a finding (message, why, a link to the full docs), and nothing elsewhere', async () => {
    const text = '-- nothing to see here\nCREATE TABLE hovered (id bigint);\n';
    const { uri, diagnostics } = await openAndLint('db/init/04_hover.sql', text);
    const hover = await client.hover(uri, { line: 1, character: 15 });
    const rule = RULES_BY_ID.get(CREATE_TABLE)!;
    const value = (hover?.contents as MarkupContent).value;
    assert.equal((hover?.contents as MarkupContent).kind, 'markdown');
    const message = diagnostics.find((d) => d.code === CREATE_TABLE)!.message;
    assert.ok(value.startsWith(`**${CREATE_TABLE}** · warning: ${message}\n\n*Why:* `), value);
    assert.ok(value.includes(`[Full documentation of ${CREATE_TABLE}](command:migrationLens.showRuleDocs?${encodeURIComponent(JSON.stringify([CREATE_TABLE]))})`), value);
    // Not the wall of before: no examples, no recipe (the link opens them).
    for (const part of [rule.docs.instead, `\`\`\`sql\n${rule.docs.bad}\n\`\`\``]) assert.ok(!value.includes(part), `hover leaves out ${part}`);
    // The finding's part stays short; the name under the cursor (the table) follows it, after a rule.
    const [findingPart, objectPart] = value.split('\n\n---\n\n');
    assert.ok(findingPart.split('\n').length <= 6, value);
    assert.match(objectPart, /^\*\*table\*\* `hovered`/);
    // A rule about locks names the lock its statement takes.
    const locked = await openAndLint('db/init/05_hover_lock.sql', 'ALTER TABLE users ADD COLUMN nickname text;\n');
    const lockHover = ((await client.hover(locked.uri, { line: 0, character: 3 }))?.contents as MarkupContent).value;
    assert.match(lockHover, /^\*\*missing-lock-timeout\*\* · warning: /m);
    assert.match(lockHover, /^\*Lock:\* `ACCESS EXCLUSIVE` on users \(blocks reads and writes\)$/m);
    assert.deepEqual(hover?.range, { start: { line: 1, character: 0 }, end: { line: 1, character: text.split('\n')[1].length - 1 } });
    assert.equal(await client.hover(uri, { line: 0, character: 3 }), null);
  });

  it('answers migrationLens/ruleDocs with the same markdown, and refuses an unknown rule', async () => {
    const md = await client.connection.sendRequest('migrationLens/ruleDocs', { ruleId: CREATE_TABLE });
    assert.equal(md, renderRuleDocs(RULES_BY_ID.get(CREATE_TABLE)!));
    await assert.rejects(client.connection.sendRequest('migrationLens/ruleDocs', { ruleId: 'no-such-rule' }), /Unknown Migration Lens rule/);
  });

  it('debounces quick changes and publishes only the last version, without touching other files', async () => {
    const { uri: other } = await openAndLint('db/init/05_other.sql', 'CREATE TABLE IF NOT EXISTS other (id bigint);\n');
    const { uri } = await openAndLint('db/init/06_typing.sql', 'SELECT 1;\n');
    const otherMark = client.mark(other);
    const mark = client.mark(uri);
    await client.change(uri, 'CREATE TABLE t (id bigint);\n');
    await client.change(uri, 'CREATE TABLE IF NOT EXISTS t (id bigint);\n');
    const last = await client.change(uri, 'CREATE TABLE IF NOT EXISTS t (id bigint);\nCREATE TABLE u (id bigint);\n');
    const p = await client.waitForDiagnostics(uri, () => true, mark);
    assert.equal(p.version, last);
    assert.deepEqual(withCode(p, CREATE_TABLE).map((d) => d.range.start.line), [1]);
    await sleep(SETTINGS.debounceMs * 2);
    assert.deepEqual(client.published.get(uri)!.slice(mark).map((x) => x.version), [last]);
    assert.equal(client.mark(other), otherMark, 'a keystroke in one file never re-lints another');
  });

  it('with no debounce, lints each change without waiting and ends on the newest version, never an older one after it', async () => {
    await client.changeSettings({ ...SETTINGS, debounceMs: 0 });
    try {
      const { uri } = await openAndLint('db/init/06_burst.sql', 'SELECT 1;\n');
      const mark = client.mark(uri);
      // Sent back to back: the ones the server has read when a lint would start are linted once, at the newest.
      const versions = await Promise.all(['CREATE TABLE t (id bigint);\n', 'CREATE TABLE IF NOT EXISTS t (id bigint);\n', 'CREATE TABLE IF NOT EXISTS t (id bigint);\nCREATE TABLE u (id bigint);\n'].map((text) => client.change(uri, text)));
      const last = versions.at(-1)!;
      const p = await client.waitForDiagnostics(uri, (d) => d.version === last, mark);
      assert.deepEqual(withCode(p, CREATE_TABLE).map((d) => d.range.start.line), [1]);
      await sleep(200);
      const published = client.published.get(uri)!.slice(mark).map((x) => x.version!);
      assert.equal(published.at(-1), last, `published versions ${published}`);
      assert.deepEqual(published, [...published].sort((a, b) => a - b), `published versions ${published}`);
    } finally {
      await client.changeSettings({ ...SETTINGS });
    }
  });

  it('re-lints open documents when settings change', async () => {
    const { uri } = await openAndLint('db/init/07_settings.sql', 'CREATE TABLE s (id bigint);\n');
    let mark = client.mark(uri);
    await client.changeSettings({ ...SETTINGS, rules: { [CREATE_TABLE]: 'off' } });
    await client.waitForDiagnostics(uri, lacksCode(CREATE_TABLE), mark);

    mark = client.mark(uri);
    await client.changeSettings({ ...SETTINGS, categories: { idempotency: 'hint' } });
    const hinted = await client.waitForDiagnostics(uri, hasCode(CREATE_TABLE), mark);
    assert.equal(withCode(hinted, CREATE_TABLE)[0].severity, 4);

    mark = client.mark(uri);
    await client.changeSettings({ ...SETTINGS, enable: false });
    await client.waitForDiagnostics(uri, (p) => p.diagnostics.length === 0, mark);

    mark = client.mark(uri);
    await client.changeSettings({ ...SETTINGS, migrations: ['elsewhere/**/*.sql'] });
    const outside = await client.waitForDiagnostics(uri, () => true, mark);
    assert.deepEqual(outside.diagnostics, [], 'outside the configured globs: not linted');

    mark = client.mark(uri);
    await client.changeSettings({ ...SETTINGS });
    const back = await client.waitForDiagnostics(uri, hasCode(CREATE_TABLE), mark);
    assert.equal(withCode(back, CREATE_TABLE)[0].severity, 2);
  });

  it('applies .migration-lens.json over the settings, and re-lints when it changes', async () => {
    const { uri } = await openAndLint('db/init/08_file.sql', 'CREATE TABLE f (id bigint);\n');
    let mark = client.mark(uri);
    await client.changeSettings({ ...SETTINGS, rules: { [CREATE_TABLE]: 'off' } });
    await client.waitForDiagnostics(uri, lacksCode(CREATE_TABLE), mark);

    mark = client.mark(uri);
    const configUri = ws.write('.migration-lens.json', JSON.stringify({ rules: { [CREATE_TABLE]: 'error' } }));
    await client.fileChanged(configUri, 1);
    const p = await client.waitForDiagnostics(uri, hasCode(CREATE_TABLE), mark);
    assert.equal(withCode(p, CREATE_TABLE)[0].severity, 1, 'the team file wins over the editor settings');

    mark = client.mark(uri);
    unlinkSync(path.join(ws.dir, '.migration-lens.json'));
    await client.fileChanged(configUri, 3);
    await client.waitForDiagnostics(uri, lacksCode(CREATE_TABLE), mark);
    await client.changeSettings({ ...SETTINGS });
  });

  it('reports a broken .migration-lens.json once as a message and as a diagnostic in the file', async () => {
    const broken = '{\n  "rules": {\n    "create-table-without-if-not-exists": "loud"\n  },\n  "postgresVersion": 7\n}\n';
    const configUri = ws.write('.migration-lens.json', broken);
    await client.fileChanged(configUri, 1);
    const message = await client.waitForMessage((m) => m.message.includes('postgresVersion'));
    assert.equal(message.type, 2); // warning

    await client.open(configUri, broken, 'json');
    const p = await client.waitForDiagnostics(configUri, (x) => x.diagnostics.length === 2);
    const severity = p.diagnostics.find((d) => d.message.startsWith(`rules.${CREATE_TABLE} must be one of`))!;
    const version = p.diagnostics.find((d) => d.message !== severity?.message)!;
    assert.equal(severity.range.start.line, 2);
    assert.match(version.message, /"postgresVersion" must be/);
    assert.equal(version.range.start.line, 4);

    // Invalid JSON: positioned on its line; the earlier problems are not announced again.
    const shown = client.shownMessages.length;
    const invalid = '{\n  "rules": {\n    "x": \n';
    ws.write('.migration-lens.json', invalid);
    const mark = client.mark(configUri);
    await client.fileChanged(configUri, 2);
    const bad = await client.waitForDiagnostics(configUri, (x) => x.diagnostics.some((d) => /invalid JSON/.test(d.message)), mark);
    assert.ok(bad.diagnostics[0].range.start.line >= 2);
    await client.waitForMessage((m) => m.message.includes('invalid JSON'));
    assert.equal(client.shownMessages.length, shown + 1);

    ws.write('.migration-lens.json', '{}');
    const cleared = client.mark(configUri);
    await client.fileChanged(configUri, 2);
    await client.waitForDiagnostics(configUri, (x) => x.diagnostics.length === 0, cleared);
    await client.close(configUri);
  });

  it('answers an empty, a binary and a 20 MB document clearly and keeps serving', async function () {
    this.timeout(60_000);
    const empty = await openAndLint('db/init/09_empty.sql', '');
    assert.deepEqual(empty.diagnostics.map((d) => [d.code, d.severity]), [['empty-migration', 3]]);

    const binary = await openAndLint('db/init/10_binary.sql', 'PK\u0003\u0004\u0000\u0000\u0001garbage\u0000\uFFFD');
    assert.deepEqual(binary.diagnostics.map((d) => d.code), ['unlintable-file']);
    assert.match(binary.diagnostics[0].message, /Binary/);

    const huge = await openAndLint('db/init/11_huge.sql', 'INSERT INTO t VALUES (1);\n'.repeat(850_000));
    assert.deepEqual(huge.diagnostics.map((d) => d.code), ['unlintable-file']);
    assert.match(huge.diagnostics[0].message, /too large.*: 2\d\.\d MB/);
    await client.close(huge.uri);

    assert.ok(client.running);
    const md = await client.connection.sendRequest('migrationLens/ruleDocs', { ruleId: 'unlintable-file' });
    assert.match(md as string, /unlintable-file/);
  });

  it('clears diagnostics when a document closes', async () => {
    const { uri } = await openAndLint('db/init/12_close.sql', 'CREATE TABLE c (id bigint);\n');
    const mark = client.mark(uri);
    await client.close(uri);
    await client.waitForDiagnostics(uri, (p) => p.diagnostics.length === 0, mark);
  });
});

describe('language server with pushed settings (no workspace/configuration)', function () {
  let ws: TempWorkspace;
  let client: LspClient;

  before(async function () {
    this.timeout(120_000);
    ws = new TempWorkspace();
    client = await LspClient.start({ workspaceUri: ws.uri, pullConfiguration: false, settings: { debounceMs: 5000, rules: { [CREATE_TABLE]: 'error' } } });
  });

  after(async () => {
    await client?.stop();
    ws?.dispose();
  });

  it('uses initialization settings, lints on open without the debounce, then follows pushed settings', async () => {
    const uri = ws.uriOf('supabase/migrations/20240101000000_init.sql');
    await client.open(uri, 'CREATE TABLE p (id bigint);\n');
    const first = await client.waitForDiagnostics(uri, (p) => p.version === 1, 0, 2500);
    assert.equal(withCode(first, CREATE_TABLE)[0].severity, 1);
    const mark = client.mark(uri);
    await client.changeSettings({ debounceMs: 5000, rules: { [CREATE_TABLE]: 'off' } });
    await client.waitForDiagnostics(uri, lacksCode(CREATE_TABLE), mark);
  });
});
