import * as assert from 'node:assert/strict';
import { join } from 'node:path';
import { conventionOfPath } from '../../../server/src/layout/conventions';
import { readdirSync, symlinkSync } from 'node:fs';
import { resolveConfig } from '../../../server/src/config';
import { detectSets, detectSetsHolding, emptySet } from '../../../server/src/layout/detect';
import type { MigrationSet } from '../../../server/src/layout/types';
import { cleanTemp, copyFixture, FIXTURES, only, setsOf, tempDir, write } from './helpers';

const stems = (set: MigrationSet, list: 'files' | 'downs' | 'orphans' = 'files') => set[list].map((f) => f.stem);

describe('layout detection', () => {
  after(cleanTemp);

  it('drizzle, new journal: journal order, an orphan kept out, duplicate numbers kept', () => {
    const set = only(setsOf(join(FIXTURES, 'drizzle-v7')));
    assert.equal(set.convention, 'drizzle');
    assert.equal(set.relRoot, 'db/migrations');
    assert.equal(set.journal?.format, 'v7');
    // The journal puts 0018_add_refunds before 0018_add_invoices, whatever the names say.
    assert.deepEqual(stems(set), ['0016_add_orders', '0017_add_items', '0018_add_refunds', '0018_add_invoices']);
    assert.deepEqual(stems(set, 'orphans'), ['0019_hand_written']);
    assert.ok(set.journal?.entries.every((e) => e.file));
    const f = set.files[2];
    assert.deepEqual({ id: f.id, number: f.number, name: f.name, role: f.role, relPath: f.relPath }, { id: '0018', number: 18, name: 'add_refunds', role: 'up', relPath: 'db/migrations/0018_add_refunds.sql' });
    assert.equal(f.path, join(FIXTURES, 'drizzle-v7/db/migrations/0018_add_refunds.sql'));
  });

  it('drizzle, old journal (version 5, dialect pg): entries without a file are reported in the journal', () => {
    const set = only(setsOf(join(FIXTURES, 'drizzle-v5')));
    assert.equal(set.convention, 'drizzle');
    assert.equal(set.relRoot, 'drizzle', 'found through its journal although no default glob covers drizzle/');
    assert.equal(set.journal?.format, 'v5');
    assert.deepEqual(stems(set), ['0000_living_banshee', '0001_next_feature']);
    assert.deepEqual(set.journal?.entries.map((e) => [e.idx, e.tag, !!e.file]), [
      [0, '0000_living_banshee', true],
      [1, '0001_next_feature', true],
      [2, '0002_another_feature', false],
    ]);
  });

  it('drizzle journal that is not JSON: the error is kept and files fall back to numeric order', () => {
    const dir = copyFixture('drizzle-v7');
    write(dir, 'db/migrations/meta/_journal.json', '{ "entries": [ ');
    const set = only(setsOf(dir));
    assert.match(set.journal?.error ?? '', /not valid JSON/);
    assert.deepEqual(stems(set), ['0016_add_orders', '0017_add_items', '0018_add_invoices', '0018_add_refunds', '0019_hand_written']);
  });

  it('drizzle-kit v1 folders (snapshot.json, no journal): drizzle, ordered by folder name', () => {
    const dir = tempDir();
    write(dir, 'drizzle/20250102000000_second/migration.sql', 'SELECT 2;');
    write(dir, 'drizzle/20250102000000_second/snapshot.json', '{}');
    write(dir, 'drizzle/20250101000000_first/migration.sql', 'SELECT 1;');
    write(dir, 'drizzle/20250101000000_first/snapshot.json', '{}');
    const set = only(setsOf(dir, { migrations: ['drizzle/**/*.sql'] }));
    assert.equal(set.convention, 'drizzle');
    assert.ok(set.folders);
    assert.deepEqual(stems(set), ['20250101000000_first', '20250102000000_second']);
  });

  it('numbered: numeric order where numbers are not zero-padded, _down twins paired', () => {
    const set = only(setsOf(join(FIXTURES, 'numbered')));
    assert.equal(set.convention, 'numbered');
    assert.deepEqual(stems(set), ['9_graph_base', '10_graph_nodes', '100_graph_edges']);
    assert.deepEqual(stems(set, 'downs'), ['10_graph_nodes_down']);
    assert.equal(set.files[1].downPath, join(FIXTURES, 'numbered/db/10_graph_nodes_down.sql'));
    assert.equal(set.downs[0].upPath, set.files[1].path);
    assert.equal(set.downs[0].role, 'down');
  });

  it('a name ending in _down without an up twin is an up file', () => {
    const dir = tempDir();
    write(dir, 'db/001_init.sql', 'SELECT 1;');
    write(dir, 'db/002_slow_down.sql', 'SELECT 1;');
    const set = only(setsOf(dir));
    assert.deepEqual(stems(set), ['001_init', '002_slow_down']);
    assert.deepEqual(set.downs, []);
  });

  it('up/down: .up.sql and .down.sql paired, the up file without a twin has no downPath', () => {
    const set = only(setsOf(join(FIXTURES, 'up-down')));
    assert.equal(set.convention, 'up-down');
    assert.equal(set.relRoot, 'backend/src/db/migrations');
    assert.deepEqual(stems(set), ['001_initial_schema', '002_seed_demo_data']);
    assert.deepEqual(set.files.map((f) => !!f.downPath), [true, false]);
    assert.deepEqual(set.downs.map((f) => f.relPath), ['backend/src/db/migrations/001_initial_schema.down.sql']);
  });

  it('prisma: timestamp folders in name order, lock file found', () => {
    const set = only(setsOf(join(FIXTURES, 'prisma')));
    assert.equal(set.convention, 'prisma');
    assert.ok(set.folders);
    assert.equal(set.relRoot, 'prisma/migrations');
    assert.equal(set.lockFile, join(FIXTURES, 'prisma/prisma/migrations/migration_lock.toml'));
    assert.deepEqual(stems(set), ['202604211430_init', '202604221015_add_email']);
    assert.deepEqual([set.files[0].id, set.files[0].name, set.files[0].relPath], ['202604211430', 'init', 'prisma/migrations/202604211430_init/migration.sql']);
  });

  it('prisma with plain-number folders: applied in name order, as Prisma does', () => {
    const set = only(setsOf(join(FIXTURES, 'prisma-numbered')));
    assert.equal(set.convention, 'prisma');
    assert.deepEqual(stems(set), ['10_add_c', '1_init', '2_add_b']);
  });

  it('supabase: timestamp order; a file without a version is an orphan', () => {
    const set = only(setsOf(join(FIXTURES, 'supabase')));
    assert.equal(set.convention, 'supabase');
    assert.deepEqual(stems(set), ['20240101120000_init', '20240301120000_add_orders']);
    assert.deepEqual(stems(set, 'orphans'), ['notes']);
  });

  it('init-sorted: file-name order, createDB.sql as snapshot, companion files left alone', () => {
    const set = only(setsOf(join(FIXTURES, 'init-sorted')));
    assert.equal(set.convention, 'init-sorted');
    assert.equal(set.relRoot, 'db/init');
    assert.deepEqual(stems(set), ['01_schema', '02_match_movies', '04_password_reset_tokens']);
    assert.equal(set.snapshot, join(FIXTURES, 'init-sorted/db/createDB.sql'));
  });

  it('init-sorted sorts names, not numbers', () => {
    const dir = tempDir();
    for (const n of ['1_a.sql', '10_b.sql', '2_c.sql']) write(dir, `db/init/${n}`, 'SELECT 1;');
    assert.deepEqual(stems(only(setsOf(dir))), ['10_b', '1_a', '2_c']);
  });

  it('generic: numbered files in a plain migrations folder', () => {
    const set = only(setsOf(join(FIXTURES, 'generic')));
    assert.equal(set.convention, 'generic');
    assert.deepEqual(stems(set), ['001_create_users', '002_add_email']);
  });

  it('monorepo: one set per folder, node_modules skipped', () => {
    const dir = copyFixture('monorepo');
    write(dir, 'node_modules/some-lib/migrations/001_vendor.sql', 'CREATE TABLE vendor (id int);');
    write(dir, 'apps/api/node_modules/x/db/init/01_x.sql', 'SELECT 1;');
    const sets = setsOf(dir);
    assert.deepEqual(
      sets.map((s) => [s.relRoot, s.convention, s.files.length]),
      [
        ['apps/api/drizzle', 'drizzle', 1],
        ['services/billing/supabase/migrations', 'supabase', 1],
      ],
    );
  });

  it('the configured convention overrides detection', () => {
    const set = only(setsOf(join(FIXTURES, 'generic'), { convention: 'up-down' }));
    assert.equal(set.convention, 'up-down');
    assert.ok(set.configured);
  });

  it('a missing folder has no sets', () => {
    assert.deepEqual(setsOf(join(FIXTURES, 'does-not-exist')), []);
  });

  it('emptySet gives a new set in the convention\'s default folder', () => {
    const set = emptySet('/ws', 'supabase');
    assert.deepEqual([set.root, set.relRoot, set.files.length], ['/ws/supabase/migrations', 'supabase/migrations', 0]);
  });

  it('conventionOfPath still answers per file', () => {
    assert.equal(conventionOfPath('db/init/01_schema.sql'), 'init-sorted');
    assert.equal(conventionOfPath('prisma/migrations/20240101000000_x/migration.sql'), 'prisma');
  });
});

describe('layout detection around named files (lint <file>)', () => {
  after(cleanTemp);
  it('finds the same set for each file as detecting the whole workspace, without walking it', () => {
    const config = resolveConfig({});
    for (const name of readdirSync(FIXTURES)) {
      const dir = copyFixture(name);
      for (const set of detectSets(dir, config)) {
        for (const file of [...set.files, ...set.downs, ...set.orphans]) {
          const found = detectSetsHolding(dir, config, [file.path]);
          assert.deepEqual(found, [set], `${name}: ${file.relPath}`);
        }
      }
    }
  });

  it('reads around the file as the whole walk does: no dot files or folders, node_modules or symbolic links, markers one level down', () => {
    const dir = tempDir();
    for (const rel of ['db/001_a.sql', 'db/002_b.sql', 'db/.003_hidden.sql', 'db/.old/004.sql', 'db/node_modules/x/005.sql', 'db/more/006.sql', 'db/more/deeper/007.sql', 'db/a/b/c/008.sql', 'prisma/migrations/1_init/migration.sql']) write(dir, rel, 'SELECT 1;');
    write(dir, 'prisma/migrations/migration_lock.toml', 'provider = "postgresql"');
    write(dir, 'drizzle/meta/_journal.json', '{"version":"7","dialect":"postgresql","entries":[]}');
    write(dir, 'drizzle/0000_x.sql', 'SELECT 1;');
    symlinkSync(join(dir, 'db/001_a.sql'), join(dir, 'db/009_link.sql'));
    const config = resolveConfig({ migrations: ['**/*.sql'] });
    const all = detectSets(dir, config);
    for (const file of ['db/001_a.sql', 'db/more/006.sql', 'prisma/migrations/1_init/migration.sql', 'drizzle/0000_x.sql']) {
      assert.deepEqual(detectSetsHolding(dir, config, [join(dir, file)]), all.filter((s) => [...s.files, ...s.orphans].some((f) => f.path === join(dir, file))), file);
    }
    const db = detectSetsHolding(dir, config, [join(dir, 'db/001_a.sql')]);
    assert.deepEqual(db.map((s) => stems(s)), [['001_a', '002_b']]);
    assert.deepEqual(detectSetsHolding(dir, config, [join(dir, 'drizzle/0000_x.sql')]).map((s) => s.convention), ['drizzle']);
    assert.deepEqual(detectSetsHolding(dir, config, [join(dir, 'prisma/migrations/1_init/migration.sql')]).map((s) => [s.convention, s.lockFile]), [['prisma', join(dir, 'prisma/migrations/migration_lock.toml')]]);
  });
});
