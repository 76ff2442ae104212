import * as assert from 'node:assert/strict';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { resolveConfig, type ConfigInput } from '../../../server/src/config';
import { lintText } from '../../../server/src/engine';
import { formatHeaderDate } from '../../../server/src/header/template';
import { planNewMigration } from '../../../server/src/layout/naming';
import type { MigrationSet } from '../../../server/src/layout/types';
import { chooseSet, createMigration, MigrationNameError, type CreatedMigration } from '../../../server/src/scaffold/new-migration';
import { writePlan } from '../../../server/src/scaffold/write';
import { cleanTemp, copyFixture, tempDir, write } from '../layout/helpers';

const NOW = new Date(Date.UTC(2026, 3, 21, 14, 30, 5)); // 2026-04-21 14:30:05 UTC
/** After the Prisma fixture's latest migration (202604221015). */
const LATER = new Date(Date.UTC(2026, 4, 1, 9, 0, 0));
const HEADER: ConfigInput = { header: { preset: 'studyboost', project: 'StudyBoost' } };

function setOf(root: string, target?: string, config: ConfigInput = {}): MigrationSet {
  const choice = chooseSet(root, resolveConfig(config), target);
  assert.ok('set' in choice, `one set in ${root}: ${JSON.stringify('choices' in choice && choice.choices.map((s) => s.relRoot))}`);
  return choice.set;
}

function create(root: string, description: string, opts: { target?: string; config?: ConfigInput; dangerous?: boolean; now?: Date } = {}): CreatedMigration {
  return createMigration(setOf(root, opts.target, opts.config), resolveConfig(opts.config ?? {}), { description, dangerous: opts.dangerous, now: opts.now ?? NOW });
}

const read = (path: string) => readFileSync(path, 'utf8');
/** Every file under `dir`, relative, sorted: what a refusal must leave untouched. */
function listing(dir: string, rel = ''): string[] {
  return readdirSync(join(dir, rel), { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? listing(dir, join(rel, e.name)) : [join(rel, e.name)]))
    .sort();
}

describe('new migration: naming, content and writing', () => {
  after(cleanTemp);

  it('numbered, not zero-padded: writes 101 after 100, with the _down twin the set uses', () => {
    const ws = copyFixture('numbered');
    const created = create(ws, 'Graph weights');
    assert.deepEqual(created.relFiles, ['db/101_graph_weights.sql', 'db/101_graph_weights_down.sql']);
    assert.equal(created.main, join(ws, 'db/101_graph_weights.sql'));
    for (const f of created.files) assert.equal(read(f), '');
    assert.deepEqual(created.selection, { start: 0, end: 0 });
  });

  it('numbered, mixed widths: follows the latest file\'s width', () => {
    const ws = tempDir();
    write(ws, 'db/01_a.sql', 'SELECT 1;\n');
    write(ws, 'db/002_b.sql', 'SELECT 1;\n');
    assert.deepEqual(create(ws, 'c').relFiles, ['db/003_c.sql']);
    assert.ok(existsSync(join(ws, 'db/003_c.sql')));
  });

  it('up/down: both files, each with the header naming the migration; the cursor on the first placeholder', () => {
    const ws = copyFixture('up-down');
    const created = create(ws, '  Short   description ', { config: HEADER });
    assert.deepEqual(created.relFiles, ['backend/src/db/migrations/003_short_description.up.sql', 'backend/src/db/migrations/003_short_description.down.sql']);
    const [up, down] = created.files.map(read);
    for (const text of [up, down]) {
      assert.match(text, /^-- StudyBoost — Short description$/m);
      assert.match(text, /^-- Migration: 003_short_description$/m);
      assert.ok(text.includes(`-- Date: ${formatHeaderDate(NOW)}\n`), text);
      assert.doesNotMatch(text, /Dangerous/);
    }
    assert.equal(up.slice(created.selection.start, created.selection.end), '<why this migration exists>');
  });

  it('the filled header passes the header rules except for the placeholders left to fill', () => {
    const ws = copyFixture('prisma');
    const created = create(ws, 'add avatar', { config: HEADER, now: LATER });
    const { findings } = lintText(read(created.main), { path: created.relFiles[0], config: resolveConfig(HEADER) });
    const header = findings.filter((f) => f.category === 'header');
    assert.ok(header.length > 0, 'placeholders are reported');
    assert.deepEqual(header.filter((f) => !/still a placeholder/.test(f.message)).map((f) => `${f.ruleId}: ${f.message}`), []);
  });

  it('dangerous: the header declares it and carries the review section; refused without a header template', () => {
    const ws = copyFixture('supabase');
    const created = create(ws, 'drop legacy orders', { config: HEADER, dangerous: true });
    const text = read(created.main);
    assert.match(text, /^-- Date: .*\n-- Type: Dangerous migration$/m);
    assert.match(text, /^-- DANGEROUS CHANGE REVIEW$/m);
    const bare = copyFixture('supabase');
    const before = listing(bare);
    assert.throws(() => create(bare, 'drop legacy orders', { dangerous: true }), /no header template/);
    assert.deepEqual(listing(bare), before);
  });

  it('prisma: a folder in the timestamp width the set uses', () => {
    const ws = copyFixture('prisma');
    const created = create(ws, 'Add avatar', { now: new Date(Date.UTC(2026, 3, 23, 9, 5, 59)) });
    assert.deepEqual(created.relFiles, ['prisma/migrations/202604230905_add_avatar/migration.sql']);
    assert.ok(statSync(join(ws, 'prisma/migrations/202604230905_add_avatar')).isDirectory());
  });

  it('supabase: YYYYMMDDHHMMSS in UTC', () => {
    const ws = copyFixture('supabase');
    assert.deepEqual(create(ws, 'add invoices').relFiles, ['supabase/migrations/20260421143005_add_invoices.sql']);
  });

  it('init-sorted: the next sorted file in db/init', () => {
    const ws = copyFixture('init-sorted');
    assert.deepEqual(create(ws, 'recommendations').relFiles, ['db/init/05_recommendations.sql']);
  });

  it('drizzle: the journal stays valid JSON with the entry appended, replaced by a rename', () => {
    const ws = copyFixture('drizzle-v7');
    const journalPath = join(ws, 'db/migrations/meta/_journal.json');
    const before = read(journalPath);
    const inode = statSync(journalPath).ino;
    const created = create(ws, 'add shipments');
    assert.deepEqual(created.relFiles, ['db/migrations/0020_add_shipments.sql']);
    assert.equal(created.journal, journalPath);
    const journal = JSON.parse(read(journalPath));
    assert.deepEqual(journal.entries.slice(0, -1), JSON.parse(before).entries);
    assert.deepEqual(journal.entries.at(-1), { idx: 4, version: '7', when: NOW.getTime(), tag: '0020_add_shipments', breakpoints: true });
    // A new inode: the journal was renamed into place, never truncated and rewritten.
    assert.notEqual(statSync(journalPath).ino, inode);
    assert.deepEqual(readdirSync(join(ws, 'db/migrations/meta')), ['_journal.json'], 'no temporary file left behind');
    // The set now lists the new migration last, in journal order.
    assert.equal(setOf(ws).files.at(-1)?.stem, '0020_add_shipments');
  });

  it('first migration: an empty folder named by its convention, created with its bookkeeping', () => {
    const ws = tempDir();
    assert.deepEqual(chooseSet(ws, resolveConfig({})), { choices: [] }, 'nothing to pick from: the caller asks for a folder');
    // A folder that does not exist is only created when the caller says so (a typo must not found a set).
    assert.throws(() => chooseSet(ws, resolveConfig({}), 'supabase/migrations'), /supabase\/migrations does not exist: check the name, or pass --create/);
    for (const d of ['supabase/migrations', 'db/init', 'prisma/migrations', 'drizzle']) mkdirSync(join(ws, d), { recursive: true });
    assert.deepEqual(create(ws, 'init', { target: 'supabase/migrations' }).relFiles, ['supabase/migrations/20260421143005_init.sql']);
    assert.deepEqual(create(ws, 'init', { target: 'db/init' }).relFiles, ['db/init/01_init.sql']);
    assert.deepEqual(create(ws, 'init', { target: join(ws, 'prisma/migrations') }).relFiles, [
      'prisma/migrations/20260421143005_init/migration.sql',
      'prisma/migrations/migration_lock.toml',
    ]);
    const drizzle = create(ws, 'init', { target: 'drizzle' });
    assert.deepEqual(drizzle.relFiles, ['drizzle/0000_init.sql']);
    assert.equal(JSON.parse(read(drizzle.journal!)).entries[0].tag, '0000_init');
  });

  it('first migration without a folder: the configured convention\'s default folder', () => {
    const ws = tempDir();
    assert.deepEqual(create(ws, 'start', { config: { convention: 'up-down' } }).relFiles, ['migrations/001_start.up.sql', 'migrations/001_start.down.sql']);
  });

  it('never overwrites: a file that appears after planning stops the write, and nothing is left behind', () => {
    const ws = copyFixture('drizzle-v7');
    const journalPath = join(ws, 'db/migrations/meta/_journal.json');
    const journalBefore = read(journalPath);
    const plan = planNewMigration(setOf(ws), 'race', NOW);
    write(ws, plan.files[0].relPath, 'SELECT 1; -- written by someone else\n');
    assert.throws(() => writePlan(plan), (e: Error) => e instanceof MigrationNameError && /0020_race\.sql already exists: it is never overwritten/.test(e.message));
    assert.equal(read(plan.files[0].path), 'SELECT 1; -- written by someone else\n');
    assert.equal(read(journalPath), journalBefore);

    const updown = copyFixture('up-down');
    const before = listing(updown);
    const pair = planNewMigration(setOf(updown), 'race', NOW);
    write(updown, pair.files[1].relPath, '-- theirs\n');
    assert.throws(() => writePlan(pair), /003_race\.down\.sql already exists/);
    assert.deepEqual(listing(updown), [...before, pair.files[1].relPath].sort(), 'the up file written first was removed again');
  });

  it('a failed write removes the folders it created (Prisma migration folder)', () => {
    const ws = copyFixture('prisma');
    const before = listing(ws);
    const plan = planNewMigration(setOf(ws), 'avatar', LATER);
    plan.files.push({ ...plan.files[0], path: join(ws, 'prisma/migrations/migration_lock.toml'), relPath: 'prisma/migrations/migration_lock.toml' });
    assert.throws(() => writePlan(plan), /migration_lock\.toml already exists/);
    assert.deepEqual(listing(ws), before);
    assert.equal(existsSync(join(ws, 'prisma/migrations/202605010900_avatar')), false);
  });

  it('refuses a name that sorts before existing migrations, and writes nothing', () => {
    const ws = copyFixture('supabase');
    const before = listing(ws);
    assert.throws(() => create(ws, 'late', { now: new Date(Date.UTC(2024, 1, 1)) }), /would sort before 20240301120000_add_orders/);
    assert.deepEqual(listing(ws), before);
  });

  it('refuses descriptions it cannot name a file after, with a reason', () => {
    const ws = copyFixture('numbered');
    const before = listing(ws);
    const refusal = (d: string) => {
      try {
        create(ws, d);
      } catch (e) {
        assert.ok(e instanceof MigrationNameError, String(e));
        return e.message;
      }
      assert.fail(`"${d}" was accepted`);
    };
    assert.match(refusal('   '), /Describe the migration/);
    assert.match(refusal('two\nlines'), /single line/);
    assert.match(refusal('x'.repeat(201)), /under 200 characters/);
    assert.match(refusal('добавить таблицу'), /Latin letters or digits/);
    assert.deepEqual(listing(ws), before);
  });
});

describe('new migration: which set', () => {
  after(cleanTemp);
  const config = resolveConfig({});

  it('several sets: the caller chooses, unless a folder names one', () => {
    const ws = copyFixture('monorepo');
    const choice = chooseSet(ws, config);
    assert.ok('choices' in choice);
    assert.deepEqual(choice.choices.map((s) => `${s.relRoot} ${s.convention}`), ['apps/api/drizzle drizzle', 'services/billing/supabase/migrations supabase']);
    assert.equal(setOf(ws, 'apps/api/drizzle').relRoot, 'apps/api/drizzle', 'the set root');
    assert.equal(setOf(ws, 'apps').relRoot, 'apps/api/drizzle', 'a folder holding one set');
    assert.equal(setOf(ws, 'apps/api/drizzle/meta').relRoot, 'apps/api/drizzle', 'a folder inside a set');
  });

  it('a folder holding several sets offers those', () => {
    const ws = copyFixture('monorepo');
    write(ws, 'services/billing/db/init/01_a.sql', 'SELECT 1;\n');
    const choice = chooseSet(ws, config, 'services');
    assert.ok('choices' in choice);
    assert.deepEqual(choice.choices.map((s) => s.relRoot), ['services/billing/db/init', 'services/billing/supabase/migrations']);
  });

  it('refuses to start numbering in a folder whose .sql files the globs do not cover', () => {
    const ws = tempDir();
    write(ws, 'sql/001_init.sql', 'SELECT 1;\n');
    assert.throws(() => chooseSet(ws, config, 'sql'), /sql holds \.sql files that the "migrations" globs .* do not cover/);
    assert.equal(setOf(ws, 'sql', { migrations: ['sql/*.sql'] }).files.length, 1, 'covered by the globs, it is a set');
  });

  it('refuses a folder outside the workspace and a file', () => {
    const ws = copyFixture('numbered');
    assert.throws(() => chooseSet(ws, config, join(ws, '..')), /outside the workspace folder/);
    assert.throws(() => chooseSet(ws, config, 'db/README.md'), /is a file/);
  });
});
