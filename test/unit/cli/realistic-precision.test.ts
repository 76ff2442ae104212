/**
 * The precision corpus (test/fixtures/realistic/precision): one set per convention, written
 * after real projects' patterns, holding the safe code that rules used to flag, linted end to
 * end by the CLI. Every warning and error left is pinned at its line and column; the cases the
 * corpus reproduces must stay quiet:
 * - PL/pgSQL bodies with a `tbl%ROWTYPE` record whose fields are assigned, and variables of
 *   PostGIS types or an enum in a multi-item INTO list (no syntax-error);
 * - catalog-only statements after an ACCESS EXCLUSIVE lock (holding-access-exclusive);
 * - lock rules on tables the same file drops (drop-index-not-concurrently);
 * - zero-padded Prisma folders (prisma-folder-name);
 * - DROP … IF EXISTS then CREATE (the idempotency rules);
 * - an UPDATE filling a column added in the same file (a backfill, not a forgotten WHERE);
 * - required columns and unique indexes on a table emptied earlier in the transaction;
 * - a down file that holds only a comment (empty-migration);
 * and the misses closed: ADD COLUMN … UNIQUE / PRIMARY KEY on an existing table.
 */
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { REPO, lintJson, type JsonFinding } from './run';

const CORPUS = path.join(REPO, 'test/fixtures/realistic/precision');

async function findings(set: string): Promise<JsonFinding[]> {
  const { findings, stderr } = await lintJson([], path.join(CORPUS, set));
  assert.equal(stderr, '');
  return findings;
}

/** `file:line:column rule severity` of every warning and error. */
async function flagged(set: string): Promise<{ flagged: string[]; all: JsonFinding[] }> {
  const all = await findings(set);
  const out = all.filter((f) => f.severity === 'error' || f.severity === 'warning').map((f) => `${f.file}:${f.line}:${f.column} ${f.ruleId} ${f.severity}`);
  return { flagged: out, all };
}

/** Rules that must not fire anywhere in the corpus, at any severity. */
const NEVER = ['syntax-error', 'empty-migration', 'prisma-folder-name', 'drop-index-not-concurrently', 'add-required-column', 'set-not-null-on-existing-column'];

function quietOn(all: JsonFinding[], rules: string[]): void {
  const hits = all.filter((f) => rules.includes(f.ruleId)).map((f) => `${f.file}:${f.line} ${f.ruleId}: ${f.message}`);
  assert.deepEqual(hits, []);
}

describe('precision corpus: safe code from real projects is quiet, real hazards are pinned', function () {
  this.timeout(120_000);

  it('init-sorted: DROP … IF EXISTS then CREATE is re-runnable; a %ROWTYPE record compiles', async () => {
    const { flagged: got, all } = await flagged('init-sorted');
    // The DROP itself still waits for its lock: the only warning.
    assert.deepEqual(got, ['db/init/02_reporting.sql:5:1 missing-lock-timeout warning']);
    quietOn(all, [...NEVER, 'create-table-without-if-not-exists', 'create-index-without-if-not-exists', 'create-view-without-guard', 'create-type-without-guard', 'create-function-without-or-replace', 'create-trigger-without-or-replace', 'create-policy-without-drop', 'holding-access-exclusive']);
  });

  it('numbered: PostGIS and enum variables, indexes of dropped tables, a backfill, ADD COLUMN … UNIQUE, a table emptied first', async () => {
    const { flagged: got, all } = await flagged('numbered');
    assert.deepEqual(got, [
      'db/002_retire_legacy_routes.sql:6:1 drop-table error',
      'db/002_retire_legacy_routes.sql:7:1 drop-table error',
      'db/003_depot_codes.sql:6:1 holding-access-exclusive warning',
      'db/003_depot_codes.sql:9:20 unique-constraint-without-index warning',
      'db/004_reset_depot_stats.sql:9:1 holding-access-exclusive warning',
    ]);
    quietOn(all, NEVER);
    // The backfill of code (added on the line before) is not a forgotten WHERE; holding-access-exclusive tells its lock cost.
    quietOn(all, ['delete-or-update-without-where']);
    // After TRUNCATE in the same transaction, SET NOT NULL scans nothing; the INSERT … SELECT is the slow part.
    assert.match(all.find((f) => f.file.endsWith('004_reset_depot_stats.sql') && f.ruleId === 'holding-access-exclusive')?.message ?? '', /^This changes data of depot_stats/);
  });

  it('drizzle: RENAME, SET DEFAULT, ADD COLUMN and COMMENT after the lock are not slow work, nor is the wait for another table\'s lock (missing-lock-timeout\'s); a dropped table\'s index is not', async () => {
    const { flagged: got, all } = await flagged('drizzle');
    assert.deepEqual(got, [
      'drizzle/0001_profile_fields.sql:1:1 missing-lock-timeout warning',
      'drizzle/0001_profile_fields.sql:1:1 rename-column warning',
      'drizzle/0002_drop_import_batches.sql:2:1 missing-lock-timeout warning',
      'drizzle/0002_drop_import_batches.sql:2:1 drop-table error',
      'drizzle/0002_drop_import_batches.sql:4:1 holding-access-exclusive warning',
      'drizzle/0002_drop_import_batches.sql:4:21 unique-constraint-without-index warning',
    ]);
    quietOn(all, NEVER);
    // Line 5 drops a constraint of sessions: it waits for a lock on another busy table while users is locked. Only
    // lock_timeout bounds that wait, which missing-lock-timeout asks for on line 1: holding-access-exclusive says nothing more.
    assert.equal(all.filter((f) => f.file.endsWith('0001_profile_fields.sql') && f.ruleId === 'holding-access-exclusive').length, 0);
  });

  it('up-down: a comment-only down file, a backfill, a required column and a UNIQUE column after DELETE', async () => {
    const { flagged: got, all } = await flagged('up-down');
    assert.deepEqual(got, [
      'migrations/003_subscription_status.down.sql:1:1 missing-lock-timeout warning',
      'migrations/003_subscription_status.up.sql:6:1 holding-access-exclusive warning',
      'migrations/004_trial_accounts.down.sql:1:1 missing-lock-timeout warning',
      'migrations/004_trial_accounts.up.sql:4:1 delete-or-update-without-where warning',
    ]);
    quietOn(all, [...NEVER, 'unique-constraint-without-index']);
  });

  it('prisma: zero-padded folders, a %ROWTYPE trigger function, a backfill, a dropped table\'s index', async () => {
    const { flagged: got, all } = await flagged('prisma');
    assert.deepEqual(got, [
      'prisma/migrations/02_listings/migration.sql:25:1 missing-lock-timeout warning',
      'prisma/migrations/09_listing_search/migration.sql:14:1 missing-lock-timeout warning',
      'prisma/migrations/10_booking_backfill/migration.sql:2:1 missing-lock-timeout warning',
      'prisma/migrations/10_booking_backfill/migration.sql:5:1 holding-access-exclusive warning',
      'prisma/migrations/11_drop_legacy_photos/migration.sql:5:1 missing-lock-timeout warning',
      'prisma/migrations/11_drop_legacy_photos/migration.sql:5:1 drop-table error',
    ]);
    quietOn(all, NEVER);
  });

  it('supabase: %rowtype in a trigger function, geography variables, policies dropped then created, ADD COLUMN … PRIMARY KEY', async () => {
    const { flagged: got, all } = await flagged('supabase');
    assert.deepEqual(got, [
      'supabase/migrations/20250301090000_profiles.sql:1:1 missing-lock-timeout warning',
      'supabase/migrations/20250402080000_place_tags.sql:4:31 add-primary-key-on-existing-table warning',
      'supabase/migrations/20250402080000_place_tags.sql:4:31 volatile-default-rewrite warning',
      'supabase/migrations/20250402080000_place_tags.sql:8:1 drop-table error',
    ]);
    // The drop of place_votes waits for its lock while place_tags is held, but lock_timeout (line 1) bounds the wait.
    quietOn(all, [...NEVER, 'create-policy-without-drop', 'create-trigger-without-or-replace', 'holding-access-exclusive']);
  });
});
