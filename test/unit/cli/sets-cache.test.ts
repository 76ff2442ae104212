/**
 * `lint <file>` keeps the sets it detected around its files in the user's cache folder
 * (cli/sets-cache.ts) and uses them while nothing detection read has changed: the same sets as a
 * fresh detection, detected again after any file or folder it read changes, never kept from a
 * racy read, and never written in the workspace.
 */
import { strict as assert } from 'node:assert';
import { readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { resolveConfig } from '../../../server/src/config';
import type { ResolvedConfig } from '../../../server/src/config-model';
import { detectSets, detectSetsHolding } from '../../../server/src/layout/detect';
import type { MigrationSet } from '../../../server/src/layout/types';
import { SetsCache } from '../../../server/src/cli/sets-cache';
import { cleanTemp, copyFixture, FIXTURES, tempDir, write } from '../layout/helpers';

/** Every file and folder under `dir` (and itself) last modified an hour ago: no read of them is racy. */
function settle(dir: string): void {
  const past = new Date(Date.now() - 3_600_000);
  for (const rel of readdirSync(dir, { recursive: true }) as string[]) utimesSync(join(dir, rel), past, past);
  utimesSync(dir, past, past);
}

/** A clock a minute ahead: the change times of files just written (utimes sets them to now) are settled by it. */
const later = () => Date.now() + 60_000;

/** SetsCache.detect of detectSetsHolding, and whether it detected (a miss) or answered from the file. */
function cached(cacheDir: string, root: string, config: ResolvedConfig, files: string[], now: () => number = later): { sets: MigrationSet[]; detected: boolean } {
  let detected = false;
  const sets = SetsCache.open(cacheDir, root, now).detect(root, config, files, () => {
    detected = true;
    return detectSetsHolding(root, config, files);
  });
  return { sets, detected };
}

describe('lint: the sets detected around its files, cached between runs', function () {
  this.timeout(60_000);
  after(cleanTemp);
  const config = resolveConfig({});

  it('gives the sets a fresh detection gives, for every file of every layout, from the cache on the second run', () => {
    for (const name of readdirSync(FIXTURES)) {
      const dir = copyFixture(name);
      settle(dir);
      const cacheDir = tempDir();
      for (const set of detectSets(dir, config)) {
        for (const file of [...set.files, ...set.downs, ...set.orphans]) {
          const fresh = detectSetsHolding(dir, config, [file.path]);
          const first = cached(cacheDir, dir, config, [file.path]);
          assert.ok(first.detected, `${name}: ${file.relPath}, first run`);
          assert.deepEqual(first.sets, fresh, `${name}: ${file.relPath}, first run`);
          const second = cached(cacheDir, dir, config, [file.path]);
          assert.ok(!second.detected, `${name}: ${file.relPath} is answered from the cache`);
          assert.deepEqual(second.sets, fresh, `${name}: ${file.relPath}, from the cache`);
        }
      }
    }
  });

  const changes: [string, string, (dir: string) => void][] = [
    ['a migration added beside it', 'prisma', (dir) => write(dir, 'prisma/migrations/20240301000000_more/migration.sql', 'SELECT 1;')],
    ['a migration removed', 'numbered', (dir) => rmSync(join(dir, 'db/100_graph_edges.sql'))],
    ['the Drizzle journal edited', 'drizzle-v7', (dir) => write(dir, 'db/migrations/meta/_journal.json', '{"version":"7","dialect":"postgresql","entries":[]}')],
    ['flyway.toml edited', 'flyway-custom', (dir) => write(dir, 'flyway.toml', '[flyway]\n')],
    ['sqitch.conf edited', 'sqitch-conf', (dir) => write(dir, 'sqitch.conf', '[core]\n\tengine = pg\n')],
    ['the goose annotations removed (the convention is read from the files)', 'goose', (dir) => {
      for (const name of readdirSync(join(dir, 'migrations'))) writeFileSync(join(dir, 'migrations', name), 'SELECT 1;\n');
    }],
  ];
  for (const [what, fixture, change] of changes) {
    it(`detects again after ${what}`, () => {
      const dir = copyFixture(fixture);
      settle(dir);
      const cacheDir = tempDir();
      const set = detectSets(dir, config).find((s) => s.files.length > 1)!;
      const file = set.files[0].path;
      cached(cacheDir, dir, config, [file]);
      assert.ok(!cached(cacheDir, dir, config, [file]).detected, 'cached before the change');
      change(dir);
      const after = cached(cacheDir, dir, config, [file]);
      assert.ok(after.detected, 'detected again');
      assert.deepEqual(after.sets, detectSetsHolding(dir, config, [file]));
    });
  }

  it('keeps nothing from a detection that read a path changed within the last seconds (a second change could keep its status)', () => {
    const dir = copyFixture('prisma');
    const cacheDir = tempDir();
    const file = detectSets(dir, config)[0].files[0].path;
    cached(cacheDir, dir, config, [file], Date.now);
    assert.ok(cached(cacheDir, dir, config, [file], Date.now).detected, 'the files were just copied: nothing kept');
    settle(dir);
    cached(cacheDir, dir, config, [file]);
    assert.ok(!cached(cacheDir, dir, config, [file]).detected);
  });

  it('keys the sets by the configuration and the files named', () => {
    const dir = copyFixture('numbered');
    settle(dir);
    const cacheDir = tempDir();
    const [a, b] = detectSets(dir, config)[0].files.map((f) => f.path);
    cached(cacheDir, dir, config, [a]);
    assert.ok(cached(cacheDir, dir, config, [b]).detected, 'another file');
    assert.ok(!cached(cacheDir, dir, config, [a]).detected, 'both kept');
    const forced = resolveConfig({ convention: 'generic' });
    const other = cached(cacheDir, dir, forced, [a]);
    assert.ok(other.detected, 'another configuration');
    assert.equal(other.sets[0].convention, 'generic');
  });

  it('detects when the cache file is not one it wrote, and writes nothing in the workspace', () => {
    const dir = copyFixture('prisma');
    settle(dir);
    const before = readdirSync(dir, { recursive: true }).sort();
    const cacheDir = tempDir();
    const file = detectSets(dir, config)[0].files[0].path;
    cached(cacheDir, dir, config, [file]);
    const folder = join(cacheDir, 'lint-sets');
    for (const name of readdirSync(folder)) writeFileSync(join(folder, name), 'not a cache');
    const again = cached(cacheDir, dir, config, [file]);
    assert.ok(again.detected);
    assert.deepEqual(again.sets, detectSetsHolding(dir, config, [file]));
    assert.deepEqual(readdirSync(dir, { recursive: true }).sort(), before);
  });
});
