/** `migration-lens status` as users run it: the bundled CLI against a real PostgreSQL 15. */
import { strict as assert } from 'node:assert';
import { runCli } from '../cli/run';
import { nativeUnavailable, removeTrees, startLivePg, writeTree, type LivePg } from './live-pg';

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
  beforeEach(function () {
    if (!unavailable) return;
    this.currentTest!.title += ` (skipped: ${unavailable})`;
    this.skip();
  });
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
    assert.equal(r.stdout, [
      `database: postgres@127.0.0.1:${pg!.server.port}/${name} (PostgreSQL 15)`,
      '',
      'migrations (up-down): public.schema_migrations, golang-migrate\'s history',
      '  ✓ 1_a  applied',
      '  ● 2_b  pending',
      '  1 applied, 1 pending, 0 failed',
      '',
    ].join('\n'));
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
});
