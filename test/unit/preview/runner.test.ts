import { strict as assert } from 'node:assert';
import { prove } from '../../../server/src/preview/prove/index';
import { PreviewRunner } from '../../../server/src/preview/runner';
import { schemaToSql } from '../../../server/src/preview/render';
import type { PreviewResult, RunStep } from '../../../server/src/preview/types';
import { input, loadSet, table } from './fixtures';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const cacheDir = join(tmpdir(), 'migration-lens-test');

describe('preview runner (PGlite in process)', function () {
  this.timeout(120_000);
  // One runner for the suite: runs that share the baseline reuse its PGlite, as a session does.
  const runner = new PreviewRunner(undefined, { cacheDir });
  after(() => runner.close());

  describe('a simple set', () => {
    let res: PreviewResult;
    before(async () => {
      res = await runner.run(input(loadSet('simple')));
    });

    it('applies every file', () => {
      assert.equal(res.error, undefined);
      assert.deepEqual(res.files.map((f) => f.status), ['applied', 'applied', 'applied']);
    });

    it('reads tables, columns, constraints and indexes', () => {
      const users = table(res.schema, 'public', 'users');
      assert.deepEqual(users.columns.map((c) => [c.name, c.type, c.notNull]), [
        ['id', 'bigint', true], ['email', 'text', true], ['role', 'user_role', true], ['created_at', 'timestamp with time zone', true], ['display_name', 'text', false],
      ]);
      assert.equal(users.columns[0].identity, 'always');
      assert.equal(users.columns[2].default, "'member'::user_role");
      const posts = table(res.schema, 'public', 'posts');
      assert.equal(posts.columns.find((c) => c.name === 'title')?.type, 'character varying(200)');
      assert.match(posts.columns.find((c) => c.name === 'search')?.generated?.expression ?? '', /to_tsvector/);
      assert.deepEqual(posts.indexes.map((i) => [i.name, i.primary, i.unique]), [['posts_author_id_idx', false, false], ['posts_pkey', true, true]]);
      const fk = posts.constraints.find((c) => c.type === 'foreign key');
      assert.equal(fk?.definition, 'FOREIGN KEY (author_id) REFERENCES users(id) ON DELETE CASCADE');
      const check = posts.constraints.find((c) => c.name === 'posts_title_not_blank');
      assert.equal(check?.validated, false);
    });

    it('reads views, functions, triggers, enums and sequences (int8 as text)', () => {
      const pub = res.schema.schemas.find((s) => s.name === 'public')!;
      assert.deepEqual(pub.views.map((v) => v.name), ['post_authors']);
      assert.deepEqual(pub.functions.map((f) => `${f.name}(${f.arguments}) ${f.returns}`), ['touch() trigger']);
      assert.deepEqual(table(res.schema, 'public', 'users').triggers.map((t) => t.name), ['users_touch']);
      assert.deepEqual(pub.types, [{ name: 'user_role', kind: 'enum', values: ['member', 'admin'], origin: { path: '001_users.sql', line: 2, migration: '001_users.sql' } }]);
      const seq = pub.sequences.find((s) => s.name === 'invoice_numbers')!;
      assert.equal(seq.max, '9223372036854775807');
      assert.equal(seq.start, '1000');
      assert.equal(pub.sequences.find((s) => s.name === 'posts_id_seq')?.ownedBy, 'posts.id');
    });

    it('names the file and line that created or last changed each object', () => {
      const users = table(res.schema, 'public', 'users');
      assert.deepEqual(users.origin, { path: '003_views.sql', line: 1, migration: '003_views.sql' }); // ADD COLUMN changed it last
      // A column's origin is the line that defines it, not its table's first line.
      assert.deepEqual(users.columns[1].origin, { path: '001_users.sql', line: 6, migration: '001_users.sql' });
      assert.deepEqual(users.columns[4].origin, { path: '003_views.sql', line: 1, migration: '003_views.sql' });
      const posts = table(res.schema, 'public', 'posts');
      assert.deepEqual(posts.origin, { path: '003_views.sql', line: 2, migration: '003_views.sql' }); // ADD CONSTRAINT … CHECK
      assert.deepEqual(posts.columns[0].origin, { path: '002_posts.sql', line: 2, migration: '002_posts.sql' });
      assert.deepEqual(posts.indexes.find((i) => i.name === 'posts_author_id_idx')?.origin, { path: '002_posts.sql', line: 9, migration: '002_posts.sql' });
      assert.deepEqual(table(res.schema, 'public', 'users').triggers[0].origin, { path: '003_views.sql', line: 14, migration: '003_views.sql' });
    });
  });

  it('names a Prisma migration by its folder, and a constraint by the line that defines it', async () => {
    const path = 'prisma/migrations/20240101120000_init/migration.sql';
    const text = '-- CreateTable\nCREATE TABLE "Account" (\n  "id" BIGINT NOT NULL,\n  "email" TEXT NOT NULL,\n  CONSTRAINT "Account_pkey" PRIMARY KEY ("id")\n);\n';
    const res = await runner.run({ files: [{ path, text }], transaction: 'per-file', timeoutMs: 60_000 });
    const account = table(res.schema, 'public', 'Account');
    assert.deepEqual(account.origin, { path, line: 2, migration: '20240101120000_init' });
    assert.deepEqual(account.columns.find((c) => c.name === 'email')?.origin, { path, line: 4, migration: '20240101120000_init' });
    assert.deepEqual(account.constraints.find((c) => c.name === 'Account_pkey')?.origin, { path, line: 5, migration: '20240101120000_init' });
  });

  it('runs a lean PostgreSQL: 4 MB of shared buffers, 1 MB WAL segments, no template databases (its pages are in memory already)', async () => {
    const check = (cond: string, shown: string) => `DO $$ BEGIN IF NOT (${cond}) THEN RAISE EXCEPTION '%', ${shown}; END IF; END $$;\n`;
    const text = [
      check("current_setting('shared_buffers') = '4MB'", "current_setting('shared_buffers')"),
      check("current_setting('wal_segment_size') = '1MB'", "current_setting('wal_segment_size')"),
      check("(SELECT array_agg(datname) FROM pg_database) = ARRAY['postgres']::name[]", "(SELECT array_agg(datname) FROM pg_database)::text"),
    ].join('');
    const res = await runner.run({ files: [{ path: '001_settings.sql', text }], transaction: 'per-file', timeoutMs: 60_000 });
    assert.equal(res.error, undefined);
  });

  it('keeps its WAL from growing over repeated runs when trimmed after each (as the worker does)', async () => {
    const walMb = async () => Number((await runner.database.query<{ bytes: string }>('SELECT sum(size)::text AS bytes FROM pg_ls_waldir()')).rows[0].bytes) / 1024 / 1024;
    // 20,000 rows of 200 bytes: about 5 MB of WAL each time the file is applied again.
    const rows = (i: number) => ({ path: '001_rows.sql', text: `-- run ${i}\nCREATE TABLE padded AS SELECT g, repeat('x', 200) AS pad FROM generate_series(1, 20000) g;\n` });
    const sizes: number[] = [];
    for (let i = 0; i < 5; i++) {
      const res = await runner.run({ files: [rows(i)], transaction: 'per-file', timeoutMs: 60_000 });
      assert.equal(res.error, undefined);
      await runner.trimWal();
      sizes.push(await walMb());
    }
    assert.ok(sizes[4] <= sizes[1] + 2, `WAL after each run (MB): ${sizes.map((x) => x.toFixed(1)).join(', ')}`);
  });

  it("keeps the catalogs from growing over repeated lock traces when vacuumed after each (as the worker does), and leaves a preview's files undoable", async () => {
    // 40 tables of 30 columns: every trace writes (and rolls back) 1,200 pg_attribute rows, twice (alone and after the earlier statements).
    // Each trace's statements differ (the column names), so that none is taken over from the trace before.
    const creates = (i: number) => Array.from({ length: 40 }, (_, t) => `CREATE TABLE wide_${t} (${Array.from({ length: 30 }, (_, c) => `c${c}_${i} int`).join(', ')});\nCREATE INDEX wide_${t}_c0 ON wide_${t} (c0_${i});`).join('\n');
    const base = { path: '1.sql', text: 'CREATE TABLE base (id int);' };
    const attributeKb = async () => (await runner.database.query<{ kb: number }>("SELECT pg_relation_size('pg_catalog.pg_attribute')::int / 1024 AS kb")).rows[0].kb;
    const sizes: number[] = [];
    for (let i = 0; i < 4; i++) {
      const res = await prove(runner, { files: [base, { path: '2.sql', text: creates(i) }], transaction: 'per-file', timeoutMs: 60_000 }, { kind: 'trace', path: '2.sql' });
      assert.equal(res.ok, true, res.error?.message);
      await runner.vacuum();
      sizes.push(await attributeKb());
    }
    assert.ok(sizes[3] <= sizes[0], `pg_attribute after each trace (kB): ${sizes.join(', ')}`);
    // A preview's files stay behind their savepoints (not committed): no VACUUM then, and the next run still reuses them.
    const preview = [{ path: '1.sql', text: 'CREATE TABLE kept (id int);' }, { path: '2.sql', text: 'ALTER TABLE kept ADD COLUMN n int;' }];
    await runner.run({ files: preview, transaction: 'per-file', timeoutMs: 60_000 });
    await runner.vacuum();
    const again = await runner.run({ files: [preview[0], { path: '2.sql', text: 'ALTER TABLE kept ADD COLUMN m int;' }], transaction: 'per-file', timeoutMs: 60_000 });
    assert.equal(again.reusedFiles, 1);
    assert.deepEqual(table(again.schema, 'public', 'kept').columns.map((c) => c.name), ['id', 'm']);
  });

  it('applies a CONCURRENTLY file (never wrapped) and skips VACUUM with a note', async () => {
    const res = await runner.run(input(loadSet('concurrently')));
    assert.equal(res.error, undefined);
    assert.deepEqual(table(res.schema, 'public', 'orders').indexes.map((i) => [i.name, i.valid]), [['orders_customer_id_idx', true], ['orders_pkey', true]]);
    assert.deepEqual(res.notes.map((n) => [n.path, n.line, n.severity]), [['002_concurrent_index.sql', 5, 'info']]);
  });

  it('loads pgcrypto and vector, and reports postgis on its CREATE EXTENSION line without a cascade', async () => {
    const files = loadSet('extensions');
    const res = await runner.run(input(files));
    assert.equal(res.error, undefined);
    assert.deepEqual(res.schema.extensions.map((e) => e.name), ['pgcrypto', 'vector']);
    assert.equal(table(res.schema, 'public', 'documents').columns[1].type, 'vector(3)');
    assert.match(table(res.schema, 'public', 'tokens').columns[1].default ?? '', /gen_random_bytes/);
    const places = files[2].text;
    const at = places.indexOf('CREATE EXTENSION IF NOT EXISTS postgis');
    assert.deepEqual(res.notes.map((n) => ({ ...n })), [{
      path: '003_places.sql', start: at, end: at + 'CREATE EXTENSION IF NOT EXISTS postgis'.length, line: 3, column: 1, severity: 'warning',
      message: 'PGlite has no postgis; the preview cannot load it (statement skipped, objects that need it will fail)',
    }]);
    assert.deepEqual(table(res.schema, 'public', 'places').indexes.map((i) => i.name), ['places_name_idx', 'places_pkey']);
  });

  it('locates an error after accents, CJK and emoji at its exact line and column', async () => {
    const res = await runner.run(input(loadSet('nonascii')));
    const e = res.error!;
    assert.equal(e.code, '42703');
    assert.equal(e.message, 'column "prix" does not exist');
    assert.deepEqual([e.path, e.line, e.column], ['001_menu.sql', 5, 32]);
    const text = loadSet('nonascii')[0].text;
    assert.equal(text.slice(e.start, e.end), 'prix');
    assert.equal(text.slice(e.statement.start, e.statement.end), "SELECT 'naïve 🍣 北京' AS label, prix FROM menu");
    // per-file: the failing file is rolled back whole.
    assert.deepEqual(res.schema.schemas, []);
    assert.deepEqual(res.files.map((f) => f.status), ['failed']);
  });

  it('keeps what autocommit would have kept in none mode, and says all mode rolls back everything', async () => {
    const none = await runner.run(input(loadSet('nonascii'), { transaction: 'none' }));
    assert.equal(none.error?.line, 5);
    assert.deepEqual(table(none.schema, 'public', 'menu').comment, 'plats du jour — 今日のメニュー 🍱');
    const all = await runner.run(input([...loadSet('simple'), ...loadSet('nonascii')], { transaction: 'all' }));
    assert.equal(all.error?.path, '001_menu.sql');
    assert.ok(table(all.schema, 'public', 'posts'));
    assert.throws(() => table(all.schema, 'public', 'menu'));
    assert.match(all.notes.at(-1)?.message ?? '', /on a server, the error rolls back all of them/);
  });

  it("rolls back a file's own transaction on error but keeps its statements before BEGIN", async () => {
    const res = await runner.run(input(loadSet('own-transactions')));
    assert.equal(res.error?.message, 'relation "nowhere" does not exist');
    assert.equal(res.error?.line, 4);
    assert.ok(table(res.schema, 'public', 'audit_log'));
    assert.deepEqual(table(res.schema, 'public', 'accounts').columns.map((c) => c.name), ['id', 'balance']);
  });

  it('uses a new enum value in the next file (committed in between, as the runner does)', async () => {
    const setupSql = "CREATE TYPE state AS ENUM ('new');\nCREATE TABLE jobs (s state);";
    const files = [
      { path: '1.sql', text: "ALTER TYPE state ADD VALUE 'done';" },
      { path: '2.sql', text: "INSERT INTO jobs VALUES ('done');" },
    ];
    const res = await runner.run(input(files, { setupSql }));
    assert.equal(res.error, undefined);
    // One transaction for every file: a server refuses the new value too.
    const all = await runner.run(input(files, { setupSql, transaction: 'all' }));
    assert.equal(all.error?.code, '55P04');
    assert.equal(all.error?.path, '2.sql');
  });

  describe('incremental', () => {
    it('a file added at the end is the only file applied; a cancelled run stops between files and keeps what it applied', async () => {
      const files = loadSet('simple');
      const applies = (steps: RunStep[]) => steps.flatMap((s) => (s.phase === 'apply' ? [`${s.index + 1}/${s.total}`] : []));
      await runner.run(input(files.slice(0, 2)));
      const steps: RunStep[] = [];
      const added = await runner.run(input(files), { onStep: (s) => steps.push(s) });
      assert.equal(added.ok, true);
      assert.deepEqual(applies(steps), ['3/3'], 'the two earlier files were not applied again');
      assert.deepEqual(steps.at(-1), { phase: 'introspect' });

      // Cancelled after the first file of a run that applies every file again.
      const edited = files.map((f, i) => (i === 0 ? { ...f, text: `${f.text}\nCREATE TABLE first_edit (id int);` } : f));
      const cancelSteps: RunStep[] = [];
      const cancelled = await runner.run(input(edited), { onStep: (s) => cancelSteps.push(s), cancelled: () => applies(cancelSteps).length === 1 });
      assert.equal(cancelled.cancelledAt, 1);
      assert.equal(cancelled.ok, false);
      assert.equal(cancelled.error, undefined);
      assert.deepEqual(cancelled.files.map((f) => f.status), ['applied', 'pending', 'pending']);
      assert.ok(!cancelSteps.some((s) => s.phase === 'introspect'), 'a cancelled run does not read the schema');
      const resumed = await runner.run(input(edited));
      assert.equal(resumed.reusedFiles, 1);
      assert.ok(table(resumed.schema, 'public', 'first_edit'));
    });

    it('a single-transaction set whose committed files add an enum value starts cold, so a new file sees what a server would', async () => {
      const setupSql = "CREATE TYPE state AS ENUM ('new');\nCREATE TABLE jobs (s state);";
      const first = [{ path: '1.sql', text: "ALTER TYPE state ADD VALUE 'done';" }];
      await runner.run(input(first, { setupSql, transaction: 'all' }));
      await runner.commitApplied(); // as the lock trace does
      const res = await runner.run(input([...first, { path: '2.sql', text: "INSERT INTO jobs VALUES ('done');" }], { setupSql, transaction: 'all' }));
      assert.equal(res.reusedFiles, 0);
      assert.equal(res.error?.code, '55P04');
    });

    it('re-applies from the first changed file and gives the same schema as a cold run', async () => {
      const files = loadSet('simple');
      await runner.run(input(files));
      const edited = files.map((f, i) => (i === 2 ? { ...f, text: f.text.replace('display_name text', 'nickname varchar(40)') } : f));
      const warm = await runner.run(input(edited));
      assert.equal(warm.reusedFiles, 2);
      assert.equal(warm.timings.bootMs, 0);
      const cold = new PreviewRunner(undefined, { cacheDir });
      try {
        const fresh = await cold.run(input(edited));
        assert.equal(fresh.reusedFiles, 0);
        assert.deepEqual(warm.schema, fresh.schema);
        assert.equal(schemaToSql(warm.schema), schemaToSql(fresh.schema));
        assert.ok(table(warm.schema, 'public', 'users').columns.some((c) => c.name === 'nickname'));
      } finally {
        await cold.close();
      }
    });

    it('re-runs an edited file without meeting the prepared statements of the files it rolled back (a rollback keeps them), and keeps those of the files before', async () => {
      const files = [
        { path: '1.sql', text: 'CREATE TABLE t (id int);\nPREPARE early AS SELECT 1;\n' },
        { path: '2.sql', text: 'PREPARE x AS SELECT 1;\nEXECUTE early;\n' },
      ];
      const first = await runner.run(input(files));
      assert.equal(first.error, undefined);
      const edited = [files[0], { ...files[1], text: `${files[1].text}CREATE TABLE u (id int);\n` }];
      const res = await runner.run(input(edited));
      assert.equal(res.error?.message, undefined); // was: prepared statement "x" already exists
      assert.equal(res.reusedFiles, 1);
      // From the first file: its own prepared statement is made again, not met.
      const again = await runner.run(input([{ ...files[0], text: `-- edited\n${files[0].text}` }, files[1]]));
      assert.equal(again.error?.message, undefined);
      assert.equal(again.reusedFiles, 0);
      assert.equal(again.timings.bootMs, 0, 'rolled back, not booted afresh');
    });

    it('starts afresh when the file it rolls back had removed what an earlier file prepared (DEALLOCATE): a rollback does not bring it back', async () => {
      const files = [{ path: '1.sql', text: 'PREPARE early AS SELECT 1;\n' }, { path: '2.sql', text: 'DEALLOCATE early;\n' }];
      await runner.run(input(files));
      const res = await runner.run(input([files[0], { path: '2.sql', text: 'EXECUTE early;\n' }]));
      assert.equal(res.error?.message, undefined); // was: prepared statement "early" does not exist
      assert.equal(res.reusedFiles, 0);
    });

    it('re-runs an edited file that takes session advisory locks: each is held once, as after a cold run (a rollback keeps them)', async () => {
      const files = [
        { path: '1.sql', text: 'CREATE TABLE t (id int);\n' },
        { path: '2.sql', text: 'SELECT pg_advisory_lock(42);\nSELECT pg_advisory_lock(-1, 5);\nSELECT pg_advisory_lock_shared(-9000000000);\n' },
      ];
      await runner.run(input(files));
      const res = await runner.run(input([files[0], { ...files[1], text: `${files[1].text}CREATE TABLE u (id int);\n` }]));
      assert.equal(res.reusedFiles, 1);
      // The first unlock of each releases it, the second finds nothing (was: held twice).
      const { rows } = await runner.database.query(`SELECT pg_advisory_unlock(42) AS a1, pg_advisory_unlock(42) AS a2, pg_advisory_unlock(-1, 5) AS b1,
        pg_advisory_unlock(-1, 5) AS b2, pg_advisory_unlock_shared(-9000000000) AS c1, pg_advisory_unlock_shared(-9000000000) AS c2`);
      assert.deepEqual(rows, [{ a1: true, a2: false, b1: true, b2: false, c1: true, c2: false }]);
    });

    it("keeps a statement-by-statement file's statements before an error without meeting its own prepared statement again", async () => {
      const files = [{ path: '1.sql', text: 'PREPARE x AS SELECT 1;\nCREATE TABLE kept (id int);\nSELECT * FROM missing;\n' }];
      const res = await runner.run(input(files, { transaction: 'none' }));
      assert.equal(res.error?.code, '42P01'); // was: a thrown "prepared statement "x" already exists"
      assert.ok(table(res.schema, 'public', 'kept'));
    });

    it('re-runs after an error once the file is fixed', async () => {
      const files = loadSet('nonascii');
      await runner.run(input(files));
      const fixed = [{ ...files[0], text: files[0].text.replace('prix', 'name') }];
      const res = await runner.run(input(fixed));
      assert.equal(res.error, undefined);
      assert.deepEqual(res.schema.schemas[0].tables.map((t) => t.name), ['menu', 'never_created']);
    });
  });

  it('creates the Supabase baseline, leaves it out of the model, and lists what migrations added to it', async () => {
    const res = await runner.run(input(loadSet('supabase'), { preset: 'supabase' }));
    assert.equal(res.error, undefined, JSON.stringify(res.error));
    const profiles = table(res.schema, 'public', 'profiles');
    assert.equal(profiles.rowLevelSecurity, true);
    assert.deepEqual(profiles.policies.map((p) => [p.name, p.command, p.roles, p.using]), [
      ['Profiles are editable by their owner', 'UPDATE', ['authenticated'], '(auth.uid() = id)'],
    ]);
    assert.equal(profiles.constraints.find((c) => c.type === 'foreign key')?.definition, 'FOREIGN KEY (id) REFERENCES auth.users(id) ON DELETE CASCADE');
    const users = table(res.schema, 'auth', 'users');
    assert.equal(users.baseline, true);
    assert.deepEqual(users.triggers.map((t) => t.name), ['on_auth_user_created']);
    assert.deepEqual(table(res.schema, 'storage', 'objects').policies.map((p) => p.name), ['Avatars are readable']);
    assert.deepEqual(res.schema.extensions, []); // uuid-ossp is the platform's
    assert.ok(!res.schema.schemas.find((s) => s.name === 'auth')?.functions.length);
  });

  it('reports a failing setupSql at its own position', async () => {
    const res = await runner.run(input(loadSet('simple'), { setupSql: 'CREATE ROLE app_user;\nGRANT nothing TO app_user;' }));
    assert.equal(res.error?.path, 'preview.setupSql');
    assert.equal(res.error?.line, 2);
    assert.deepEqual(res.files.map((f) => f.status), ['pending', 'pending', 'pending']);
  });
});
