/**
 * Status against a real PostgreSQL 15: for each runner's history table (made with the tool's own
 * columns), applied, pending, failed, edited and missing-from-files rows are reported exactly.
 */
import { strict as assert } from 'node:assert';
import { createHash } from 'node:crypto';
import { crc32 } from 'node:zlib';
import { defaultConfig } from '../../../server/src/config';
import { detectSets } from '../../../server/src/layout/detect';
import { readFromDisk } from '../../../server/src/layout/set-context';
import { connectReadOnly } from '../../../server/src/live/connection';
import { liveReport, type LiveSetReport } from '../../../server/src/live/report';
import { flywayChecksum, sha256 } from '../../../server/src/live/status';
import { lit, nativeUnavailable, removeTrees, skipEachWithoutPostgres, startLivePg, writeTree, type LivePg } from './live-pg';

const unavailable = nativeUnavailable();

describe('live status: each history table on a real PostgreSQL', function () {
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

  /** Status of the only set under dir, read through the read-only connection. */
  async function statusOf(dir: string, url: string): Promise<LiveSetReport> {
    const sets = detectSets(dir, defaultConfig());
    assert.equal(sets.length, 1, `one set under ${dir}: ${sets.map((s) => s.relRoot).join(', ')}`);
    const db = await connectReadOnly(url);
    try {
      const report = await liveReport(db, sets, { readText: readFromDisk });
      return report.sets[0];
    } finally {
      await db.close();
    }
  }
  const sha1 = (t: string) => createHash('sha1').update(t).digest('hex');
  const states = (r: LiveSetReport) => r.status?.migrations.map((m) => `${m.state} ${m.migration}`);

  it('Prisma: _prisma_migrations with a failed, an edited, a rolled-back and an unknown migration', async function () {
    this.timeout(30_000);
    const files = {
      'prisma/migrations/migration_lock.toml': 'provider = "postgresql"\n',
      'prisma/migrations/20240101000000_init/migration.sql': 'CREATE TABLE a (id int);\n',
      'prisma/migrations/20240102000000_b/migration.sql': 'CREATE TABLE b (id int);\n',
      'prisma/migrations/20240103000000_c/migration.sql': 'CREATE TABLE c (id int);\n',
      'prisma/migrations/20240104000000_d/migration.sql': 'CREATE TABLE d (id int);\n',
      'prisma/migrations/20240105000000_crlf/migration.sql': 'CREATE TABLE e (id int);\r\nCREATE TABLE f (id int);\r\n',
    };
    const dir = writeTree(files);
    const sum = (rel: string) => lit(sha256(files[rel as keyof typeof files]));
    const row = (name: string, checksum: string, finished: string | null, rolledBack: string | null = null, logs: string | null = null) =>
      `INSERT INTO _prisma_migrations (id, checksum, finished_at, migration_name, logs, rolled_back_at, started_at, applied_steps_count)
       VALUES (gen_random_uuid()::text, ${checksum}, ${finished ?? 'NULL'}, ${lit(name)}, ${logs ? lit(logs) : 'NULL'}, ${rolledBack ?? 'NULL'}, now(), 1);`;
    const url = await pg!.database(`
      CREATE TABLE "_prisma_migrations" ("id" VARCHAR(36) PRIMARY KEY, "checksum" VARCHAR(64) NOT NULL, "finished_at" TIMESTAMPTZ,
        "migration_name" VARCHAR(255) NOT NULL, "logs" TEXT, "rolled_back_at" TIMESTAMPTZ, "started_at" TIMESTAMPTZ NOT NULL DEFAULT now(),
        "applied_steps_count" INTEGER NOT NULL DEFAULT 0);
      ${row('20240101000000_init', sum('prisma/migrations/20240101000000_init/migration.sql'), "'2024-01-01 10:00:00+00'")}
      ${row('20240102000000_b', lit(sha256('CREATE TABLE b (id bigint);\n')), "'2024-01-02 10:00:00+00'")}
      ${row('20240103000000_c', sum('prisma/migrations/20240103000000_c/migration.sql'), null, null, 'Database error code: 42P07\nrelation "c" already exists')}
      ${row('20240104000000_d', sum('prisma/migrations/20240104000000_d/migration.sql'), null, 'now()')}
      ${row('20240105000000_crlf', lit(sha256('CREATE TABLE e (id int);\nCREATE TABLE f (id int);\n')), "'2024-01-05 10:00:00+00'")}
      ${row('20231231000000_gone', lit('0'.repeat(64)), "'2023-12-31 10:00:00+00'")}
    `);
    const r = await statusOf(dir, url);
    assert.equal(r.history?.tool, 'prisma');
    assert.deepEqual(states(r), [
      'applied 20240101000000_init', 'edited 20240102000000_b', 'failed 20240103000000_c', 'pending 20240104000000_d',
      'applied 20240105000000_crlf', 'missing 20231231000000_gone',
    ]);
    const [init, edited, failed] = r.status!.migrations;
    assert.match(init.appliedAt!, /^2024-01-01 10:00:00/);
    assert.equal(edited.checksum?.recorded, sha256('CREATE TABLE b (id bigint);\n'));
    assert.equal(failed.note, 'Database error code: 42P07');
    assert.deepEqual(r.status!.counts, { applied: 2, pending: 1, failed: 1, edited: 1, missing: 1 });
  });

  it('Drizzle: drizzle.__drizzle_migrations by journal time and hash; a file behind the newest time is never applied', async function () {
    this.timeout(30_000);
    const journal = { version: '7', dialect: 'postgresql', entries: [
      { idx: 0, version: '7', when: 1700000000000, tag: '0000_init', breakpoints: true },
      { idx: 1, version: '7', when: 1700000001000, tag: '0001_users', breakpoints: true },
      { idx: 2, version: '7', when: 1700000002000, tag: '0002_posts', breakpoints: true },
      { idx: 3, version: '7', when: 1690000000000, tag: '0003_late', breakpoints: true },
    ] };
    const files = {
      'drizzle/meta/_journal.json': JSON.stringify(journal),
      'drizzle/0000_init.sql': 'CREATE TABLE a (id int);\n',
      'drizzle/0001_users.sql': 'CREATE TABLE users (id int);\n',
      'drizzle/0002_posts.sql': 'CREATE TABLE posts (id int);\n',
      'drizzle/0003_late.sql': 'CREATE TABLE late (id int);\n',
    };
    const dir = writeTree(files);
    const url = await pg!.database(`
      CREATE SCHEMA drizzle;
      CREATE TABLE drizzle.__drizzle_migrations (id SERIAL PRIMARY KEY, hash text NOT NULL, created_at bigint);
      INSERT INTO drizzle.__drizzle_migrations (hash, created_at) VALUES
        (${lit(sha256(files['drizzle/0000_init.sql']))}, 1700000000000),
        (${lit(sha256('CREATE TABLE users (id bigint);\n'))}, 1700000001000);
    `);
    const r = await statusOf(dir, url);
    assert.equal(r.history?.table, 'drizzle.__drizzle_migrations');
    assert.deepEqual(states(r), ['applied 0000_init', 'edited 0001_users', 'pending 0002_posts', 'pending 0003_late']);
    assert.equal(r.status!.migrations[2].note, undefined);
    assert.match(r.status!.migrations[3].note!, /drizzle-kit migrate will skip it/);
  });

  it('golang-migrate: schema_migrations(version, dirty) keeps the current version only; dirty is failed', async function () {
    this.timeout(30_000);
    const dir = writeTree(Object.fromEntries([1, 2, 3, 4].flatMap((n) => [
      [`migrations/${n}_step${n}.up.sql`, `CREATE TABLE t${n} (id int);\n`], [`migrations/${n}_step${n}.down.sql`, `DROP TABLE t${n};\n`],
    ])));
    const url = await pg!.database(`CREATE TABLE schema_migrations (version bigint not null primary key, dirty boolean not null);
      INSERT INTO schema_migrations VALUES (3, true);`);
    const r = await statusOf(dir, url);
    assert.equal(r.history?.tool, 'golang-migrate');
    assert.deepEqual(states(r), ['applied 1_step1', 'applied 2_step2', 'failed 3_step3', 'pending 4_step4']);
    assert.match(r.status!.migrations[2].note!, /dirty/);
  });

  it("the team's up/down runner: schema_migrations(version, name, applied_at), with a row no file has", async function () {
    this.timeout(30_000);
    const dir = writeTree(Object.fromEntries(['001_initial_schema', '002_seed_demo_data', '003_add_index'].flatMap((n) => [
      [`backend/src/db/migrations/${n}.up.sql`, `SELECT 1;\n`], [`backend/src/db/migrations/${n}.down.sql`, `SELECT 1;\n`],
    ])));
    const url = await pg!.database(`CREATE TABLE schema_migrations (version varchar(10) PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now());
      INSERT INTO schema_migrations VALUES ('001', 'initial_schema', '2025-03-01 09:30+00'), ('002', 'seed_demo_data', '2025-03-02 09:30+00'), ('009', 'hotfix', '2025-03-03 09:30+00');`);
    const r = await statusOf(dir, url);
    assert.equal(r.history?.tool, 'up-down-runner');
    assert.deepEqual(states(r), ['applied 001_initial_schema', 'applied 002_seed_demo_data', 'pending 003_add_index', 'missing hotfix']);
    assert.match(r.status!.migrations[1].appliedAt!, /^2025-03-02 09:30/);
  });

  it('Supabase: supabase_migrations.schema_migrations(version, statements, name)', async function () {
    this.timeout(30_000);
    const dir = writeTree({
      'supabase/migrations/20240101120000_init.sql': 'CREATE TABLE a (id int);\n',
      'supabase/migrations/20240102120000_more.sql': 'CREATE TABLE b (id int);\n',
    });
    const url = await pg!.database(`CREATE SCHEMA supabase_migrations;
      CREATE TABLE supabase_migrations.schema_migrations (version text NOT NULL PRIMARY KEY, statements text[], name text);
      INSERT INTO supabase_migrations.schema_migrations VALUES ('20240101120000', ARRAY['CREATE TABLE a (id int)'], 'init');`);
    const r = await statusOf(dir, url);
    assert.equal(r.history?.tool, 'supabase');
    assert.deepEqual(states(r), ['applied 20240101120000_init', 'pending 20240102120000_more']);
  });

  it('Flyway: flyway_schema_history with checksums, a failed script and a repeatable one', async function () {
    this.timeout(30_000);
    const files = {
      'db/migrations/V1__init.sql': 'CREATE TABLE a (id int);\n',
      'db/migrations/V1_1__users.sql': 'CREATE TABLE users (id int);\n',
      'db/migrations/V2__fail.sql': 'CREATE TABLE c (id int);\n',
      'db/migrations/V3__next.sql': 'CREATE TABLE d (id int);\n',
      'db/migrations/R__views.sql': 'CREATE OR REPLACE VIEW v AS SELECT 1 AS one;\n',
    };
    const dir = writeTree(files);
    const row = (rank: number, version: string | null, script: string, checksum: number, success: boolean) =>
      `(${rank}, ${version ? lit(version) : 'NULL'}, 'd', 'SQL', ${lit(script)}, ${checksum}, 'me', '2024-05-0${rank} 08:00', 5, ${success})`;
    const url = await pg!.database(`CREATE TABLE flyway_schema_history ("installed_rank" INT NOT NULL PRIMARY KEY, "version" VARCHAR(50),
        "description" VARCHAR(200) NOT NULL, "type" VARCHAR(20) NOT NULL, "script" VARCHAR(1000) NOT NULL, "checksum" INT,
        "installed_by" VARCHAR(100) NOT NULL, "installed_on" TIMESTAMP NOT NULL DEFAULT now(), "execution_time" INT NOT NULL, "success" BOOLEAN NOT NULL);
      INSERT INTO flyway_schema_history VALUES
        ${row(1, '1', 'V1__init.sql', flywayChecksum(files['db/migrations/V1__init.sql']), true)},
        ${row(2, '1.1', 'V1_1__users.sql', flywayChecksum('CREATE TABLE users (id bigint);\n'), true)},
        ${row(3, '2', 'V2__fail.sql', flywayChecksum(files['db/migrations/V2__fail.sql']), false)},
        ${row(4, null, 'R__views.sql', flywayChecksum(files['db/migrations/R__views.sql']), true)};`);
    const r = await statusOf(dir, url);
    assert.equal(r.history?.tool, 'flyway');
    const byName = Object.fromEntries(r.status!.migrations.map((m) => [m.migration, m.state]));
    assert.deepEqual(byName, { V1__init: 'applied', V1_1__users: 'edited', V2__fail: 'failed', V3__next: 'pending', R__views: 'applied' });
  });

  it('Flyway checksum: CRC32 of the lines without their line breaks, signed', () => {
    // The same script with LF or CRLF line endings has one checksum.
    assert.equal(flywayChecksum('SELECT 1;\nSELECT 2;\n'), flywayChecksum('SELECT 1;\r\nSELECT 2;\r\n'));
    // CRC32("SELECT 1;SELECT 2;"), from zlib, as a signed 32-bit integer.
    assert.equal(flywayChecksum('SELECT 1;\nSELECT 2;\n'), crc32('SELECT 1;SELECT 2;') | 0);
  });

  it('goose: goose_db_version, the newest row of a version decides', async function () {
    this.timeout(30_000);
    const dir = writeTree({
      'migrations/00001_a.sql': '-- +goose Up\nCREATE TABLE a (id int);\n',
      'migrations/00002_b.sql': '-- +goose Up\nCREATE TABLE b (id int);\n',
      'migrations/00003_c.sql': '-- +goose Up\nCREATE TABLE c (id int);\n',
    });
    const url = await pg!.database(`CREATE TABLE goose_db_version (id serial PRIMARY KEY, version_id bigint NOT NULL, is_applied boolean NOT NULL, tstamp timestamp DEFAULT now());
      INSERT INTO goose_db_version (version_id, is_applied, tstamp) VALUES (0, true, '2024-01-01'), (1, true, '2024-01-02'), (2, true, '2024-01-03'), (2, false, '2024-01-04');`);
    const r = await statusOf(dir, url);
    assert.equal(r.history?.tool, 'goose');
    assert.deepEqual(states(r), ['applied 00001_a', 'pending 00002_b', 'pending 00003_c']);
  });

  it('dbmate: schema_migrations(version) only', async function () {
    this.timeout(30_000);
    const dir = writeTree({
      'db/migrations/20240101000000_a.sql': '-- migrate:up\nCREATE TABLE a (id int);\n',
      'db/migrations/20240201000000_b.sql': '-- migrate:up\nCREATE TABLE b (id int);\n',
    });
    const url = await pg!.database(`CREATE TABLE schema_migrations (version varchar(128) PRIMARY KEY);
      INSERT INTO schema_migrations VALUES ('20240101000000');`);
    const r = await statusOf(dir, url);
    assert.equal(r.history?.tool, 'dbmate');
    assert.deepEqual(states(r), ['applied 20240101000000_a', 'pending 20240201000000_b']);
  });

  it('sqitch: sqitch.changes with the deploy script SHA-1', async function () {
    this.timeout(30_000);
    const files = { 'migrations/deploy/users.sql': 'CREATE TABLE users (id int);\n', 'migrations/deploy/posts.sql': 'CREATE TABLE posts (id int);\n', 'migrations/deploy/tags.sql': 'CREATE TABLE tags (id int);\n' };
    const dir = writeTree(files);
    const url = await pg!.database(`CREATE SCHEMA sqitch;
      CREATE TABLE sqitch.changes (change_id text PRIMARY KEY, script_hash text, change text NOT NULL, project text NOT NULL, note text NOT NULL DEFAULT '',
        committed_at timestamptz NOT NULL DEFAULT clock_timestamp());
      INSERT INTO sqitch.changes VALUES ('1', ${lit(sha1(files['migrations/deploy/users.sql']))}, 'users', 'app', '', '2024-01-01'),
        ('2', ${lit(sha1('CREATE TABLE posts (id bigint);\n'))}, 'posts', 'app', '', '2024-01-02');`);
    const r = await statusOf(dir, url);
    assert.equal(r.history?.tool, 'sqitch');
    const byName = Object.fromEntries(r.status!.migrations.map((m) => [m.migration, m.state]));
    assert.deepEqual(byName, { users: 'applied', posts: 'edited', tags: 'pending' });
  });

  it('graphile-migrate: graphile_migrate.migrations by number, the recorded hash against the one the file declares and the one its body hashes to', async function () {
    this.timeout(30_000);
    // graphile/migrate src/hash.ts calculateHash: "sha1:" + sha1(((previousHash || "") + "\n" + body.trim()).trim() + "\n").
    const gm = (previous: string, body: string) => `sha1:${sha1(`${`${previous}\n${body.trim()}`.trim()}\n`)}`;
    const h1 = gm('', 'CREATE TABLE a (id int);');
    assert.equal(h1, `sha1:${sha1('CREATE TABLE a (id int);\n')}`);
    const h2 = gm(h1, 'CREATE TABLE b (id int);');
    const h3 = gm(h2, 'CREATE TABLE c (id int);');
    const h4 = 'sha1:0000000000000000000000000000000000000004';
    const committed = (previous: string, hash: string, body: string, extra = '') => `--! Previous: ${previous}\n--! Hash: ${hash}\n${extra}\n${body}\n`;
    const dir = writeTree({
      'migrations/committed/000001.sql': committed('-', h1, 'CREATE TABLE a (id int);'),
      // A message slug in the file name; the history row names the number only. Its body was edited after it ran.
      'migrations/committed/000002-add-b.sql': committed(h1, h2, 'CREATE TABLE b (id bigint);', '--! Message: add b\n'),
      // Committed again with another hash: not the migration the database ran.
      'migrations/committed/000003.sql': committed(h2, gm(h2, 'CREATE TABLE c (id bigint);'), 'CREATE TABLE c (id bigint);'),
      // Run with AllowInvalidHash: graphile-migrate accepted a hash its body does not give.
      'migrations/committed/000004.sql': committed(h3, h4, 'CREATE TABLE d (id int);', '--! AllowInvalidHash\n'),
      'migrations/committed/000005.sql': committed(h4, gm(h4, 'CREATE TABLE e (id int);'), 'CREATE TABLE e (id int);'),
    });
    const url = await pg!.database(`CREATE SCHEMA graphile_migrate;
      CREATE TABLE graphile_migrate.migrations (hash text primary key, previous_hash text references graphile_migrate.migrations, filename text not null, date timestamptz not null default now());
      INSERT INTO graphile_migrate.migrations VALUES (${lit(h1)}, NULL, '000001.sql', '2024-01-01'), (${lit(h2)}, ${lit(h1)}, '000002.sql', '2024-01-02'),
        (${lit(h3)}, ${lit(h2)}, '000003.sql', '2024-01-03'), (${lit(h4)}, ${lit(h3)}, '000004.sql', '2024-01-04');`);
    const r = await statusOf(dir, url);
    assert.equal(r.history?.tool, 'graphile-migrate');
    assert.deepEqual(states(r), ['applied 000001', 'edited 000002-add-b', 'edited 000003', 'applied 000004', 'pending 000005']);
    const edited = r.status!.migrations.filter((m) => m.state === 'edited').map((m) => m.checksum);
    assert.deepEqual(edited, [{ recorded: h2, file: gm(h1, 'CREATE TABLE b (id bigint);') }, { recorded: h3, file: gm(h2, 'CREATE TABLE c (id bigint);') }]);
  });

  it('no history table: a clear message naming the table the runner would keep', async function () {
    this.timeout(30_000);
    const dir = writeTree({ 'prisma/migrations/migration_lock.toml': '', 'prisma/migrations/20240101000000_init/migration.sql': 'SELECT 1;\n' });
    const url = await pg!.database('CREATE TABLE schema_migrations (version bigint PRIMARY KEY, dirty boolean NOT NULL);');
    const r = await statusOf(dir, url);
    assert.equal(r.status, undefined);
    assert.match(r.problem!, /no history table in postgres@127\.0\.0\.1:\d+\/live_\d+_\d+: _prisma_migrations does not exist \(found public\.schema_migrations, golang-migrate's/);
  });
});
