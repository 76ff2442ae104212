import { strict as assert } from 'node:assert';
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import type { PGlite } from '@electric-sql/pglite';
import { createPGlite } from '../../../server/src/preview/boot';
import { snapshotDataDir } from '../../../server/src/preview/data-dir';

const PGDATA = '/pglite/data';
type Fs = { readdir(p: string): string[]; stat(p: string): { size: number } };

describe('preview: the cached data directory (boot.ts, data-dir.ts)', function () {
  this.timeout(120_000);
  const cacheDir = mkdtempSync(join(tmpdir(), 'lens-data-dir-'));
  const open: PGlite[] = [];
  const boot = async (): Promise<PGlite> => {
    const db = await createPGlite({}, cacheDir);
    open.push(db);
    return db;
  };
  const cacheFile = (): string => join(cacheDir, readdirSync(cacheDir).find((f) => f.startsWith('pglite-base-') && !f.endsWith('.sha256'))!);
  after(async () => {
    for (const db of open) await db.close();
    rmSync(cacheDir, { recursive: true, force: true });
  });

  it('is saved by the first boot and loaded by the next: the same directory, trailing zeros restored, and PostgreSQL runs on it', async () => {
    const fresh = await boot(); // initdb, then saved
    const saved = readFileSync(cacheFile());
    assert.ok(snapshotDataDir(fresh, PGDATA).equals(saved), 'the cache holds the fresh directory as it was');

    const loaded = await boot();
    const fs = loaded.Module.FS as unknown as Fs;
    const segments = fs.readdir(`${PGDATA}/pg_wal`).filter((f) => /^[0-9A-F]{24}$/.test(f));
    assert.ok(segments.length > 0);
    // The WAL segment is stored without its zeros and loaded at its full size (initdb --wal-segsize=1).
    for (const s of segments) assert.equal(fs.stat(`${PGDATA}/pg_wal/${s}`).size, 1024 * 1024);
    const [, , row] = await loaded.exec('CREATE TABLE t (id int); INSERT INTO t VALUES (7); SELECT id, current_database() AS db FROM t');
    assert.deepEqual(row.rows, [{ id: 7, db: 'postgres' }]);
  });

  it('a cached file cut short (its checksum recorded as it is) is not loaded: the boot runs initdb and saves it again', async () => {
    const file = cacheFile();
    const whole = readFileSync(file);
    const cut = whole.subarray(0, whole.length - 4096);
    writeFileSync(file, cut);
    writeFileSync(`${file}.sha256`, createHash('sha256').update(cut).digest('hex'));

    const db = await boot();
    const [res] = await db.exec('SELECT 1 AS one');
    assert.deepEqual(res.rows, [{ one: 1 }]);
    // Saved again, whole: a fresh initdb's directory, not byte for byte the first one (its size varies by a few bytes), with its own checksum.
    const again = readFileSync(file);
    assert.ok(again.length > cut.length + 2048, `saved again, whole: ${again.length} bytes, the cut file had ${cut.length}, the first ${whole.length}`);
    assert.equal(createHash('sha256').update(again).digest('hex'), readFileSync(`${file}.sha256`, 'utf8').trim());
  });

  it('saving removes the directories of other PGlite builds and earlier layouts, and keeps its own', async () => {
    const file = cacheFile();
    const others = ['pglite-base-v2-5es5g-3pxdp.bin', 'pglite-base-v2-5es5g-3pxdp.bin.sha256', 'pglite-base-v3-aaaa-bbbb.bin', 'pglite-base-v3-aaaa-bbbb.bin.77.tmp'];
    for (const name of others) writeFileSync(join(cacheDir, name), 'old');
    writeFileSync(join(cacheDir, 'unrelated.txt'), 'not ours to remove');
    writeFileSync(`${file}.sha256`, 'mismatch'); // this build's file no longer verifies: the next boot saves it again

    await boot();
    assert.deepEqual(readdirSync(cacheDir).sort(), [basename(file), `${basename(file)}.sha256`, 'unrelated.txt'].sort());
  });
});
