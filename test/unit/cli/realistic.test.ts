/**
 * Realistic migration sets, one per convention, linted end to end by the CLI: what a careful
 * reviewer would flag, and nothing on the safe recipes (NOT VALID then VALIDATE in a later
 * file, CONCURRENTLY where the runner does not wrap files in a transaction, an index on a
 * table created in the same file, drops in a down file of what its up file created).
 */
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { REPO, lintJson, type JsonFinding } from './run';

const SETS = path.join(REPO, 'test/fixtures/realistic');

/** `file rule severity` lines of findings at warning level and above, files shown by their last meaningful part. */
async function flagged(set: string): Promise<string[]> {
  const { findings } = await lintJson([], path.join(SETS, set));
  return findings.filter((f) => f.severity === 'error' || f.severity === 'warning').map(label).sort();
}

async function all(set: string): Promise<JsonFinding[]> {
  return (await lintJson([], path.join(SETS, set))).findings;
}

function label(f: JsonFinding): string {
  const parts = f.file.split('/');
  const name = parts[parts.length - 1] === 'migration.sql' ? parts[parts.length - 2] : parts[parts.length - 1];
  return `${name} ${f.ruleId} ${f.severity}`;
}

describe('realistic migration sets', function () {
  this.timeout(120_000);

  it('prisma with seed 004 headers: only the undeclared destructive migration is flagged', async () => {
    assert.deepEqual(await flagged('prisma'), [
      '202604241000_drop_legacy_flag dangerous-migration-undeclared error',
      '202604241000_drop_legacy_flag drop-column error',
      '202604241000_drop_legacy_flag header-data-risk error',
    ]);
    const files = new Set((await all('prisma')).map((f) => label(f).split(' ')[0]));
    // The NOT VALID foreign key and its VALIDATE in a later migration are the safe recipe.
    assert.ok(!files.has('202604231000_validate_prefs_user_fk'));
    assert.ok(!files.has('202604211430_add_user_preferences'));
  });

  it('drizzle: an index built without CONCURRENTLY on a table of an earlier migration', async () => {
    assert.deepEqual(await flagged('drizzle'), ['0001_watchlist.sql create-index-not-concurrently warning', '0001_watchlist.sql missing-lock-timeout warning']);
  });

  it('up/down: SET NOT NULL on an existing column, and rollbacks are not data loss', async () => {
    assert.deepEqual(await flagged('up-down'), [
      '001_initial_schema.down.sql missing-lock-timeout warning',
      '002_add_portfolio_status.down.sql missing-lock-timeout warning',
      '002_add_portfolio_status.up.sql holding-access-exclusive warning',
      '002_add_portfolio_status.up.sql missing-lock-timeout warning',
      '002_add_portfolio_status.up.sql set-not-null-on-existing-column warning',
    ]);
  });

  it('golang-migrate (one query per file, no wrapping transaction): BEGIN/COMMIT, a lone CONCURRENTLY and a down file with another title are right; CONCURRENTLY in a file of several statements fails', async () => {
    assert.deepEqual(await flagged('golang-migrate'), [
      '1_create_users.down.sql missing-lock-timeout warning',
      '3_revert_audit_log.down.sql holding-access-exclusive warning',
      '5_index_orders_status.up.sql concurrently-in-transaction error',
    ]);
    const findings = await all('golang-migrate');
    const ids = findings.map((f) => f.ruleId);
    // The self-wrapped file (golang-migrate's documented way to be atomic), the pair 3_add_audit_log.up.sql /
    // 3_revert_audit_log.down.sql (same version, another title), the single-statement CONCURRENTLY file.
    for (const quiet of ['transaction-nesting', 'missing-down-migration', 'drop-column', 'drop-table', 'create-index-not-concurrently']) assert.ok(!ids.includes(quiet), `${quiet}: ${ids.join()}`);
    assert.deepEqual(findings.filter((f) => f.file.endsWith('4_index_users_email_lower.up.sql') || f.file.endsWith('4_index_users_email_lower.down.sql')), []);
    const concurrently = findings.find((f) => f.ruleId === 'concurrently-in-transaction')!;
    assert.equal(concurrently.line, 3);
  });

  it('numbered (psql, no transaction): CREATE INDEX CONCURRENTLY and same-file indexes are quiet', async () => {
    assert.deepEqual(await flagged('numbered'), ['010_graph_edges.sql missing-lock-timeout warning']);
    const ids = (await all('numbered')).map((f) => f.ruleId);
    assert.ok(!ids.includes('concurrently-in-transaction') && !ids.includes('create-index-not-concurrently'), ids.join());
  });

  it('init-sorted (re-applied on every deploy): only the non-idempotent file is flagged', async () => {
    assert.deepEqual(await flagged('init-sorted'), [
      '02_password_reset_tokens.sql create-index-without-if-not-exists warning',
      '02_password_reset_tokens.sql create-table-without-if-not-exists warning',
    ]);
  });
});
