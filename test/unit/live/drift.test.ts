/**
 * Drift against a real PostgreSQL 15: the migrations are applied to it as the runner would, then
 * changed behind their back; drift lists exactly those changes, each linked to the migration that
 * makes the object, and nothing that only differs between PostgreSQL 15 and PGlite's 18.
 */
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { defaultConfig } from '../../../server/src/config';
import { detectSets } from '../../../server/src/layout/detect';
import { readFromDisk } from '../../../server/src/layout/set-context';
import type { MigrationSet } from '../../../server/src/layout/types';
import { connectReadOnly } from '../../../server/src/live/connection';
import { liveReport, type ExpectedSchema, type LiveSetReport } from '../../../server/src/live/report';
import { previewInputForSet } from '../../../server/src/preview/from-set';
import { PreviewRunner } from '../../../server/src/preview/runner';
import { nativeUnavailable, removeTrees, skipEachWithoutPostgres, startLivePg, writeTree, type LivePg } from './live-pg';

const unavailable = nativeUnavailable();

const FILES = {
  'migrations/1_init.up.sql': [
    "CREATE TABLE users (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, email text NOT NULL, name text DEFAULT 'x');",
    "CREATE TYPE mood AS ENUM ('ok', 'sad');",
    "CREATE FUNCTION one() RETURNS int LANGUAGE sql AS 'SELECT 1';",
    'CREATE VIEW active AS SELECT id, email FROM users WHERE id > 0;',
    'CREATE TABLE posts (id serial PRIMARY KEY, user_id bigint REFERENCES users (id), body text);',
    '',
  ].join('\n'),
  'migrations/1_init.down.sql': 'DROP TABLE posts, users; DROP VIEW active; DROP TYPE mood; DROP FUNCTION one();\n',
  'migrations/2_more.up.sql': [
    'CREATE INDEX users_email ON users (email);',
    'ALTER TABLE users ENABLE ROW LEVEL SECURITY;',
    'CREATE POLICY own ON users USING (true);',
    'ALTER TABLE users ADD CONSTRAINT email_len CHECK (length(email) < 100);',
    '',
  ].join('\n'),
  'migrations/2_more.down.sql': 'SELECT 1;\n',
  'migrations/3_later.up.sql': 'CREATE TABLE later (id int);\n',
  'migrations/3_later.down.sql': 'DROP TABLE later;\n',
};

describe('live drift on a real PostgreSQL', function () {
  let pg: LivePg | undefined;
  let dir = '';
  let set: MigrationSet;
  const runner = new PreviewRunner(undefined, { cacheDir: join(tmpdir(), 'migration-lens-test') });
  const expected: ExpectedSchema = async (s, files) => {
    const result = await runner.run(previewInputForSet({ ...s, files }, defaultConfig(), readFromDisk, dir));
    return { schema: result.schema, error: result.error };
  };

  before(async function () {
    this.timeout(90_000);
    if (unavailable) return;
    pg = await startLivePg();
    dir = writeTree(FILES);
    [set] = detectSets(dir, defaultConfig());
  });
  skipEachWithoutPostgres(unavailable);
  after(async function () {
    this.timeout(30_000);
    await pg?.stop();
    await runner.close();
    removeTrees();
  });

  /** A database with files 1 and 2 applied (one transaction each) and golang-migrate at version 2, then `behind`. */
  async function deployed(behind: string): Promise<string> {
    const url = await pg!.database();
    const admin = await pg!.admin(url);
    for (const f of ['migrations/1_init.up.sql', 'migrations/2_more.up.sql']) await admin.query(`BEGIN; ${readFileSync(join(dir, f), 'utf8')} COMMIT;`);
    await admin.query('CREATE TABLE schema_migrations (version bigint NOT NULL PRIMARY KEY, dirty boolean NOT NULL); INSERT INTO schema_migrations VALUES (2, false);');
    if (behind) await admin.query(behind);
    return url;
  }

  async function drift(url: string): Promise<LiveSetReport> {
    const db = await connectReadOnly(url, { statementTimeoutMs: 10_000 });
    try {
      return (await liveReport(db, [set], { readText: readFromDisk, expected })).sets[0];
    } finally {
      await db.close();
    }
  }

  it('none when the database is what the applied migrations make (PostgreSQL 15 against PGlite 18)', async function () {
    this.timeout(60_000);
    const r = await drift(await deployed(''));
    assert.deepEqual(r.status?.migrations.map((m) => m.state), ['applied', 'applied', 'pending']);
    assert.equal(r.drift?.error, undefined);
    assert.equal(r.drift?.upTo, 'migrations/2_more.up.sql');
    assert.deepEqual(r.drift?.items, []);
  });

  it('lists exactly the objects changed behind the migrations, each with the migration that makes it', async function () {
    this.timeout(60_000);
    const url = await deployed(`
      DROP INDEX users_email;
      ALTER TABLE users ALTER COLUMN name SET DEFAULT 'y';
      ALTER TYPE mood ADD VALUE 'meh';
      DROP POLICY own ON users;
      CREATE TABLE extra (x int PRIMARY KEY, y text);
      ALTER TABLE posts ADD COLUMN hidden boolean;
      CREATE OR REPLACE FUNCTION one() RETURNS int LANGUAGE sql AS 'SELECT 2';
    `);
    const r = await drift(url);
    const got = r.drift!.items.map((d) => `${d.kind} ${d.object}${d.migration ? ` @ ${basename(d.migration.path)}:${d.migration.line}` : ''}`);
    assert.deepEqual(got, [
      'different column public.users.name @ 1_init.up.sql:1',
      'extra column public.posts.hidden',
      'different function public.one() @ 1_init.up.sql:3',
      'missing index public.users_email @ 2_more.up.sql:1',
      'missing policy own on public.users @ 2_more.up.sql:3',
      'extra table public.extra',
      'different type public.mood @ 1_init.up.sql:2',
    ].sort((a, b) => objectOf(a).localeCompare(objectOf(b))));
    const name = r.drift!.items.find((d) => d.object === 'column public.users.name')!;
    assert.equal(name.expected, "name text DEFAULT 'x'::text");
    assert.equal(name.actual, "name text DEFAULT 'y'::text");
  });
});

/** The object part of `kind object @ where`, the order compareSchemas sorts by. */
function objectOf(line: string): string {
  return line.replace(/^\w+ /, '').replace(/ @ .*$/, '');
}
