/**
 * The language server's bundle is loaded with V8's code cache (server-start.ts): a fresh server
 * writes it in the user's cache folder once its warm-up is done, a later server lints from it,
 * and a cache V8 rejects is replaced. Nothing is written in the workspace.
 */
import * as assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { LspClient, serverBundle, TempWorkspace } from './client';

const TEXT = 'ALTER TABLE users ADD COLUMN email text NOT NULL;\nCREATE INDEX users_email ON users (email);\n';

describe('language server: V8 code cache of its bundle', function () {
  this.timeout(120_000);
  let xdg: string;
  let ws: TempWorkspace;

  before(async function () {
    // Only the built server has a bundle to cache (the fallback build of the sources is one bundle).
    if (path.basename(path.dirname(await serverBundle())) !== 'dist') this.skip();
    xdg = mkdtempSync(path.join(tmpdir(), 'lens-xdg-'));
    ws = new TempWorkspace();
    ws.write('migrations/0001_init.sql', TEXT);
  });

  after(() => {
    ws?.dispose();
    if (xdg) rmSync(xdg, { recursive: true, force: true });
  });

  const codeDir = () => path.join(xdg, 'migration-lens', 'code');
  const caches = () => (existsSync(codeDir()) ? readdirSync(codeDir()).filter((n) => n.startsWith('server-main-')) : []);

  /** A fresh server's diagnostics for the migration, then `until` awaited before it stops. */
  async function session(until: () => boolean): Promise<string[]> {
    const client = await LspClient.start({ workspaceUri: ws.uri, settings: { debounceMs: 0 }, env: { XDG_CACHE_HOME: xdg } });
    try {
      const uri = ws.uriOf('migrations/0001_init.sql');
      await client.open(uri, TEXT);
      const codes = (await client.waitForDiagnostics(uri, (p) => p.version === 1, 0, 60_000)).diagnostics.map((d) => String(d.code)).sort();
      while (!until()) await new Promise((r) => setTimeout(r, 100));
      return codes;
    } finally {
      await client.stop();
    }
  }

  it('is written privately once the warm-up is done, read by the next server, and replaced when V8 rejects it', async () => {
    const before = readdirSync(ws.dir, { recursive: true }).sort();
    const first = await session(() => caches().length > 0);
    const [name] = caches();
    assert.equal(statSync(codeDir()).mode & 0o777, 0o700);
    assert.equal(statSync(path.join(codeDir(), name)).mode & 0o777, 0o600);
    assert.ok(statSync(path.join(codeDir(), name)).size > 100_000, 'the cache holds the functions the lints compiled');
    assert.ok(first.length > 0, 'the migration has findings');

    // From the cache: the same findings.
    assert.deepEqual(await session(() => true), first);

    // A cache of the same name that V8 rejects (another build's bytes) is replaced by a good one.
    writeFileSync(path.join(codeDir(), name), Buffer.alloc(4096, 7), { mode: 0o600 });
    assert.deepEqual(await session(() => statSync(path.join(codeDir(), name)).size !== 4096), first);
    assert.ok(statSync(path.join(codeDir(), name)).size > 100_000);
    assert.notDeepEqual(readFileSync(path.join(codeDir(), name)).subarray(0, 4096), Buffer.alloc(4096, 7));
    assert.deepEqual(caches(), [name]);
    assert.deepEqual(readdirSync(ws.dir, { recursive: true }).sort(), before, 'nothing written in the workspace');
  });
});
