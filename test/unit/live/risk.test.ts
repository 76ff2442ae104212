/**
 * Size-aware risk and pre-flight probes for pending migrations, on a real PostgreSQL 15 with real
 * rows: the figures in the lock findings, the thresholds moving their severity, and every probe
 * both predicting a failure and passing.
 */
import { strict as assert } from 'node:assert';
import { defaultConfig, resolveConfig } from '../../../server/src/config';
import { detectSets } from '../../../server/src/layout/detect';
import { readFromDisk } from '../../../server/src/layout/set-context';
import { preflightChecklist } from '../../../server/src/live/checklist';
import { connectReadOnly } from '../../../server/src/live/connection';
import { liveReport, type LiveSetReport, type PendingMigration } from '../../../server/src/live/report';
import { formatBytes, formatCount } from '../../../server/src/live/size';
import { nativeUnavailable, removeTrees, skipEachWithoutPostgres, startLivePg, writeTree, type LivePg } from './live-pg';

const unavailable = nativeUnavailable();

const DATA = `
  CREATE TABLE orders (id bigint PRIMARY KEY, total int NOT NULL, note text);
  INSERT INTO orders SELECT g, g % 1000, repeat('x', 50) FROM generate_series(1, 50000) g;
  CREATE TABLE fresh (id int);
  INSERT INTO fresh VALUES (1), (2);
  CREATE TABLE nulls_yes (email text);   INSERT INTO nulls_yes VALUES ('a'), (NULL);
  CREATE TABLE nulls_no (email text);    INSERT INTO nulls_no VALUES ('a'), ('b');
  CREATE TABLE dups_yes (email text);    INSERT INTO dups_yes VALUES ('a'), ('a'), (NULL), (NULL);
  CREATE TABLE dups_no (email text);     INSERT INTO dups_no VALUES ('a'), ('b'), (NULL), (NULL);
  CREATE TABLE check_yes (total int);    INSERT INTO check_yes VALUES (1), (-5);
  CREATE TABLE check_no (total int);     INSERT INTO check_no VALUES (1), (5);
  CREATE TABLE long_yes (code text);     INSERT INTO long_yes VALUES ('ab'), ('abcdef');
  CREATE TABLE long_no (code text);      INSERT INTO long_no VALUES ('ab'), ('abc');
  CREATE TABLE num_yes (v text);         INSERT INTO num_yes VALUES ('12'), ('twelve');
  CREATE TABLE num_no (v text);          INSERT INTO num_no VALUES ('12'), ('-3');
  CREATE TABLE rows_yes (id int);        INSERT INTO rows_yes VALUES (1);
  CREATE TABLE rows_no (id int);
  CREATE TABLE pk_yes (id int);          INSERT INTO pk_yes VALUES (1), (1);
  CREATE TABLE pk_no (id int);           INSERT INTO pk_no VALUES (1), (2);
  CREATE TABLE "Mixed" (id int); INSERT INTO "Mixed" VALUES (1), (2), (3);
  ANALYZE orders; ANALYZE nulls_yes; ANALYZE "Mixed";
  CREATE TABLE schema_migrations (version bigint NOT NULL PRIMARY KEY, dirty boolean NOT NULL);
  INSERT INTO schema_migrations VALUES (1, false);
`;

const statements = (suffix: 'yes' | 'no') => [
  `ALTER TABLE nulls_${suffix} ALTER COLUMN email SET NOT NULL;`,
  `CREATE UNIQUE INDEX CONCURRENTLY dups_${suffix}_email ON dups_${suffix} (email);`,
  `ALTER TABLE check_${suffix} ADD CONSTRAINT positive CHECK (total > 0);`,
  `ALTER TABLE long_${suffix} ALTER COLUMN code TYPE varchar(3);`,
  `ALTER TABLE num_${suffix} ALTER COLUMN v TYPE integer USING v::integer;`,
  `ALTER TABLE num_${suffix} ALTER COLUMN v TYPE integer;`,
  `ALTER TABLE rows_${suffix} ADD COLUMN required int NOT NULL;`,
  `ALTER TABLE pk_${suffix} ADD PRIMARY KEY (id);`,
  `ALTER TABLE dups_${suffix} ADD CONSTRAINT dups_${suffix}_u UNIQUE (email);`,
  '',
].join('\n');

const FILES = {
  'migrations/1_base.up.sql': 'SELECT 1;\n',
  'migrations/1_base.down.sql': 'SELECT 1;\n',
  'migrations/2_orders.up.sql': 'ALTER TABLE orders ALTER COLUMN total TYPE bigint;\nCREATE INDEX orders_total ON orders (total);\nALTER TABLE fresh ALTER COLUMN id TYPE bigint;\nCREATE TABLE brand_new (id int);\nCREATE INDEX brand_new_id ON brand_new (id);\nALTER TABLE brand_new ALTER COLUMN id SET NOT NULL;\nALTER TABLE "Mixed" ALTER COLUMN id TYPE bigint;\n',
  'migrations/2_orders.down.sql': 'SELECT 1;\n',
  'migrations/3_fails.up.sql': statements('yes'),
  'migrations/3_fails.down.sql': 'SELECT 1;\n',
  'migrations/4_passes.up.sql': statements('no'),
  'migrations/4_passes.down.sql': 'SELECT 1;\n',
};

describe('live: size-aware risk and pre-flight probes on a real PostgreSQL', function () {
  let pg: LivePg | undefined;
  let url = '';
  let dir = '';
  before(async function () {
    this.timeout(120_000);
    if (unavailable) return;
    pg = await startLivePg();
    url = await pg.database(DATA);
    dir = writeTree(FILES);
  });
  skipEachWithoutPostgres(unavailable);
  after(async function () {
    this.timeout(30_000);
    await pg?.stop();
    removeTrees();
  });

  async function report(live: Record<string, number> = {}, probes = false): Promise<LiveSetReport> {
    const config = resolveConfig({ live });
    const db = await connectReadOnly(url);
    try {
      return (await liveReport(db, detectSets(dir, defaultConfig()), { readText: readFromDisk, config, probes })).sets[0];
    } finally {
      await db.close();
    }
  }
  const pendingOf = (r: LiveSetReport, name: string): PendingMigration => r.pending!.find((p) => p.migration === name)!;

  it('lock and rewrite findings carry the rows and size of the locked table; a table of the migration itself has none', async function () {
    this.timeout(30_000);
    const r = await report();
    assert.deepEqual(r.status!.migrations.map((m) => `${m.state} ${m.migration}`), ['applied 1_base', 'pending 2_orders', 'pending 3_fails', 'pending 4_passes']);
    const m = pendingOf(r, '2_orders');
    const type = m.findings.find((f) => f.ruleId === 'change-column-type' && f.line === 1)!;
    assert.ok(type.size, JSON.stringify(m.findings));
    assert.equal(type.size!.table, 'orders');
    assert.equal(type.size!.rows, 50000);
    assert.ok(type.size!.bytes > 3 * 1024 * 1024, String(type.size!.bytes));
    assert.match(type.message, new RegExp(`\\[live: ACCESS EXCLUSIVE on orders \\(50 k rows, ${formatBytes(type.size!.bytes).replace('.', '\\.')}\\)\\]$`));
    // Medium by default: the lint severity stays.
    assert.equal(type.severity, 'warning');
    assert.equal(type.lintSeverity, undefined);
    // fresh was never analyzed: its row estimate is unknown.
    const fresh = m.findings.find((f) => f.ruleId === 'change-column-type' && f.line === 3)!;
    assert.match(fresh.message, /\(rows unknown \(never analyzed\), \d+ (bytes|kB)\)/);
    // brand_new is created by the migration: not in the database, no figures.
    assert.ok(m.findings.filter((f) => f.line === 5).every((f) => !f.size));
    assert.deepEqual(m.tables.map((t) => t.name).sort(), ['Mixed', 'fresh', 'orders']);
    // A quoted mixed-case name is looked up as written.
    const mixed = m.findings.find((f) => f.ruleId === 'change-column-type' && f.line === 7)!;
    assert.equal(mixed.size?.rows, 3);
  });

  it('thresholds: a big table raises the severity, a small one lowers it', async function () {
    this.timeout(30_000);
    const big = pendingOf(await report({ largeRows: 10_000 }), '2_orders').findings.find((f) => f.ruleId === 'change-column-type' && f.line === 1)!;
    assert.equal(big.severity, 'error');
    assert.equal(big.lintSeverity, 'warning');
    assert.match(big.message, /: a big table\]$/);
    const small = pendingOf(await report({ smallRows: 100_000, smallBytes: 1024 ** 3 }), '2_orders').findings.find((f) => f.ruleId === 'change-column-type' && f.line === 1)!;
    assert.equal(small.severity, 'info');
    assert.match(small.message, /: a small table\]$/);
  });

  it('every probe predicts the failure on rows that break it', async function () {
    this.timeout(60_000);
    const probes = pendingOf(await report({}, true), '3_fails').probes!;
    assert.deepEqual(probes.map((p) => `${p.outcome} ${p.kind}: ${p.message}`), [
      'fail not-null: will fail: column email of nulls_yes has NULLs',
      'fail unique: will fail: dups_yes has duplicate (email) values',
      'fail check: will fail: rows of check_yes violate CHECK (total > 0)',
      'fail type: will fail: a value of long_yes.code is longer than 3 characters',
      'fail type: will fail: a value of num_yes.v does not convert to integer (invalid input syntax for type integer: "twelve")',
      'fail required-column: will fail: rows_yes has rows, and the new column required is NOT NULL without a default',
      'fail unique: will fail: pk_yes has duplicate (id) values',
      'pass not-null: passes on today\'s rows: no NULL in id of pk_yes',
      'fail unique: will fail: dups_yes has duplicate (email) values',
    ]);
  });

  it('and passes where the rows fit', async function () {
    this.timeout(60_000);
    const probes = pendingOf(await report({}, true), '4_passes').probes!;
    assert.deepEqual(probes.map((p) => `${p.outcome} ${p.kind}`), ['pass not-null', 'pass unique', 'pass check', 'pass type', 'pass type', 'pass required-column', 'pass unique', 'pass not-null', 'pass unique']);
    // The USING conversion (line 5) is not probed: the expression decides.
    assert.ok(!probes.some((p) => p.start === statementStart(FILES['migrations/4_passes.up.sql'], 5)));
  });

  it('probes only read: the tables are unchanged afterwards, and a table not in the database yet is not probed', async function () {
    this.timeout(30_000);
    const admin = await pg!.admin(url);
    const before = (await admin.query('SELECT count(*)::int AS n FROM dups_yes')).rows[0].n;
    await report({}, true);
    assert.equal((await admin.query('SELECT count(*)::int AS n FROM dups_yes')).rows[0].n, before);
    assert.equal((await admin.query(`SELECT count(*)::int AS n FROM pg_indexes WHERE indexname LIKE 'dups_%'`)).rows[0].n, 0);
    const probes = pendingOf(await report({}, true), '2_orders').probes!;
    assert.deepEqual(probes.map((p) => `${p.outcome} ${p.table}`), ['pass orders', 'pass fresh', 'unknown brand_new', 'pass Mixed']);
    assert.equal(probes[2].message, 'not probed: brand_new or its column is not in the database yet (made by a pending migration)');
  });

  it('the pre-flight checklist of a pending migration, with row counts filled in', async function () {
    this.timeout(30_000);
    const r = await report({}, true);
    const text = preflightChecklist(pendingOf(r, '2_orders'), 'app@db/app', new Date('2026-01-02T03:04:00Z'));
    assert.match(text, /^### Pre-flight checklist: 2_orders\n\nDatabase: `app@db\/app`, read 2026-01-02 03:04 UTC\./);
    assert.match(text, /- \[ \] Pre-migration row counts captured for affected tables:\n {2}- `orders`: 50 k rows, [\d.]+ MB\n {2}- `fresh`: rows unknown \(never analyzed\), [\d.]+ (bytes|kB)\n/);
    assert.match(text, /- \[ \] Expected data impact documented \(what will be removed\/changed\):\n(?: {2}- .*\n)* {2}- line 1: Changing the type of orders.total takes ACCESS EXCLUSIVE and rewrites the table .* \[live: ACCESS EXCLUSIVE on orders \(50 k rows, [\d.]+ MB\)\] \(`change-column-type`\)\n/);
    assert.match(text, /- \[ \] Backup\/snapshot confirmed/);
    assert.match(text, /- \[ \] Post-migration verification queries prepared and run\.\n/);
    const fails = preflightChecklist(pendingOf(r, '3_fails'), 'app@db/app');
    assert.match(fails, /Pre-flight probes \(read-only, on today's rows\):\n- ✗ line 1: will fail: column email of nulls_yes has NULLs\n/);
  });

  it('figures read as people write them', () => {
    assert.deepEqual([0, 999, 1000, 12_400_000, 3_200_000_000].map(formatCount), ['0', '999', '1 k', '12.4 M', '3.2 G']);
    assert.deepEqual([512, 16_384, 4.1 * 1024 ** 3].map(formatBytes), ['512 bytes', '16 kB', '4.1 GB']);
  });
});

function statementStart(text: string, line: number): number {
  return text.split('\n').slice(0, line - 1).join('\n').length + (line > 1 ? 1 : 0);
}
