import * as assert from 'node:assert/strict';
import type { CompletionItem } from 'vscode-languageserver/node';
import { LspClient, TempWorkspace } from './client';

const REL = 'prisma/migrations/202604211430_add_prefs/migration.sql';

describe('header field completion over stdio', function () {
  let ws: TempWorkspace;
  let client: LspClient;

  before(async function () {
    this.timeout(120_000);
    ws = new TempWorkspace();
    ws.write('.migration-lens.json', JSON.stringify({ header: { preset: 'studyboost', project: 'StudyBoost' } }));
    client = await LspClient.start({ workspaceUri: ws.uri, settings: { debounceMs: 50 } });
  });

  after(async () => {
    await client?.stop();
    ws?.dispose();
  });

  const complete = (uri: string, line: number, character: number): Promise<CompletionItem[]> =>
    client.connection.sendRequest('textDocument/completion', { textDocument: { uri }, position: { line, character } });

  it('offers the template fields not yet written, with the migration name filled in', async () => {
    const text = '-- Migration: 202604211430_add_prefs\n-- \nCREATE TABLE IF NOT EXISTS t (id bigint);\n';
    const uri = ws.write(REL, text);
    await client.open(uri, text);
    const items = await complete(uri, 1, 3);
    const labels = items.map((i) => i.label);
    assert.ok(!labels.includes('Migration:'), 'an existing field is not offered again');
    for (const l of ['Date:', 'PURPOSE:', 'IMPACT:', 'DATA RISK:', 'ROLLBACK STRATEGY:', 'Safe to re-run:', 'Type:']) assert.ok(labels.includes(l), l);
    assert.match(items.find((i) => i.label === 'Date:')!.insertText!, /^Date: \d{4}-\d\d-\d\d \d\d:\d\d$/);
  });

  it('offers the DATA RISK scale after the key, and nothing below the header', async () => {
    const text = '-- DATA RISK: \nSELECT 1;\n-- \n';
    const uri = ws.write('prisma/migrations/202604211431_x/migration.sql', text);
    await client.open(uri, text);
    assert.deepEqual((await complete(uri, 0, 14)).map((i) => i.label), ['none', 'low', 'medium', 'high']);
    assert.deepEqual(await complete(uri, 2, 3), []);
  });

  it('offers nothing where the workspace has no header template', async () => {
    const other = new TempWorkspace();
    const c2 = await LspClient.start({ workspaceUri: other.uri, settings: {} });
    try {
      const text = '-- \nSELECT 1;\n';
      const uri = other.write(REL, text);
      await c2.open(uri, text);
      assert.deepEqual(await c2.connection.sendRequest('textDocument/completion', { textDocument: { uri }, position: { line: 0, character: 3 } }), []);
    } finally {
      await c2.stop();
      other.dispose();
    }
  });
});
