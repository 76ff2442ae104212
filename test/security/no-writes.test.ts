/**
 * Linting, hovering, asking for fixes, changing settings, previewing and proving never write into
 * the workspace: only an explicit command (new migration, applying an edit in the editor) does.
 * Every file and folder is dated in the past first, so that even a rewrite with the same bytes shows.
 */
import * as assert from 'node:assert/strict';
import { cpSync, lstatSync, readdirSync, readFileSync, utimesSync } from 'node:fs';
import * as path from 'node:path';
import type { Diagnostic } from 'vscode-languageserver/node';
import { LspClient, TempWorkspace } from '../protocol/client';
import { describeRun, runCliBig } from '../robustness/cli';

const FIXTURE = path.resolve(__dirname, '../fixtures/realistic/up-down');
const PAST = new Date('2020-01-01T00:00:00Z');

/** path → kind, size and mtime of everything under `root` (symlinks not followed). */
function snapshot(root: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (rel: string) => {
    const st = lstatSync(path.join(root, rel));
    out.set(rel || '.', `${st.isDirectory() ? 'dir' : 'file'} ${st.size} ${st.mtimeMs}`);
    if (st.isDirectory()) for (const name of readdirSync(path.join(root, rel))) walk(path.join(rel, name));
  };
  walk('');
  return out;
}

function datePast(root: string): void {
  for (const rel of [...snapshot(root).keys()].reverse()) utimesSync(path.join(root, rel), PAST, PAST);
}

function assertUnchanged(before: Map<string, string>, after: Map<string, string>, what: string): void {
  assert.deepEqual([...after].sort(), [...before].sort(), `${what} changed the workspace`);
}

describe('security: no writes into the workspace without an explicit command', function () {
  let ws: TempWorkspace;
  let before: Map<string, string>;
  const migrations = () => readdirSync(path.join(ws.dir, 'backend/src/db/migrations')).map((f) => `backend/src/db/migrations/${f}`);

  beforeEach(() => {
    ws = new TempWorkspace();
    cpSync(FIXTURE, ws.dir, { recursive: true });
    ws.write('.migration-lens.json', JSON.stringify({ rules: { 'drop-table': 'warning' }, preview: { timeoutMs: 20_000 } }));
    datePast(ws.dir);
    before = snapshot(ws.dir);
  });
  afterEach(() => ws?.dispose());

  it('the language server: open, edit, save, code actions, hover, docs, settings and file events', async function () {
    this.timeout(60_000);
    const client = await LspClient.start({ workspaceUri: ws.uri, settings: { debounceMs: 0 } });
    try {
      let actions = 0;
      for (const rel of migrations()) {
        const uri = ws.uriOf(rel);
        const text = readFileSync(path.join(ws.dir, rel), 'utf8');
        await client.open(uri, text);
        const since = client.mark(uri);
        const version = await client.change(uri, `${text}\nDROP TABLE gone;\nCREATE INDEX i ON t (a);\n`);
        const { diagnostics } = await client.waitForDiagnostics(uri, (p) => p.version === version, since);
        assert.ok(diagnostics.length > 0, `${rel} has findings to act on`);
        for (const d of diagnostics as Diagnostic[]) {
          actions += (await client.codeActions(uri, d.range, [d])).length;
          await client.hover(uri, d.range.start);
          await client.connection.sendRequest('migrationLens/ruleDocs', { ruleId: d.code });
        }
        await client.connection.sendNotification('textDocument/didSave', { textDocument: { uri } });
        await client.fileChanged(uri);
      }
      assert.ok(actions > 0, 'code actions were offered');
      await client.connection.sendNotification('migrationLens/trusted');
      await client.changeSettings({ debounceMs: 0, rules: { 'drop-table': 'off' } });
      // A request after the last notification: every earlier message has been handled.
      await client.hover(ws.uriOf(migrations()[0]), { line: 0, character: 0 });
      assert.ok(client.running);
    } finally {
      await client.stop();
    }
    assertUnchanged(before, snapshot(ws.dir), 'the language server');
  });

  for (const args of [
    ['lint'],
    ['lint', '--format', 'sarif'],
    ['schema'],
    ['schema', '--format', 'sql', '--origins'],
    ['check', '--idempotent', '--round-trip', '--trace'],
  ]) {
    it(`the CLI: ${args.join(' ')}`, async function () {
      this.timeout(90_000);
      const r = await runCliBig(args, ws.dir, 80_000);
      assert.ok(r.status === 0 || r.status === 1, describeRun(r));
      assert.ok(r.stdout.length > 0, `${args.join(' ')} printed a report`);
      assertUnchanged(before, snapshot(ws.dir), `migration-lens ${args.join(' ')}`);
    });
  }
});
