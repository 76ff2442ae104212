/**
 * The schema preview while lock traces run on the same sessions (one worker per set, shared by
 * both): a preview sent right after didOpen, and two sent together right after an edit, each
 * answer with every set applied, and the edit's trace still arrives. A CI run once saw the
 * integration test "Preview Schema fills the Schema view…" not finish; this drives the same
 * workspace over stdio.
 */
import * as assert from 'node:assert/strict';
import { cpSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { InlayHint } from 'vscode-languageserver/node';
import { METHODS, type SetsResult } from '../../shared/protocol';
import { LspClient, TempWorkspace } from './client';

const FIXTURE = path.resolve(__dirname, '../fixtures/workspace');
const label = (h: InlayHint) => (typeof h.label === 'string' ? h.label : h.label.map((p) => p.value).join(''));

describe('language server: previews while the lock traces run', function () {
  this.timeout(180_000);
  let ws: TempWorkspace;
  let client: LspClient;
  const schema = 'db/init/01_schema.sql';
  const recs = 'db/init/02_recommendations.sql';
  const prefs = 'prisma/migrations/202604211430_add_prefs/migration.sql';

  before(async () => {
    ws = new TempWorkspace();
    cpSync(FIXTURE, ws.dir, { recursive: true });
    client = await LspClient.start({ workspaceUri: ws.uri, settings: { debounceMs: 50 }, workDoneProgress: true });
  });

  after(async () => {
    await client?.stop();
    ws?.dispose();
  });

  /** A preview with `recs` as the editor has it; every set must apply. */
  async function preview(): Promise<void> {
    const res = await client.connection.sendRequest<SetsResult>(METHODS.preview, { dirty: [path.join(ws.dir, recs)] });
    assert.deepEqual(res.sets.map((s) => s.set.relRoot), ['db/init', 'prisma/migrations']);
    for (const s of res.sets) assert.equal(s.result?.ok, true, `${s.set.relRoot}: ${s.result?.error?.message ?? s.failure}`);
  }

  it('answers a preview sent right after the documents open (their traces start meanwhile)', async () => {
    for (const f of [schema, recs, prefs]) await client.open(ws.uriOf(f), readFileSync(path.join(ws.dir, f), 'utf8'));
    // The editor asks the hints of what it shows: that starts each document's trace.
    const hints = [schema, recs, prefs].map((f) => client.inlayHints(ws.uriOf(f)));
    await preview();
    await Promise.all(hints);
  });

  it('answers two previews sent together right after each edit, and the last edit is traced', async () => {
    const base = readFileSync(path.join(ws.dir, recs), 'utf8');
    const uri = ws.uriOf(recs);
    for (let i = 0; i < 3; i++) {
      await client.change(uri, `${base}\nALTER TABLE movies ADD COLUMN extra_${i} int;\n`);
      const hints = client.inlayHints(uri);
      await Promise.all([preview(), preview()]);
      await hints;
    }
    const deadline = Date.now() + 60_000;
    let shown: string[] = [];
    while (Date.now() < deadline && !shown.length) {
      shown = ((await client.inlayHints(uri)) ?? []).filter((h) => h.position.line === base.split('\n').length).map(label);
      if (!shown.length) await new Promise((r) => setTimeout(r, 50));
    }
    assert.equal(shown.length, 1, 'one hint on the added ALTER TABLE');
    assert.match(shown[0], /^🔒 ACCESS EXCLUSIVE movies\b/);
    assert.deepEqual(client.logs.filter((l) => /lock trace failed|uncaught|unhandled/.test(l)), []);
  });
});
