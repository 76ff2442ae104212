/**
 * Candidate folders in the editor: a workspace with no migration set but a folder of numbered
 * `.sql` files gets one `migrationLens/candidateFolders` notification; the explicit
 * `migrationLens/useCandidateFolder` request adds the folder to `sets` in `.migration-lens.json`
 * (keeping the rest of the file), after which the folder is a set. An unparsable file is refused.
 */
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { METHODS, type CandidateFoldersParams, type SetsResult, type UseCandidateFolderResult } from '../../shared/protocol';
import { LspClient, TempWorkspace } from './client';

const CONFIG = '{\n  // the team\'s settings\n  "postgresVersion": 16\n}\n';

async function until<T>(what: string, get: () => T | undefined | Promise<T | undefined>, timeoutMs = 15_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const value = await get();
    if (value !== undefined) return value;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('language server: candidate folders', function () {
  this.timeout(60_000);
  let ws: TempWorkspace;
  let client: LspClient;
  const offers: CandidateFoldersParams[] = [];

  before(async function () {
    this.timeout(120_000); // the first run builds the bundle
    ws = new TempWorkspace();
    ws.write('src/app/sql/000_init.sql', 'CREATE TABLE accounts (id bigint PRIMARY KEY);\n');
    ws.write('src/app/sql/001_name.sql', 'ALTER TABLE accounts ADD COLUMN name text;\n');
    ws.write('src/app/sql/002_index.sql', 'CREATE INDEX accounts_name_idx ON accounts (name);\n');
    ws.write('.migration-lens.json', CONFIG);
    client = await LspClient.start({ workspaceUri: ws.uri, settings: { debounceMs: 50 } });
    client.connection.onNotification(METHODS.candidateFolders, (p: CandidateFoldersParams) => offers.push(p));
  });

  after(async () => {
    await client?.stop();
    ws?.dispose();
  });

  it('tells the client once about a folder of numbered files that no convention matches', async () => {
    const offer = await until('a candidate folders notification', () => offers[0]);
    assert.equal(offer.folderUri, ws.uri);
    assert.deepEqual(offer.candidates.map((c) => [c.relDir, c.files]), [['src/app/sql', 3]]);
    await new Promise((r) => setTimeout(r, 800));
    assert.equal(offers.length, 1, 'one notification, not one per refresh');
  });

  it('refuses to edit a configuration file it cannot parse, and leaves it as it was', async () => {
    const broken = '{ "postgresVersion": 16, ';
    ws.write('.migration-lens.json', broken);
    const result = await client.connection.sendRequest<UseCandidateFolderResult>(METHODS.useCandidateFolder, { folderUri: ws.uri, relDir: 'src/app/sql' });
    assert.equal(result.ok, false);
    assert.match(!result.ok ? result.message : '', /not valid JSON .*left unchanged/);
    assert.equal(readFileSync(path.join(ws.dir, '.migration-lens.json'), 'utf8'), broken);
    ws.write('.migration-lens.json', CONFIG);
  });

  it('refuses a folder outside the workspace folder', async () => {
    const result = await client.connection.sendRequest<UseCandidateFolderResult>(METHODS.useCandidateFolder, { folderUri: ws.uri, relDir: '../elsewhere' });
    assert.equal(result.ok, false);
  });

  it('the explicit command adds the folder to "sets", keeping the file\'s content, and the folder becomes a set', async () => {
    const result = await client.connection.sendRequest<UseCandidateFolderResult>(METHODS.useCandidateFolder, { folderUri: ws.uri, relDir: 'src/app/sql' });
    assert.deepEqual(result, { ok: true, configUri: ws.uriOf('.migration-lens.json'), changed: true });
    assert.equal(readFileSync(path.join(ws.dir, '.migration-lens.json'), 'utf8'), '{\n  // the team\'s settings\n  "postgresVersion": 16,\n  "sets": [{ "folders": ["src/app/sql"] }]\n}\n');
    await client.fileChanged(ws.uriOf('.migration-lens.json'), 2);
    const sets = await until('the new set', async () => {
      const r = await client.connection.sendRequest<SetsResult>(METHODS.sets, { fresh: true });
      return r.sets.some((s) => s.set.files.length) ? r.sets : undefined;
    });
    assert.deepEqual(sets.map((s) => [s.set.relRoot, s.set.files.map((f) => path.basename(f.path))]), [['src/app/sql', ['000_init.sql', '001_name.sql', '002_index.sql']]]);
    const again = await client.connection.sendRequest<UseCandidateFolderResult>(METHODS.useCandidateFolder, { folderUri: ws.uri, relDir: 'src/app/sql' });
    assert.deepEqual(again, { ok: true, configUri: ws.uriOf('.migration-lens.json'), changed: false });
  });
});
