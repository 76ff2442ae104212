/**
 * One suppression index: the same `lens-ignore` / `squawk-ignore` comments silence the same
 * findings in the editor (the language server's diagnostics, set-level ones included) and in
 * `migration-lens lint`.
 */
import * as assert from 'node:assert/strict';
import type { PublishDiagnosticsParams } from 'vscode-languageserver/node';
import { lintJson } from '../unit/cli/run';
import { LspClient, TempWorkspace } from './client';

const FILES: Record<string, string> = {
  'migrations/001_users.up.sql': 'CREATE TABLE users (id bigint);\nCREATE TABLE teams (id bigint);\nCREATE TABLE notes (id bigint);\nCREATE TABLE inner_t (id int);\n',
  'migrations/001_users.down.sql': 'DROP TABLE inner_t, notes, teams, users;\n',
  // A set-level finding is about the file: `lens-ignore-file` silences it…
  'migrations/002_orders.up.sql': '-- lens-ignore-file missing-down-migration\nCREATE TABLE orders (id bigint);\n',
  // …a statement-level comment does not, and says so.
  'migrations/003_items.up.sql': '-- lens-ignore missing-down-migration\nCREATE TABLE items (id bigint);\n',
  'migrations/004_tags.up.sql': '-- lens-ignore-file no-such-rule, drop-column\nCREATE TABLE tags (id bigint);\n',
  'migrations/004_tags.down.sql': 'DROP TABLE tags;\n',
  // Statement comments, squawk's names, an id-less comment over a DO block.
  'migrations/005_cleanup.up.sql': [
    '-- lens-ignore drop-table -- reviewed: empty since release 3',
    'DROP TABLE users;',
    '-- squawk-ignore ban-drop-table',
    'DROP TABLE teams;',
    'DROP TABLE notes;',
    '-- lens-ignore',
    'DO $$ BEGIN DROP TABLE inner_t; END $$;',
    '',
  ].join('\n'),
  'migrations/005_cleanup.down.sql': '-- lens-ignore-file drop-table\nCREATE TABLE users (id bigint);\n',
};

type Row = string;

const fromLsp = (p: PublishDiagnosticsParams): Row[] =>
  p.diagnostics.map((d) => `${d.code} ${d.range.start.line + 1}:${d.range.start.character + 1}-${d.range.end.line + 1}:${d.range.end.character + 1} ${d.message}`).sort();

describe('suppression comments: the editor and the CLI agree', function () {
  let ws: TempWorkspace;
  let client: LspClient;

  before(async function () {
    this.timeout(120_000); // the first run builds the bundles
    ws = new TempWorkspace();
    for (const [rel, text] of Object.entries(FILES)) ws.write(rel, text);
    client = await LspClient.start({ workspaceUri: ws.uri, settings: { debounceMs: 50 } });
  });

  after(async () => {
    await client?.stop();
    ws?.dispose();
  });

  it('silences the same findings, set-level ones included, with the same unused-ignore reports', async function () {
    this.timeout(120_000);
    const cli = await lintJson(['migrations'], ws.dir);
    assert.ok(cli.status === 0 || cli.status === 1, cli.stderr);
    // The set lint has run once a closed file shows its set finding.
    await client.waitForDiagnostics(ws.uriOf('migrations/003_items.up.sql'), (p) => p.diagnostics.some((d) => d.code === 'missing-down-migration'), 0, 30_000);
    const byFile = new Map<string, Row[]>();
    for (const f of cli.findings) {
      const rel = f.file.replace(/\\/g, '/').replace(/^.*?(migrations\/)/, '$1');
      byFile.set(rel, [...(byFile.get(rel) ?? []), `${f.ruleId} ${f.line}:${f.column}-${f.endLine}:${f.endColumn} ${f.message}`]);
    }
    for (const [rel, text] of Object.entries(FILES)) {
      const uri = ws.uriOf(rel);
      await client.open(uri, text);
      const published = await client.waitForDiagnostics(uri, (p) => p.version === 1, 0, 30_000);
      assert.deepEqual(fromLsp(published), (byFile.get(rel) ?? []).sort(), rel);
    }
    const ids = (rel: string) => (byFile.get(rel) ?? []).map((r) => r.split(' ')[0]);
    // What the comments did, so that agreeing on nothing cannot pass.
    const cleanup = byFile.get('migrations/005_cleanup.up.sql') ?? [];
    assert.deepEqual(cleanup.filter((r) => r.startsWith('drop-table ')).map((r) => r.split(' ')[1]), ['5:1-5:17'], 'only DROP TABLE notes is unsilenced');
    assert.ok(!ids('migrations/005_cleanup.up.sql').includes('unused-ignore'), 'every comment silenced something');
    assert.deepEqual(ids('migrations/005_cleanup.down.sql'), ['unused-ignore'], 'nothing to silence in the down file');
    assert.ok(!ids('migrations/002_orders.up.sql').includes('missing-down-migration'));
    assert.deepEqual(ids('migrations/003_items.up.sql').sort(), ['missing-down-migration', 'unused-ignore']);
    assert.deepEqual(ids('migrations/004_tags.up.sql').sort(), ['unused-ignore', 'unused-ignore']);
  });
});
