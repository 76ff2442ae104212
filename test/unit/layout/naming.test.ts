import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { emptySet } from '../../../server/src/layout/detect';
import { MigrationNameError, planNewMigration, slugify, type MigrationPlan } from '../../../server/src/layout/naming';
import { cleanTemp, copyFixture, FIXTURES, only, setsOf, tempDir, write } from './helpers';

const NOW = new Date(Date.UTC(2026, 3, 21, 14, 30, 5)); // 2026-04-21 14:30:05 UTC
const rels = (plan: MigrationPlan) => plan.files.map((f) => f.relPath);
const setAt = (root: string) => only(setsOf(root));

describe('naming new migrations', () => {
  after(cleanTemp);

  it('turns a description into the convention\'s slug', () => {
    assert.equal(slugify("Add users' e-mail!"), 'add_users_e_mail');
    assert.equal(slugify('  Créer la table Ünïcode  '), 'creer_la_table_unicode');
    assert.equal(slugify('Add users', '-'), 'add-users');
    assert.ok(slugify('word '.repeat(40)).length <= 60);
  });

  it('refuses a description without letters or digits', () => {
    assert.throws(() => planNewMigration(setAt(join(FIXTURES, 'numbered')), ' !! ', NOW), MigrationNameError);
  });

  it('numbered, not zero-padded: the next number after 100, without padding', () => {
    const plan = planNewMigration(setAt(join(FIXTURES, 'numbered')), 'Graph weights', NOW);
    // The set uses _down twins, so the new migration gets one too.
    assert.deepEqual(rels(plan), ['db/101_graph_weights.sql', 'db/101_graph_weights_down.sql']);
    assert.deepEqual(plan.files.map((f) => f.role), ['up', 'down']);
  });

  it('keeps the zero-pad width of the latest number (316 after 315; mixed widths follow the latest)', () => {
    const dir = tempDir();
    write(dir, 'db/314_a.sql', '');
    write(dir, 'db/315_b.sql', '');
    assert.deepEqual(rels(planNewMigration(setAt(dir), 'graph my feature', NOW)), ['db/316_graph_my_feature.sql']);
    const mixed = tempDir();
    write(mixed, 'db/01_a.sql', '');
    write(mixed, 'db/002_b.sql', '');
    assert.deepEqual(rels(planNewMigration(setAt(mixed), 'c', NOW)), ['db/003_c.sql']);
    const rollover = tempDir();
    write(rollover, 'db/099_a.sql', '');
    assert.deepEqual(rels(planNewMigration(setAt(rollover), 'b', NOW)), ['db/100_b.sql']);
  });

  it('up/down: an up and a down file', () => {
    const plan = planNewMigration(setAt(join(FIXTURES, 'up-down')), 'short description', NOW);
    assert.deepEqual(rels(plan), ['backend/src/db/migrations/003_short_description.up.sql', 'backend/src/db/migrations/003_short_description.down.sql']);
  });

  it('prisma: a folder in the timestamp width the set uses (YYYYMMDDHHmm here)', () => {
    const plan = planNewMigration(setAt(join(FIXTURES, 'prisma')), 'Add avatar', new Date(Date.UTC(2026, 3, 23, 9, 5, 59)));
    assert.deepEqual(rels(plan), ['prisma/migrations/202604230905_add_avatar/migration.sql']);
  });

  it('supabase: YYYYMMDDHHMMSS in UTC', () => {
    const plan = planNewMigration(setAt(join(FIXTURES, 'supabase')), 'add invoices', NOW);
    assert.deepEqual(rels(plan), ['supabase/migrations/20260421143005_add_invoices.sql']);
  });

  it('init-sorted: the next sorted file in db/init', () => {
    const plan = planNewMigration(setAt(join(FIXTURES, 'init-sorted')), 'recommendations', NOW);
    assert.deepEqual(rels(plan), ['db/init/05_recommendations.sql']);
  });

  it('drizzle: next NNNN file and the journal entry drizzle-kit appends, formatting kept', () => {
    const set = setAt(join(FIXTURES, 'drizzle-v7'));
    const plan = planNewMigration(set, 'add shipments', NOW);
    // 0019 is taken by the orphan: the journal's next idx (4) is lower, so the next free number wins.
    assert.deepEqual(rels(plan), ['db/migrations/0020_add_shipments.sql']);
    const before = readFileSync(set.journal!.path, 'utf8');
    const journal = JSON.parse(plan.journalUpdate!.newText);
    assert.deepEqual(journal.entries.at(-1), { idx: 4, version: '7', when: NOW.getTime(), tag: '0020_add_shipments', breakpoints: true });
    assert.deepEqual(journal.entries.slice(0, -1), JSON.parse(before).entries);
    // drizzle-kit's own formatting: JSON.stringify(journal, null, 2), no final newline.
    assert.equal(plan.journalUpdate!.newText, JSON.stringify(journal, null, 2));
  });

  it('drizzle, old tab-indented journal: entry in the journal\'s version, tabs and final newline kept', () => {
    const plan = planNewMigration(setAt(join(FIXTURES, 'drizzle-v5')), 'another feature', NOW);
    assert.deepEqual(rels(plan), ['drizzle/0003_another_feature.sql']);
    const text = plan.journalUpdate!.newText;
    const journal = JSON.parse(text);
    assert.deepEqual(journal.entries.at(-1), { idx: 3, version: '5', when: NOW.getTime(), tag: '0003_another_feature', breakpoints: true });
    assert.equal(text, `${JSON.stringify(journal, null, '\t')}\n`);
  });

  it('drizzle: copies the latest snapshot forward with a new id, as generate --custom does', () => {
    const dir = copyFixture('drizzle-v5');
    write(dir, 'drizzle/meta/0001_snapshot.json', JSON.stringify({ id: 'aaaa', prevId: 'zzzz', version: '5', tables: { users: {} } }, null, 2));
    const plan = planNewMigration(setAt(dir), 'x', NOW);
    const snap = plan.files.find((f) => f.relPath === 'drizzle/meta/0003_snapshot.json');
    assert.ok(snap, rels(plan).join(', '));
    const parsed = JSON.parse(snap.content);
    assert.equal(parsed.prevId, 'aaaa');
    assert.notEqual(parsed.id, 'aaaa');
    assert.deepEqual(parsed.tables, { users: {} });
  });

  it('drizzle: refuses to append to a journal that does not parse', () => {
    const dir = copyFixture('drizzle-v7');
    write(dir, 'db/migrations/meta/_journal.json', '{');
    assert.throws(() => planNewMigration(setAt(dir), 'x', NOW), /cannot be read/);
  });

  it('first migration of a new set, per convention', () => {
    const ws = tempDir();
    const first = (c: Parameters<typeof emptySet>[1]) => planNewMigration(emptySet(ws, c), 'Initial schema', NOW);
    assert.deepEqual(rels(first('numbered')), ['db/001_initial_schema.sql']);
    assert.deepEqual(rels(first('init-sorted')), ['db/init/01_initial_schema.sql']);
    assert.deepEqual(rels(first('up-down')), ['migrations/001_initial_schema.up.sql', 'migrations/001_initial_schema.down.sql']);
    assert.deepEqual(rels(first('supabase')), ['supabase/migrations/20260421143005_initial_schema.sql']);
    const prisma = first('prisma');
    assert.deepEqual(rels(prisma), ['prisma/migrations/20260421143005_initial_schema/migration.sql', 'prisma/migrations/migration_lock.toml']);
    assert.match(prisma.files[1].content, /provider = "postgresql"/);
    const drizzle = first('drizzle');
    assert.deepEqual(rels(drizzle), ['drizzle/0000_initial_schema.sql']);
    assert.deepEqual(JSON.parse(drizzle.journalUpdate!.newText), { version: '7', dialect: 'postgresql', entries: [{ idx: 0, version: '7', when: NOW.getTime(), tag: '0000_initial_schema', breakpoints: true }] });
  });

  it('an empty existing folder takes the first number', () => {
    const ws = tempDir();
    write(ws, 'db/README.md', 'empty for now');
    assert.deepEqual(rels(planNewMigration(emptySet(ws, 'numbered'), 'start', NOW)), ['db/001_start.sql']);
  });

  it('refuses a timestamp that sorts before an existing migration (clock behind, or future-dated files)', () => {
    const set = setAt(join(FIXTURES, 'supabase'));
    assert.throws(() => planNewMigration(set, 'late', new Date(Date.UTC(2024, 1, 1))), /would sort before 20240301120000_add_orders/);
  });

  it('refuses a timestamp already taken in the set\'s width', () => {
    const set = setAt(join(FIXTURES, 'prisma'));
    assert.throws(() => planNewMigration(set, 'again', new Date(Date.UTC(2026, 3, 22, 10, 15, 30))), /already used by 202604221015_add_email/);
  });

  it('init-sorted with plain names: refuses a name that would sort first', () => {
    const dir = tempDir();
    write(dir, 'db/init/schema.sql', '');
    write(dir, 'db/init/seed.sql', '');
    assert.throws(() => planNewMigration(setAt(dir), 'add movies', NOW), /would sort before/);
    assert.deepEqual(rels(planNewMigration(setAt(dir), 'views', NOW)), ['db/init/views.sql']);
  });

  it('never overwrites a file', () => {
    const dir = tempDir();
    write(dir, 'db/001_a.sql', '');
    write(dir, 'db/002_b.txt.sql', '');
    write(dir, 'db/003_c.sql', '');
    const set = setAt(dir);
    write(dir, 'db/004_c.sql', 'created after detection');
    assert.throws(() => planNewMigration(set, 'c', NOW), /db\/004_c\.sql already exists/);
  });

  it('fills content through the caller\'s template', () => {
    const plan = planNewMigration(setAt(join(FIXTURES, 'up-down')), 'Add index', NOW, { template: (t) => `-- ${t.role} ${t.stem} (${t.description}) ${t.now.toISOString()}\n` });
    assert.deepEqual(plan.files.map((f) => f.content), [
      '-- up 003_add_index (Add index) 2026-04-21T14:30:05.000Z\n',
      '-- down 003_add_index (Add index) 2026-04-21T14:30:05.000Z\n',
    ]);
  });

  it('follows a set that names files with dashes', () => {
    const dir = tempDir();
    write(dir, 'migrations/001-create-users.sql', '');
    assert.deepEqual(rels(planNewMigration(setAt(dir), 'Add email', NOW)), ['migrations/002-add-email.sql']);
  });
});

describe('naming new migrations for Flyway, goose, dbmate, sqitch and graphile-migrate', () => {
  after(cleanTemp);
  const NOW2 = new Date(Date.UTC(2026, 3, 21, 14, 30, 5));
  const contents = (plan: MigrationPlan) => Object.fromEntries(plan.files.map((f) => [f.relPath, f.content]));

  it('Flyway: the version after the highest (V3 after V2, whatever V1.10 says), with an undo script where the set has them', () => {
    const plan = planNewMigration(setAt(join(FIXTURES, 'flyway')), 'Add e', NOW2);
    assert.deepEqual(rels(plan), ['sql/V3__add_e.sql', 'sql/U3__add_e.sql']);
  });

  it('Flyway: dotted and underscored versions step their last part', () => {
    const dir = tempDir();
    write(dir, 'db/migration/V1_1__a.sql', 'SELECT 1;');
    write(dir, 'db/migration/V1_9__b.sql', 'SELECT 1;');
    assert.deepEqual(rels(planNewMigration(setAt(dir), 'c', NOW2)), ['db/migration/V1_10__c.sql']);
  });

  it('goose: a UTC timestamp (or the next sequence) and both section markers after the header', () => {
    const seq = planNewMigration(setAt(join(FIXTURES, 'goose')), 'Add c', NOW2, { template: () => '-- header\n' });
    assert.deepEqual(contents(seq), { 'migrations/00011_add_c.sql': '-- header\n-- +goose Up\n\n\n-- +goose Down\n\n' });
    const dir = tempDir();
    write(dir, 'migrations/20240101000000_a.sql', '-- +goose Up\nSELECT 1;\n');
    assert.deepEqual(rels(planNewMigration(setAt(dir), 'b', NOW2)), ['migrations/20260421143005_b.sql']);
  });

  it('dbmate: a UTC timestamp and dbmate new\'s template', () => {
    const plan = planNewMigration(setAt(join(FIXTURES, 'dbmate')), 'Add c', NOW2);
    assert.deepEqual(contents(plan), { 'db/migrations/20260421143005_add_c.sql': '-- migrate:up\n\n\n-- migrate:down\n\n' });
  });

  it('sqitch: deploy, revert and verify scripts from its templates, and a plan line', () => {
    const plan = planNewMigration(setAt(join(FIXTURES, 'sqitch')), 'Add gadgets', NOW2);
    assert.deepEqual(rels(plan), ['deploy/add_gadgets.sql', 'revert/add_gadgets.sql', 'verify/add_gadgets.sql']);
    const c = contents(plan);
    assert.equal(c['deploy/add_gadgets.sql'], '-- Deploy widgets:add_gadgets to pg\n\nBEGIN;\n\n-- XXX Add DDLs here.\n\nCOMMIT;\n');
    assert.match(c['revert/add_gadgets.sql'], /^-- Revert widgets:add_gadgets from pg\n/);
    assert.match(c['verify/add_gadgets.sql'], /^-- Verify widgets:add_gadgets on pg\n\nBEGIN;[\s\S]*ROLLBACK;\n$/);
    const line = plan.journalUpdate!.newText.trimEnd().split('\n').at(-1)!;
    assert.match(line, /^add_gadgets 2026-04-21T14:30:05Z .+ <.+> # Add gadgets$/);
    assert.ok(plan.journalUpdate!.newText.startsWith(readFileSync(join(FIXTURES, 'sqitch/sqitch.plan'), 'utf8')), 'the plan is only appended to');
  });

  it('graphile-migrate: the migration in progress is current.sql; with one already there, New Migration says where to write', () => {
    assert.throws(() => planNewMigration(setAt(join(FIXTURES, 'graphile-migrate')), 'Add d', NOW2), /current\.sql.*graphile-migrate commit/);
    const dir = tempDir();
    write(dir, 'migrations/committed/000001.sql', '--! Previous: -\n--! Hash: sha1:x\n\nSELECT 1;\n');
    write(dir, 'migrations/current/.keep', '');
    const set = setAt(dir);
    assert.equal(set.convention, 'graphile-migrate');
    const plan = planNewMigration(set, 'Add d', NOW2);
    assert.deepEqual(contents(plan), { 'migrations/current.sql': '--! Message: Add d\n\n-- Re-run by graphile-migrate watch on every save: keep every statement idempotent.\n\n' });
  });
});
