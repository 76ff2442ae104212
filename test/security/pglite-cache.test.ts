/**
 * The PGlite data-directory cache: per user (never a shared temporary folder), private (0700),
 * and verified. A data directory planted in the cache folder, or one that does not match its
 * recorded checksum, is rebuilt, never loaded: previews must not run against objects no migration created.
 */
import * as assert from 'node:assert/strict';
import { chmodSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import * as path from 'node:path';
import { createPGlite } from '../../server/src/preview/boot';
import { userCacheDir } from '../../server/src/cache-dir';
import { snapshotDataDir } from '../../server/src/preview/data-dir';

const PLANTED = `SELECT count(*)::int AS n FROM pg_catalog.pg_class WHERE relname = 'planted'`;

describe('security: the PGlite cache', function () {
  this.timeout(180_000);
  let dir: string;
  beforeEach(() => {
    dir = path.join(mkdtempSync(path.join(tmpdir(), 'lens-cache-')), 'cache');
  });
  afterEach(() => rmSync(path.dirname(dir), { recursive: true, force: true }));

  it("lives in the user's own cache folder, not in the shared temporary folder", () => {
    const saved = process.env.XDG_CACHE_HOME;
    try {
      delete process.env.XDG_CACHE_HOME;
      const d = userCacheDir();
      assert.ok(d.startsWith(homedir()), d);
      assert.ok(!d.startsWith(tmpdir() + path.sep), d);
      process.env.XDG_CACHE_HOME = '/somewhere/cache';
      if (process.platform === 'linux') assert.equal(userCacheDir(), '/somewhere/cache/migration-lens');
    } finally {
      if (saved === undefined) delete process.env.XDG_CACHE_HOME;
      else process.env.XDG_CACHE_HOME = saved;
    }
  });

  it('is created 0700 with a checksum next to the cached directory; a planted directory is rebuilt, not loaded', async function () {
    if (process.platform === 'win32') this.skip();
    const first = await createPGlite({}, dir);
    await first.close();
    assert.equal(statSync(dir).mode & 0o777, 0o700);
    const cached = readdirSync(dir).find((f) => f.startsWith('pglite-base-') && !f.endsWith('.sha256'));
    assert.ok(cached, readdirSync(dir).join(', '));
    const file = path.join(dir, cached);
    assert.ok(existsSync(`${file}.sha256`));

    // Another local user's directory, in the cache's own format: it holds an object no migration created.
    const attacker = await createPGlite({}, undefined);
    await attacker.exec('CREATE TABLE planted (id int)');
    await attacker.exec('CHECKPOINT');
    writeFileSync(file, snapshotDataDir(attacker, '/pglite/data'));
    await attacker.close();

    const booted = await createPGlite({}, dir);
    try {
      assert.equal((await booted.query<{ n: number }>(PLANTED)).rows[0].n, 0, 'the planted directory was not loaded');
    } finally {
      await booted.close();
    }
    // Rebuilt: the cache verifies again, and loads.
    const sum = readFileSync(`${file}.sha256`, 'utf8');
    assert.match(sum, /^[0-9a-f]{64}$/);
  });

  it('takes a cache folder others can write to back to 0700 before using it', async function () {
    if (process.platform === 'win32') this.skip();
    const db = await createPGlite({}, dir);
    await db.close();
    chmodSync(dir, 0o777);
    const again = await createPGlite({}, dir);
    await again.close();
    assert.equal(statSync(dir).mode & 0o777, 0o700);
  });
});
