/**
 * Realistic migration sets, one per convention, linted end to end by the CLI: what a careful
 * reviewer would flag, and nothing on the safe recipes (NOT VALID then VALIDATE in a later
 * file, CONCURRENTLY where the runner does not wrap files in a transaction, an index on a
 * table created in the same file, drops in a down file of what its up file created).
 */
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { REPO, lintJson, runCli, type JsonFinding } from './run';

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
  const folder = parts[parts.length - 2];
  // sqitch's deploy/revert scripts share a name; graphile-migrate keeps committed files apart from current.sql.
  const name = parts[parts.length - 1] === 'migration.sql' ? folder : ['deploy', 'revert', 'verify', 'committed'].includes(folder) ? `${folder}/${parts[parts.length - 1]}` : parts[parts.length - 1];
  return `${name} ${f.ruleId} ${f.severity}`;
}

/** The history rules compare with the default branch, so they depend on the checkout, not on the files. */
const HISTORY_RULES = new Set(['migration-edited-after-commit', 'file-not-in-order']);

async function flaggedNow(set: string): Promise<string[]> {
  return (await flagged(set)).filter((l) => !HISTORY_RULES.has(l.split(' ')[1]));
}

describe('realistic migration sets', function () {
  this.timeout(120_000);

  it("prisma with the team's review headers: only the undeclared destructive migration is flagged", async () => {
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
      '002_add_portfolio_status.down.sql missing-lock-timeout warning',
      '002_add_portfolio_status.up.sql holding-access-exclusive warning',
      '002_add_portfolio_status.up.sql missing-lock-timeout warning',
      '002_add_portfolio_status.up.sql set-not-null-on-existing-column warning',
    ]);
  });

  it('golang-migrate (one query per file, no wrapping transaction): BEGIN/COMMIT, a lone CONCURRENTLY and a down file with another title are right; CONCURRENTLY in a file of several statements fails', async () => {
    assert.deepEqual(await flagged('golang-migrate'), [
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

  it('Flyway: versions in numeric order, CONCURRENTLY alone in a script (or with executeInTransaction=false) is fine, mixing it with SET is refused, R__ scripts must be re-runnable', async () => {
    assert.deepEqual(await flaggedNow('flyway'), [
      'R__customer_order_totals.sql create-view-without-guard warning',
      'U1.2__orders_status_required.sql missing-lock-timeout warning',
      'V1.2__orders_status_required.sql missing-lock-timeout warning',
      'V1.2__orders_status_required.sql set-not-null-on-existing-column warning',
      'V2.1__orders_total_check.sql check-constraint-not-valid-missing warning',
      'V2.2__orders_created_at_index.sql migration-tool-refuses error',
    ]);
    const ids = (await all('flyway')).map((f) => `${label(f)}`);
    // V1.1 holds only the concurrent build; V2's REINDEX CONCURRENTLY has executeInTransaction=false in V2__….sql.conf.
    assert.ok(!ids.some((l) => l.includes('concurrently-in-transaction')), ids.join('\n'));
    // The afterMigrate.sql callback is not a migration of the set, and the repeatable function is re-runnable.
    assert.ok(!ids.some((l) => l.startsWith('afterMigrate.sql') || l.startsWith('R__order_touch_function.sql')), ids.join('\n'));
  });

  it('goose: sections linted as up and down, NO TRANSACTION honoured, a body goose would cut is refused', async () => {
    assert.deepEqual(await flaggedNow('goose'), [
      '20240202100000_orders_user_fk.sql foreign-key-not-valid-missing warning',
      '20240202100000_orders_user_fk.sql missing-lock-timeout warning',
      '20240215083000_orders_created_at_index.sql concurrently-in-transaction error',
      '20240301140000_users_display_name.sql missing-lock-timeout warning',
      '20240305100000_order_count_function.sql migration-tool-refuses error',
    ]);
    const findings = await all('goose');
    // The down sections drop what their up sections made: rollbacks, not data loss.
    assert.ok(!findings.some((f) => ['drop-table', 'drop-column'].includes(f.ruleId) && f.severity === 'error'), findings.map(label).join('\n'));
    const cut = findings.find((f) => f.ruleId === 'migration-tool-refuses')!;
    assert.equal(cut.line, 3);
    assert.match(cut.message, /goose ends this statement at line 5/);
    // The down section's findings sit on the down section's lines of the real file.
    // (orders_user_fk's up section sets lock_timeout, its down section does not.)
    const down = findings.find((f) => f.file.endsWith('20240202100000_orders_user_fk.sql') && f.ruleId === 'missing-lock-timeout')!;
    assert.equal(down.line, 6);
    // Lock rules are quiet in a down section on what its up section created (the index, the tables).
    assert.ok(!findings.some((f) => f.file.endsWith('20240215083000_orders_created_at_index.sql') && f.ruleId === 'drop-index-not-concurrently'), findings.map(label).join('\n'));
  });

  it('dbmate: transaction:false runs one statement outside a transaction, but two statements share an implicit one', async () => {
    assert.deepEqual(await flaggedNow('dbmate'), [
      '20240303110000_accounts_plan.sql add-required-column error',
      '20240303110000_accounts_plan.sql missing-lock-timeout warning',
      '20240304120000_invoices_indexes.sql concurrently-in-transaction error',
      '20240305130000_invoice_status.sql missing-lock-timeout warning',
    ]);
  });

  it('sqitch: scripts wrap themselves in BEGIN/COMMIT (no nesting error), CONCURRENTLY outside one is fine, revert scripts are rollbacks', async () => {
    assert.deepEqual(await flaggedNow('sqitch'), [
      'deploy/flips.sql missing-lock-timeout warning',
      'deploy/users_status.sql add-required-column error',
      'revert/users_status.sql missing-lock-timeout warning',
    ]);
    const ids = (await all('sqitch')).map((f) => f.ruleId);
    for (const id of ['transaction-nesting', 'concurrently-in-transaction', 'uncommitted-transaction', 'drop-table', 'drop-schema']) assert.ok(!ids.includes(id), `${id}: ${ids.join(', ')}`);
  });

  it('platform sets: init scripts then migrations, joined by "sets", are one set applied in order to one database', async () => {
    assert.deepEqual(await flaggedNow('platform-sets'), ['002_users_display_name.sql check-constraint-not-valid-missing warning']);
    const run = await runCli(['schema', '--format', 'json', '--set', 'platform'], { cwd: path.join(SETS, 'platform-sets') });
    // migrations/ alone fails at once (schema "app" does not exist): joined, every object of the init scripts is there.
    assert.equal(run.status, 0, run.stderr);
    const schema = JSON.parse(run.stdout) as { schemas: { name: string; tables: { name: string }[] }[] };
    assert.deepEqual(
      schema.schemas.map((s) => [s.name, s.tables.map((t) => t.name)]),
      [
        ['app', ['projects', 'tenants', 'users']],
        ['audit', ['events']],
      ],
    );
    const check = await runCli(['check'], { cwd: path.join(SETS, 'platform-sets') });
    assert.match(check.stdout + check.stderr, /✓ platform: init-scripts \+ migrations \(numbered\): 6 files applied/);
  });

  it('graphile-migrate: committed files chain by hash, current.sql must be re-runnable', async () => {
    assert.deepEqual(await flaggedNow('graphile-migrate'), [
      'committed/000002-user-roles.sql create-index-not-concurrently warning',
      'committed/000002-user-roles.sql holding-access-exclusive warning',
      'current.sql create-index-without-if-not-exists warning',
      'current.sql missing-lock-timeout warning',
    ]);
  });
});
