/** `migration-lens status` as users run it: the bundled CLI against a real PostgreSQL 15. */
import { strict as assert } from 'node:assert';
import { runCli } from '../cli/run';
import { nativeUnavailable, removeTrees, skipEachWithoutPostgres, startLivePg, writeTree, type LivePg } from './live-pg';

const unavailable = nativeUnavailable();

const SET = {
  'migrations/1_a.up.sql': 'CREATE TABLE a (id int PRIMARY KEY);\n',
  'migrations/1_a.down.sql': 'DROP TABLE a;\n',
  'migrations/2_b.up.sql': 'CREATE INDEX a_id ON a (id);\n',
  'migrations/2_b.down.sql': 'DROP INDEX a_id;\n',
};

describe('cli: migration-lens status', function () {
  let pg: LivePg | undefined;
  before(async function () {
    this.timeout(90_000);
    if (!unavailable) pg = await startLivePg();
  });
  skipEachWithoutPostgres(unavailable);
  after(async function () {
    this.timeout(30_000);
    await pg?.stop();
    removeTrees();
  });

  const history = (version: number, dirty = false) =>
    `CREATE TABLE a (id int PRIMARY KEY); CREATE TABLE schema_migrations (version bigint NOT NULL PRIMARY KEY, dirty boolean NOT NULL); INSERT INTO schema_migrations VALUES (${version}, ${dirty});`;

  it('text: one line per migration and a summary; pending alone exits 0', async function () {
    this.timeout(60_000);
    const dir = writeTree(SET);
    const url = await pg!.database(history(1));
    const r = await runCli(['status', '--db', url], { cwd: dir, env: { DATABASE_URL: undefined } });
    assert.equal(r.status, 0, r.stderr);
    const name = new URL(url).pathname.slice(1);
    const lines = r.stdout.split('\n');
    assert.deepEqual(lines.filter((l) => !l.startsWith('      ')), [
      `database: postgres@127.0.0.1:${pg!.server.port}/${name} (PostgreSQL 15)`,
      '',
      'migrations (up-down): public.schema_migrations, golang-migrate\'s history',
      '  ✓ 1_a  applied',
      '  ● 2_b  pending',
      '  1 applied, 1 pending, 0 failed',
      '',
    ]);
    // Under the pending migration: its lock findings, with the size of the table (empty, never analyzed).
    assert.match(lines[5], /^ {6}line 1: warning: CREATE INDEX on existing table a blocks writes .* \[live: SHARE on a \(rows unknown \(never analyzed\), [\d.]+ kB\)\] \[create-index-not-concurrently\]$/);
  });

  it('json, with the URL from a .env file; a dirty version exits 1', async function () {
    this.timeout(60_000);
    const url = await pg!.database(history(2, true));
    const dir = writeTree({ ...SET, '.env': `DATABASE_URL=${url}\n` });
    const r = await runCli(['status', '--format', 'json'], { cwd: dir, env: { DATABASE_URL: undefined } });
    assert.equal(r.status, 1, r.stderr);
    const report = JSON.parse(r.stdout);
    assert.deepEqual(report.sets[0].status.migrations.map((m: { migration: string; state: string }) => `${m.state} ${m.migration}`), ['applied 1_a', 'failed 2_b']);
    assert.equal(report.sets[0].history.tool, 'golang-migrate');
  });

  it('--drift: an index dropped behind the migrations exits 1 and names the migration', async function () {
    this.timeout(90_000);
    const dir = writeTree(SET);
    const url = await pg!.database(`${history(2)} CREATE INDEX other ON a (id);`);
    const r = await runCli(['status', '--drift', '--db', url], { cwd: dir, env: { DATABASE_URL: undefined } });
    assert.equal(r.status, 1, r.stderr);
    assert.match(r.stdout, /drift \(2\) against the migrations as of migrations\/2_b\.up\.sql:\n {4}- index public\.a_id is missing from the database: `CREATE INDEX a_id ON public\.a USING btree \(id\)` \(migrations\/2_b\.up\.sql:1\)\n {4}\+ index public\.other is in the database but no applied migration makes it/);
  });

  it('--probe: a pending SET NOT NULL on a column with NULLs is predicted to fail (exit 1); --checklist prints the checklist', async function () {
    this.timeout(60_000);
    const dir = writeTree({ ...SET, 'migrations/3_c.up.sql': 'ALTER TABLE a ALTER COLUMN note SET NOT NULL;\n', 'migrations/3_c.down.sql': 'SELECT 1;\n' });
    const url = await pg!.database(`${history(2)} CREATE INDEX a_id ON a (id); ALTER TABLE a ADD COLUMN note text; INSERT INTO a VALUES (1, NULL); ANALYZE a;`);
    const r = await runCli(['status', '--probe', '--db', url], { cwd: dir, env: { DATABASE_URL: undefined } });
    assert.equal(r.status, 1, r.stderr);
    // One row: a small table, so the lint warning drops to information.
    assert.match(r.stdout, / {2}● 3_c {2}pending\n(?: {6}line 1: .*\n)* {6}line 1: info: SET NOT NULL on a\.note scans .*\[live: ACCESS EXCLUSIVE on a \(1 row, [\d.]+ kB\): a small table\] \[set-not-null-on-existing-column\]\n(.*\n)* {6}line 1: ✗ will fail: column note of a has NULLs\n/);
    const c = await runCli(['status', '--checklist', '3_c', '--db', url], { cwd: dir, env: { DATABASE_URL: undefined } });
    assert.equal(c.status, 0, c.stderr);
    assert.match(c.stdout, /^### Pre-flight checklist: 3_c\n/);
    assert.match(c.stdout, /\n {2}- `a`: 1 row, [\d.]+ kB\n/);
    assert.match(c.stdout, /\n- ✗ line 1: will fail: column note of a has NULLs\n/);
    const bad = await runCli(['status', '--checklist', '1_a', '--db', url], { cwd: dir, env: { DATABASE_URL: undefined } });
    assert.equal(bad.status, 2);
    assert.match(bad.stderr, /--checklist 1_a: not a pending migration \(pending: 3_c\)/);
  });

  it('no URL, or a server that refuses: exit 2 with what to do', async function () {
    this.timeout(60_000);
    const dir = writeTree(SET);
    const none = await runCli(['status'], { cwd: dir, env: { DATABASE_URL: undefined } });
    assert.equal(none.status, 2);
    assert.match(none.stderr, /no database: pass --db postgres:\/\/…, set DATABASE_URL, or put DATABASE_URL in a \.env file/);
    const refused = await runCli(['status'], { cwd: dir, env: { DATABASE_URL: 'postgres://u:pw@127.0.0.1:1/app' } });
    assert.equal(refused.status, 2);
    assert.equal(refused.stderr, 'migration-lens status: u@127.0.0.1:1/app: connection refused (is PostgreSQL running and listening on that host and port?) (URL from DATABASE_URL)\n');
  });

  it('a folder named on the command line is a set whatever its name; nothing to read exits 2 like lint', async function () {
    this.timeout(60_000);
    const dir = writeTree({ 'src/app/sql/1_a.up.sql': 'CREATE TABLE a (id int PRIMARY KEY);\n', 'notes/readme.txt': 'x\n' });
    const url = await pg!.database(history(1));
    const named = await runCli(['status', 'src/app/sql', '--db', url, '--format', 'json'], { cwd: dir, env: { DATABASE_URL: undefined } });
    assert.equal(named.status, 0, named.stderr);
    const empty = await runCli(['status', 'notes', '--db', url], { cwd: dir, env: { DATABASE_URL: undefined } });
    assert.equal(empty.status, 2);
    assert.match(empty.stderr, /no migration files found in notes \(globs tried: /);
  });
});
