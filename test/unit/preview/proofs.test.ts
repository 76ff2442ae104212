/**
 * The run-time proofs on the fixture workspaces of test/fixtures/proofs: each catches its
 * fixture's defect and stays quiet on the fixed twin. One PreviewRunner (in-process PGlite) for
 * the file, as the worker keeps one: the proofs must leave it usable for the next.
 */
import { strict as assert } from 'node:assert';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { defaultConfig, loadConfigFile, resolveConfig } from '../../../server/src/config';
import { detectSets } from '../../../server/src/layout/detect';
import { readFromDisk } from '../../../server/src/layout/set-context';
import { compareSchemas, describeChange, introspectAll } from '../../../server/src/preview/compare';
import { downsOfSet, previewInputForSet, snapshotOf } from '../../../server/src/preview/from-set';
import { prove } from '../../../server/src/preview/prove/index';
import { proofRequestFor } from '../../../server/src/preview/prove/plan';
import { traceFindings, traceHintLabel, traceLabel } from '../../../server/src/preview/prove/trace';
import type { ProofFinding, ProofRequest, StatementTrace } from '../../../server/src/preview/prove/types';
import { PreviewRunner } from '../../../server/src/preview/runner';
import { parseSql } from '../../../server/src/parse/parser';

const FIXTURES = path.resolve(__dirname, '../../fixtures/proofs');

function workspace(name: string) {
  const root = path.join(FIXTURES, name);
  const file = loadConfigFile(path.join(root, '.migration-lens.json'));
  const config = file.found ? resolveConfig(file.config) : defaultConfig();
  const [set] = detectSets(root, config).filter((s) => s.files.length);
  return { root, config, set, input: previewInputForSet(set, config, readFromDisk, root) };
}

const brief = (fs: ProofFinding[]) => fs.map((f) => `${path.basename(f.path)}:${f.line} ${f.severity}`);

describe('run-time proofs', function () {
  this.timeout(120_000);
  let runner: PreviewRunner;
  let cacheDir: string;

  before(() => {
    cacheDir = mkdtempSync(path.join(tmpdir(), 'ml-proofs-'));
    runner = new PreviewRunner(() => {}, { cacheDir });
  });
  after(async () => {
    await runner.close();
    rmSync(cacheDir, { recursive: true, force: true });
  });

  const run = (name: string, request: (ws: ReturnType<typeof workspace>) => ProofRequest) => {
    const ws = workspace(name);
    return prove(runner, ws.input, request(ws));
  };

  describe('idempotency (every file applied a second time)', () => {
    it('reports the statements that fail or change data again, at the statement, and rolls everything back', async () => {
      const res = await run('idempotency-bad', () => ({ kind: 'idempotency' }));
      assert.equal(res.ok, true);
      assert.deepEqual(brief(res.findings), ['01_schema.sql:10 error', '02_seed.sql:2 error', '02_seed.sql:3 warning']);
      assert.match(res.findings[0].message, /fails: relation "genres_name_lower" already exists/);
      assert.match(res.findings[1].message, /duplicate key value violates unique constraint "genres_pkey"\nDETAIL: Key \(id\)=\(1\) already exists\./);
      assert.match(res.findings[2].message, /changes data again: settings had 1 row, has 2\./);
      // The second pass left nothing behind: one row, as after the first apply.
      const { rows } = await runner.database.query<{ n: number }>('SELECT count(*)::int AS n FROM settings');
      assert.equal(rows[0].n, 1);
    });

    it('is quiet on guarded files (IF NOT EXISTS, ON CONFLICT … DO NOTHING / DO UPDATE to the same value)', async () => {
      const res = await run('idempotency-fixed', () => ({ kind: 'idempotency' }));
      assert.deepEqual(res.findings, []);
      assert.equal(res.ok, true);
    });

    it('re-applies only the files asked for', async () => {
      const ws = workspace('idempotency-bad');
      const seed = ws.input.files.find((f) => f.path.endsWith('02_seed.sql'))!.path;
      const res = await prove(runner, ws.input, { kind: 'idempotency', files: [seed] });
      assert.deepEqual(brief(res.findings), ['02_seed.sql:2 error', '02_seed.sql:3 warning']);
    });

    it('finds the statement that changes rows even when the row count stays the same', async () => {
      const files = [
        { path: '01.sql', text: 'CREATE TABLE IF NOT EXISTS counters (n int);\nINSERT INTO counters VALUES (1);' },
        { path: '02.sql', text: "UPDATE counters SET n = n + 1;\n-- a comment with ünïcödé\nSELECT 1;" },
      ];
      const res = await prove(runner, { files, transaction: 'all', timeoutMs: 60_000 }, { kind: 'idempotency' });
      assert.deepEqual(brief(res.findings), ['01.sql:2 warning', '02.sql:1 warning']);
      // 02 is applied again right after its first run, on one row (01's second run was rolled back).
      assert.match(res.findings[1].message, /the rows of counters differ \(1 row before and after\)/);
    });

    it('leaves the session advisory locks of each second pass behind it (a rollback keeps them): the files hold theirs once', async () => {
      const files = [{ path: '01.sql', text: 'SELECT pg_advisory_lock(9);' }, { path: '02.sql', text: 'CREATE TABLE IF NOT EXISTS t (id int);' }];
      const res = await prove(runner, { files, transaction: 'per-file', timeoutMs: 60_000 }, { kind: 'idempotency' });
      assert.deepEqual(brief(res.findings), []);
      const { rows } = await runner.database.query('SELECT pg_advisory_unlock(9) AS first, pg_advisory_unlock(9) AS second');
      assert.deepEqual(rows, [{ first: true, second: false }]); // was: held twice
    });

    it('applies each file again as a new session would: without the prepared statements and session advisory locks of its first run', async () => {
      const files = [
        { path: '01.sql', text: 'PREPARE x AS SELECT 1;\nEXECUTE x;' },
        { path: '02.sql', text: 'SELECT pg_advisory_lock(11);\nSELECT pg_advisory_unlock(11);\nSELECT pg_advisory_lock(12);' },
        { path: '03.sql', text: 'CREATE TABLE kept (id int);' },
      ];
      const res = await prove(runner, { files, transaction: 'per-file', timeoutMs: 60_000 }, { kind: 'idempotency' });
      assert.ok(res.ok);
      assert.deepEqual(brief(res.findings), ['03.sql:1 error']); // was also 01.sql:1 (prepared statement "x" already exists)
      assert.match(res.findings[0].message, /relation "kept" already exists/);
      // The session is as after one run of each file: x prepared, lock 12 held once.
      const { rows } = await runner.database.query("SELECT (SELECT count(*) FROM pg_prepared_statements WHERE name = 'x')::int AS x, pg_advisory_unlock(12) AS first, pg_advisory_unlock(12) AS second");
      assert.deepEqual(rows, [{ x: 1, first: true, second: false }]);
    });

    it('applies each file again on the schema right after it, not on the schema later files made', async () => {
      const files = [
        { path: '01_accounts.sql', text: 'CREATE TABLE IF NOT EXISTS accounts (id bigint PRIMARY KEY, legacy_flag boolean);\nCREATE INDEX IF NOT EXISTS accounts_legacy_idx ON accounts (legacy_flag);' },
        { path: '02_drop_flag.sql', text: 'ALTER TABLE accounts DROP COLUMN IF EXISTS legacy_flag;' },
        { path: '03_notes.sql', text: 'CREATE TABLE notes (id bigint);' },
      ];
      const res = await prove(runner, { files, transaction: 'all', timeoutMs: 60_000 }, { kind: 'idempotency' });
      assert.ok(res.ok);
      assert.deepEqual(brief(res.findings), ['03_notes.sql:1 error']);
      assert.match(res.findings[0].message, /relation "notes" already exists/);
    });
  });

  describe('down round trip', () => {
    it('reports a down file that leaves objects behind (with the exact difference) and one that fails', async () => {
      const res = await run('round-trip-bad', (ws) => ({ kind: 'round-trip', downs: downsOfSet(ws.set, readFromDisk) }));
      assert.equal(res.ok, true);
      assert.deepEqual(brief(res.findings), ['002_profiles.down.sql:2 error', '002_profiles.down.sql:2 error', '003_status.down.sql:2 error']);
      const [leaves, again, fails] = res.findings.map((f) => f.message);
      assert.match(leaves, /does not restore the schema its up file found \(2 differences\)/);
      assert.match(leaves, /- column public\.users\.display_name is left behind: `display_name text`/);
      assert.match(leaves, /- index public\.users_display_name_idx is left behind/);
      assert.match(again, /its up file fails when applied again: column "display_name" of relation "users" already exists \(at 002_profiles\.up\.sql:5:1\)/);
      assert.match(fails, /The down file fails after its up file: cannot drop type user_status because other objects depend on it/);
      assert.match(fails, /HINT: Use DROP \.\.\. CASCADE/);
    });

    it('is quiet when every down file restores the schema', async () => {
      const res = await run('round-trip-fixed', (ws) => ({ kind: 'round-trip', downs: downsOfSet(ws.set, readFromDisk) }));
      assert.deepEqual(res.findings, []);
      assert.equal(res.ok, true);
    });

    describe("sqitch: each change's verify script runs after its deploy script (sqitch deploy --verify)", () => {
      const LAYOUT = path.resolve(__dirname, '../../fixtures/layouts/sqitch');
      const made: string[] = [];
      after(() => made.forEach((d) => rmSync(d, { recursive: true, force: true })));
      const roundTrip = async (verifyWidgets?: string) => {
        const root = mkdtempSync(path.join(tmpdir(), 'ml-sqitch-'));
        made.push(root);
        cpSync(LAYOUT, root, { recursive: true });
        if (verifyWidgets !== undefined) writeFileSync(path.join(root, 'verify/widgets.sql'), verifyWidgets);
        const config = defaultConfig();
        const [set] = detectSets(root, config);
        const request = proofRequestFor('round-trip', set, config, readFromDisk, root);
        assert.ok(request?.kind === 'round-trip');
        assert.deepEqual(Object.entries(request.verifies ?? {}).map(([up, v]) => [path.relative(root, up), path.relative(root, v.path)]), [
          ['deploy/schema.sql', 'verify/schema.sql'],
          ['deploy/widgets.sql', 'verify/widgets.sql'],
          ['deploy/audit.sql', 'verify/audit.sql'],
        ]);
        return { root, res: await prove(runner, previewInputForSet(set, config, readFromDisk, root), request) };
      };

      it('is quiet when every verify script succeeds after its change', async () => {
        const { res } = await roundTrip();
        assert.equal(res.ok, true, res.error?.message);
        assert.deepEqual(res.findings, []);
      });

      it('reports a verify script that fails, at its failing statement', async () => {
        const { root, res } = await roundTrip('-- Verify widgets:widgets on pg\n\nBEGIN;\n\nSELECT id, colour FROM app.widgets WHERE FALSE;\n\nROLLBACK;\n');
        assert.equal(res.ok, true, res.error?.message);
        assert.deepEqual(res.findings.map((f) => [path.relative(root, f.path), f.line, f.severity]), [['verify/widgets.sql', 5, 'error']]);
        assert.match(res.findings[0].message, /The verify script fails after its change is deployed: column "colour" does not exist/);
      });
    });

    describe('golang-migrate: a down file paired with its up file by version, their titles differing', () => {
      /** `30_drop_x.up.sql` with `30_revert_x.down.sql` (golang-migrate pairs by version): the down file given. */
      const titled = (down30: string) => {
        const root = mkdtempSync(path.join(tmpdir(), 'ml-titles-'));
        const write = (rel: string, text: string) => {
          mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
          writeFileSync(path.join(root, rel), text);
        };
        write('db/migrations/10_create_x.up.sql', 'CREATE TABLE x (id bigint PRIMARY KEY, legacy text);\n');
        write('db/migrations/10_create_x.down.sql', 'DROP TABLE x;\n');
        write('db/migrations/30_drop_x.up.sql', 'ALTER TABLE x DROP COLUMN legacy;\n');
        write('db/migrations/30_revert_x.down.sql', down30);
        const config = defaultConfig();
        const [set] = detectSets(root, config);
        return { root, set, input: previewInputForSet(set, config, readFromDisk, root) };
      };
      const cleanup: string[] = [];
      after(() => cleanup.forEach((d) => rmSync(d, { recursive: true, force: true })));

      it('runs the round trip of the pair and passes when the down file undoes the up file', async () => {
        const ws = titled('ALTER TABLE x ADD COLUMN legacy text;\n');
        cleanup.push(ws.root);
        assert.equal(ws.set.convention, 'up-down');
        const downs = downsOfSet(ws.set, readFromDisk);
        assert.deepEqual(Object.entries(downs).map(([up, down]) => [path.basename(up), path.basename(down.path)]), [
          ['10_create_x.up.sql', '10_create_x.down.sql'],
          ['30_drop_x.up.sql', '30_revert_x.down.sql'],
        ]);
        const res = await prove(runner, ws.input, { kind: 'round-trip', downs });
        assert.equal(res.ok, true);
        assert.deepEqual(res.findings, []);
      });

      it('reports the down file that does not undo its up file, on that file', async () => {
        const ws = titled('SELECT 1;\n');
        cleanup.push(ws.root);
        const res = await prove(runner, ws.input, { kind: 'round-trip', downs: downsOfSet(ws.set, readFromDisk) });
        assert.equal(res.ok, true);
        // The schema differs after the down file, and the up file cannot run again on it.
        assert.deepEqual(brief(res.findings), ['30_revert_x.down.sql:1 error', '30_revert_x.down.sql:1 error']);
        const [differs, again] = res.findings.map((f) => f.message);
        assert.match(differs, /does not restore the schema its up file found/);
        assert.match(differs, /column public\.x\.legacy/);
        assert.match(again, /its up file fails when applied again: column "legacy" of relation "x" does not exist \(at 30_drop_x\.up\.sql:1:1\)/);
      });
    });
  });

  describe('snapshot drift', () => {
    it('reports each object the snapshot lacks, has in excess or defines differently, on the snapshot', async () => {
      const res = await run('drift-bad', (ws) => ({ kind: 'drift', snapshot: snapshotOf(ws.config, readFromDisk, ws.root)! }));
      assert.equal(res.ok, true);
      assert.deepEqual(brief(res.findings), ['createDB.sql:2 error', 'createDB.sql:2 error', 'createDB.sql:2 error']);
      const messages = res.findings.map((f) => f.message);
      assert.match(messages[0], /column public\.movies\.rating is in the migrations \(02_ratings\.sql:1\) but not in the snapshot: `rating numeric\(3,1\)`/);
      assert.match(messages[1], /column public\.movies\.title differs\. Migrations \(01_schema\.sql:3\): `title text NOT NULL`; snapshot: `title character varying\(200\) NOT NULL`/);
      assert.match(messages[2], /index public\.movies_title_idx is in the migrations \(02_ratings\.sql:2\) but not in the snapshot/);
    });

    it('is quiet when the snapshot makes the same schema', async () => {
      const res = await run('drift-fixed', (ws) => ({ kind: 'drift', snapshot: snapshotOf(ws.config, readFromDisk, ws.root)! }));
      assert.deepEqual(res.findings, []);
    });

    describe("dbmate's db/schema.sql, the dump dbmate writes after each migrate", () => {
      const LAYOUT = path.resolve(__dirname, '../../fixtures/layouts/dbmate');
      const copy = (edit: (dump: string) => string) => {
        const root = mkdtempSync(path.join(tmpdir(), 'ml-dbmate-'));
        cpSync(LAYOUT, root, { recursive: true });
        const dump = path.join(root, 'db/schema.sql');
        writeFileSync(dump, edit(readFileSync(dump, 'utf8')));
        return root;
      };
      const drift = async (root: string) => {
        const config = defaultConfig();
        const [set] = detectSets(root, config);
        const request = proofRequestFor('drift', set, config, readFromDisk, root);
        assert.ok(request?.kind === 'drift', 'the dump is the snapshot without any configuration');
        assert.equal(request.snapshot.path, path.join(root, 'db/schema.sql'));
        assert.deepEqual(request.ignoreTables, ['public.schema_migrations']);
        return prove(runner, previewInputForSet(set, config, readFromDisk, root), request);
      };
      const made: string[] = [];
      after(() => made.forEach((d) => rmSync(d, { recursive: true, force: true })));

      it('is the snapshot of check --drift: quiet when it matches (its schema_migrations table and rows are dbmate\'s, not drift; a \\restrict line is not SQL)', async () => {
        const root = copy((dump) => `\\restrict 7f3a9c\n${dump}\\unrestrict 7f3a9c\n`);
        made.push(root);
        const res = await drift(root);
        assert.equal(res.ok, true, res.error?.message);
        assert.deepEqual(res.findings, []);
      });

      it('reports what the dump lacks, on the dump', async () => {
        const root = copy((dump) => dump.replace('    b text\n', '').replace('id bigint NOT NULL,', 'id bigint NOT NULL'));
        made.push(root);
        const res = await drift(root);
        assert.equal(res.ok, true, res.error?.message);
        assert.deepEqual(res.findings.map((f) => [path.relative(root, f.path), f.message.replace(/ \(.*?\)/, '')]), [['db/schema.sql', 'Snapshot drift: column public.a.b is in the migrations but not in the snapshot: `b text`']]);
      });
    });
  });

  describe('lock and rewrite trace', () => {
    const tracePath = (ws: ReturnType<typeof workspace>) => ws.input.files[1].path;

    it('observes the lock and the rewrite of an ALTER hidden in dynamic SQL, and turns it into a finding', async () => {
      const ws = workspace('trace-bad');
      const res = await prove(runner, ws.input, { kind: 'trace', path: tracePath(ws) });
      assert.equal(res.ok, true);
      assert.deepEqual(res.traces!.map((t) => [t.line, traceLabel(t)]), [[1, 'no locks on existing objects'], [3, 'ACCESS EXCLUSIVE accounts +1 · rewrite']]);
      const text = ws.input.files[1].text;
      const findings = traceFindings(tracePath(ws), parseSql(text), res.traces!, () => false);
      assert.deepEqual(brief(findings), ['0002_widen_ids.sql:3 warning']);
      // A static finding on the statement already says it: no second one.
      assert.deepEqual(traceFindings(tracePath(ws), parseSql(text), res.traces!, () => true), []);
    });

    it('keeps an inlay hint within the 43 characters VS Code shows: the strongest lock, +N, rewrite', () => {
      const trace: StatementTrace = {
        start: 0, end: 10, line: 1, rewrites: ['orders'], rebuiltIndexes: [],
        locks: [
          { relation: 'orders', kind: 'table', mode: 'ACCESS EXCLUSIVE' },
          { relation: 'customers', kind: 'table', mode: 'SHARE ROW EXCLUSIVE' },
        ],
      };
      assert.equal(traceLabel(trace), 'ACCESS EXCLUSIVE orders · SHARE ROW EXCLUSIVE customers · rewrite');
      assert.equal(traceHintLabel(trace), 'ACCESS EXCLUSIVE orders +1 · rewrite');
      assert.ok(`🔒 ${traceHintLabel(trace)}`.length <= 43);
      const short: StatementTrace = { ...trace, locks: trace.locks.slice(0, 1), rewrites: [] };
      assert.equal(traceHintLabel(short), traceLabel(short), 'a label that fits is unchanged');
      // A long name gives way, the count keeps every relation the hover lists (indexes too), 🔒 counted.
      const indexes = Array.from({ length: 9 }, (_, i) => ({ relation: `subscription_invoices_idx_${i}`, kind: 'index' as const, mode: 'ACCESS EXCLUSIVE' as const }));
      const long: StatementTrace = { ...trace, rewrites: ['subscription_invoices_by_customer_archive'], locks: [{ relation: 'subscription_invoices_by_customer_archive', kind: 'table', mode: 'ACCESS EXCLUSIVE' }, ...indexes] };
      const hint = `🔒 ${traceHintLabel(long)}`;
      assert.ok(hint.length <= 43, hint);
      assert.match(hint, /^🔒 ACCESS EXCLUSIVE subscr[^ ]*… \+9 · rewrite$/);
      assert.equal(traceLabel(long), 'ACCESS EXCLUSIVE subscription_invoices_by_customer_archive +9 · rewrite');
    });

    it('shows a brief catalog-only lock without a finding', async () => {
      const ws = workspace('trace-fixed');
      const res = await prove(runner, ws.input, { kind: 'trace', path: tracePath(ws) });
      assert.deepEqual(res.traces!.map((t) => [t.line, traceLabel(t)]), [[1, 'no locks on existing objects'], [2, 'ACCESS EXCLUSIVE accounts']]);
      assert.deepEqual(traceFindings(tracePath(ws), parseSql(ws.input.files[1].text), res.traces!, () => false), []);
    });

    it('traces each statement alone, and one that needs its file\'s earlier statements after them', async () => {
      const files = [
        { path: '1.sql', text: 'CREATE TABLE users (id int PRIMARY KEY, email text);\nCREATE TABLE notes (id int);' },
        { path: '2.sql', text: 'ALTER TABLE users ADD COLUMN n int;\nCREATE INDEX users_n ON users (n);\nCREATE INDEX users_email ON users (email);\nSELECT * FROM notes;\nCREATE INDEX CONCURRENTLY notes_id ON notes (id);' },
      ];
      const res = await prove(runner, { files, transaction: 'per-file', timeoutMs: 60_000 }, { kind: 'trace', path: '2.sql' });
      assert.deepEqual(res.traces!.map((t) => [t.line, traceLabel(t)]), [
        [1, 'ACCESS EXCLUSIVE users'],
        [2, 'SHARE users'],
        [3, 'SHARE users'],
        [4, 'ACCESS SHARE notes'],
        [5, 'not traced (CONCURRENTLY)'],
      ]);
      // The index build's own lock is SHARE; the ALTER's ACCESS EXCLUSIVE is held, and named as held.
      const second = res.traces![1];
      assert.equal(second.withEarlier, true);
      assert.deepEqual(second.held, [{ relation: 'users', kind: 'table', mode: 'ACCESS EXCLUSIVE' }]);
      // Nothing of the trace stays: the file is not applied.
      const { rows } = await runner.database.query("SELECT 1 FROM pg_class WHERE relname IN ('users_n', 'users_email')");
      assert.deepEqual(rows, []);
    });

    it('leaves no prepared statement or session advisory lock of a traced file behind (a rollback keeps them), and traces a changed PREPARE again', async () => {
      const files = [
        { path: '1.sql', text: 'CREATE TABLE t (id int);' },
        { path: '2.sql', text: 'PREPARE x AS SELECT 1;\nSELECT pg_advisory_lock(7);\nALTER TABLE t ADD COLUMN y int;\nEXECUTE x;\n' },
      ];
      const trace = (text: string) => prove(runner, { files: [files[0], { ...files[1], text }], transaction: 'per-file', timeoutMs: 60_000 }, { kind: 'trace', path: '2.sql' });
      const left = async () => (await runner.database.query("SELECT (SELECT count(*) FROM pg_prepared_statements)::int AS prepared, (SELECT count(*) FROM pg_locks WHERE locktype = 'advisory')::int AS advisory")).rows;
      const res = await trace(files[1].text);
      assert.deepEqual(res.traces!.map((t) => [t.line, traceLabel(t)]), [
        [1, 'no locks on existing objects'], [2, 'no locks on existing objects'], [3, 'ACCESS EXCLUSIVE t'], [4, 'no locks on existing objects'],
      ]);
      assert.equal(res.traces![3].withEarlier, true, 'EXECUTE x needs the PREPARE above it');
      assert.deepEqual(await left(), [{ prepared: 0, advisory: 0 }]);
      const changed = await trace(files[1].text.replace('SELECT 1', 'SELECT 2'));
      assert.deepEqual(changed.traces!.map((t) => t.note), [undefined, undefined, undefined, undefined]); // was: Not traced: prepared statement "x" already exists
      assert.deepEqual(await left(), [{ prepared: 0, advisory: 0 }]);
    });

    it('traces a first file that creates an extension in a fresh worker: the extension is loaded for it', async () => {
      const fresh = new PreviewRunner(() => {}, { cacheDir });
      try {
        const files = [{ path: '1.sql', text: 'CREATE EXTENSION IF NOT EXISTS vector;\nCREATE TABLE items (id int, embedding vector(3));' }];
        const res = await prove(fresh, { files, transaction: 'per-file', timeoutMs: 60_000 }, { kind: 'trace', path: '1.sql' });
        assert.equal(res.ok, true, JSON.stringify(res.error));
        assert.deepEqual(res.traces!.map((t) => [t.line, traceLabel(t)]), [[1, 'no locks on existing objects'], [2, 'no locks on existing objects']]);
      } finally {
        await fresh.close();
      }
    });

    it('traces a statement that needs the earlier ones and rewrites a table that existed before: its rewrite, and the earlier ALTER named as held', async () => {
      const files = [
        { path: '1.sql', text: 'CREATE TABLE users (id int PRIMARY KEY, email text);' },
        { path: '2.sql', text: 'ALTER TABLE users ADD COLUMN n int;\nALTER TABLE users ALTER COLUMN n TYPE bigint;\nDROP TABLE users;\nSELECT 1;' },
      ];
      const res = await prove(runner, { files, transaction: 'per-file', timeoutMs: 60_000 }, { kind: 'trace', path: '2.sql' });
      assert.deepEqual(res.traces!.map((t) => [t.line, traceLabel(t), t.withEarlier ?? false, (t.held ?? []).map((l) => `${l.mode} ${l.relation}`)]), [
        [1, 'ACCESS EXCLUSIVE users', false, []],
        // Its own locks: SHARE on users and the index it rebuilds (its ACCESS EXCLUSIVE is held already).
        [2, 'SHARE users +1 · rewrite', true, ['ACCESS EXCLUSIVE users']],
        [3, 'ACCESS EXCLUSIVE users +1', false, []],
        [4, 'no locks on existing objects', false, []],
      ]);
      assert.deepEqual(res.traces![1].rebuiltIndexes, ['users_pkey']);
    });

    it('traces a file with DEALLOCATE ALL (it drops the query the trace prepared): the same traces', async () => {
      const files = [
        { path: '1.sql', text: 'CREATE TABLE users (id int PRIMARY KEY);' },
        { path: '2.sql', text: 'SELECT * FROM users;\nDEALLOCATE ALL;\nALTER TABLE users ADD COLUMN n int;' },
      ];
      const res = await prove(runner, { files, transaction: 'per-file', timeoutMs: 60_000 }, { kind: 'trace', path: '2.sql' });
      assert.equal(res.ok, true, res.error?.message);
      assert.deepEqual(res.traces!.map((t) => [t.line, traceLabel(t)]), [[1, 'ACCESS SHARE users +1'], [2, 'no locks on existing objects'], [3, 'ACCESS EXCLUSIVE users']]);
    });

    describe('reuse across edits (a keystroke re-traces only what it changed)', () => {
      const set = (last: string) => [
        { path: '1.sql', text: 'CREATE TABLE users (id int PRIMARY KEY, email text);\nCREATE TABLE notes (id int);' },
        { path: '2.sql', text: `ALTER TABLE users ADD COLUMN n int;\nCREATE INDEX users_n ON users (n);\nCREATE INDEX users_email ON users (email);\nSELECT * FROM notes;\n${last}` },
      ];
      const input = (last: string) => ({ files: set(last), transaction: 'per-file' as const, timeoutMs: 60_000 });
      /** The statements of 2.sql (`known`) that PGlite ran during `job`, a batch's each (statements.ts: execUnits joins them with `\n;\n`). */
      async function statementsRun(known: string[], job: () => Promise<unknown>): Promise<string[]> {
        const db = runner.database;
        const exec = db.exec.bind(db);
        const ran: string[] = [];
        const bare = (s: string) => s.trim().replace(/;$/, '');
        db.exec = (sql, opts) => {
          for (const part of sql.replace(/^SAVEPOINT lens_units;\n/, '').split('\n;\n')) if (known.some((k) => bare(k) === bare(part))) ran.push(bare(part));
          return exec(sql, opts);
        };
        try {
          await job();
        } finally {
          db.exec = exec;
        }
        return ran;
      }
      const freshTrace = async (last: string) => {
        const fresh = new PreviewRunner(() => {}, { cacheDir });
        try {
          return (await prove(fresh, input(last), { kind: 'trace', path: '2.sql' })).traces;
        } finally {
          await fresh.close();
        }
      };

      it('an added statement that runs alone: only it runs; the traces equal a fresh trace\'s', async () => {
        await prove(runner, input(''), { kind: 'trace', path: '2.sql' });
        let res: Awaited<ReturnType<typeof prove>> | undefined;
        const ran = await statementsRun(set('ALTER TABLE notes ADD COLUMN x int;')[1].text.split('\n'), async () => (res = await prove(runner, input('ALTER TABLE notes ADD COLUMN x int;'), { kind: 'trace', path: '2.sql' })));
        assert.deepEqual(ran, ['ALTER TABLE notes ADD COLUMN x int']);
        assert.deepEqual(res!.traces!.map((t) => traceLabel(t)), ['ACCESS EXCLUSIVE users', 'SHARE users', 'SHARE users', 'ACCESS SHARE notes', 'ACCESS EXCLUSIVE notes']);
        assert.deepEqual(res!.traces, await freshTrace('ALTER TABLE notes ADD COLUMN x int;'));
      });

      it('an added statement that needs the earlier ones: they run again, the earlier traces after them are kept; equal to a fresh trace', async () => {
        const last = 'ALTER TABLE notes ADD COLUMN x int;\nCREATE INDEX notes_x ON notes (x);';
        await prove(runner, input('ALTER TABLE notes ADD COLUMN x int;'), { kind: 'trace', path: '2.sql' });
        let res: Awaited<ReturnType<typeof prove>> | undefined;
        const ran = await statementsRun(set(last)[1].text.split('\n'), async () => (res = await prove(runner, input(last), { kind: 'trace', path: '2.sql' })));
        // Alone (it fails), then after the earlier statements, each run once.
        assert.deepEqual(ran.filter((s) => s.startsWith('CREATE INDEX notes_x')).length, 2);
        assert.deepEqual(ran.filter((s) => s.startsWith('ALTER TABLE users')).length, 1, 'the earlier statements ran again once');
        // users_n's trace after the ALTER is kept: it ran only as an earlier statement of notes_x.
        assert.deepEqual(ran.filter((s) => s.startsWith('CREATE INDEX users_n')).length, 1);
        assert.deepEqual(res!.traces!.map((t) => [traceLabel(t), t.withEarlier ?? false]), [
          ['ACCESS EXCLUSIVE users', false], ['SHARE users', true], ['SHARE users', false], ['ACCESS SHARE notes', false], ['ACCESS EXCLUSIVE notes', false], ['SHARE notes', true],
        ]);
        assert.deepEqual(res!.traces, await freshTrace(last));
      });

      it('a statement half typed (a syntax error): said at once, nothing else runs; equal to a fresh trace', async () => {
        const last = 'ALTER TABLE notes ADD COLUMN x int;\nALTER TABLE notes ADD CO';
        await prove(runner, input('ALTER TABLE notes ADD COLUMN x int;'), { kind: 'trace', path: '2.sql' });
        let res: Awaited<ReturnType<typeof prove>> | undefined;
        const ran = await statementsRun(set(last)[1].text.split('\n'), async () => (res = await prove(runner, input(last), { kind: 'trace', path: '2.sql' })));
        assert.deepEqual(ran, ['ALTER TABLE notes ADD CO']);
        assert.match(res!.traces![5].note!, /^Not traced: syntax error at end of input/);
        assert.deepEqual(res!.traces, await freshTrace(last));
      });
    });

    describe('function bodies, when earlier statements run again for a later one', () => {
      const trace = (text: string) => prove(runner, { files: [{ path: '1.sql', text: 'CREATE TABLE users (id int PRIMARY KEY);' }, { path: '2.sql', text }], transaction: 'per-file', timeoutMs: 60_000 }, { kind: 'trace', path: '2.sql' });
      const compiled = async () => (await runner.database.query<{ n: number }>("SELECT count(*)::int AS n FROM pg_backend_memory_contexts WHERE name = 'PL/pgSQL function'")).rows[0].n;

      it('are not compiled again: a compiled body stays in PGlite for the session, one per function per trace before', async () => {
        const functions = Array.from({ length: 5 }, (_, i) => `CREATE FUNCTION f${i}() RETURNS int LANGUAGE plpgsql AS $$ BEGIN RETURN ${i}; END $$;`);
        const file = (column: string) => ['CREATE TABLE items (id int);', ...functions, `ALTER TABLE items ADD COLUMN ${column} int;`].join('\n');
        const first = await trace(file('a'));
        assert.equal(first.traces!.at(-1)!.withEarlier, true, 'the ALTER needs the CREATE TABLE above it');
        const after = await compiled();
        for (const column of ['b', 'c', 'd']) assert.equal((await trace(file(column))).traces!.at(-1)!.withEarlier, true);
        assert.equal(await compiled(), after); // was: 15 more
      });

      it('are validated as the file says: a body PostgreSQL refuses is not created for the statements after it, unless the file turned the check off', async () => {
        const res = await trace([
          'CREATE TABLE items (id int);',
          'CREATE FUNCTION bad() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW END $$;',
          'CREATE TRIGGER t BEFORE INSERT ON items FOR EACH ROW EXECUTE FUNCTION bad();',
          'SET check_function_bodies = false;',
          'CREATE FUNCTION lax() RETURNS int LANGUAGE plpgsql AS $$ BEGIN RETURN 1 END $$;',
          'ALTER TABLE items ADD COLUMN a int;',
        ].join('\n'));
        assert.deepEqual(res.traces!.map((t) => [t.line, t.note?.replace(/\n[^]*/, '') ?? traceLabel(t), t.withEarlier ?? false]), [
          [1, 'no locks on existing objects', false],
          [2, 'Not traced: syntax error at end of input', false],
          [3, 'Not traced: function bad() does not exist', false],
          [4, 'no locks on existing objects', false],
          [5, 'no locks on existing objects', true],
          [6, 'no locks on existing objects', true],
        ]);
      });

      it('of SQL functions are validated as before: the tables a body reads stay locked for the statements after it', async () => {
        const res = await trace([
          'CREATE TABLE items (id int);',
          'CREATE FUNCTION users_count() RETURNS bigint LANGUAGE sql AS $$ SELECT count(*) FROM users $$;',
          'INSERT INTO items SELECT id FROM users;',
        ].join('\n'));
        const last = res.traces!.at(-1)!;
        assert.equal(last.withEarlier, true);
        // Its own: the index its plan reads; the table, held since the CREATE FUNCTION read it.
        assert.deepEqual([traceLabel(last), last.held], ['ACCESS SHARE users_pkey', [{ relation: 'users', kind: 'table', mode: 'ACCESS SHARE' }]]);
      });
    });

    it('says why it cannot trace when an earlier file fails', async () => {
      const files = [{ path: '1.sql', text: 'CREATE TABLE broken (id int REFERENCES nowhere);' }, { path: '2.sql', text: 'SELECT 1;' }];
      const res = await prove(runner, { files, transaction: 'per-file', timeoutMs: 60_000 }, { kind: 'trace', path: '2.sql' });
      assert.equal(res.ok, false);
      assert.equal(res.error?.path, '1.sql');
      assert.match(res.error!.message, /relation "nowhere" does not exist/);
    });
  });

  describe('schema comparison', () => {
    it('names every added, removed and changed object', async () => {
      const db = runner.database;
      await db.exec('SAVEPOINT cmp; CREATE TABLE cmp_t (a int, b text); CREATE INDEX cmp_i ON cmp_t (a)');
      const before = await introspectAll(db);
      await db.exec('ALTER TABLE cmp_t ALTER COLUMN a TYPE bigint; DROP INDEX cmp_i; ALTER TABLE cmp_t ADD COLUMN c int');
      const after = await introspectAll(db);
      await db.exec('ROLLBACK TO SAVEPOINT cmp; RELEASE SAVEPOINT cmp');
      assert.deepEqual(compareSchemas(before, after).map((c) => describeChange(c)), [
        'column public.cmp_t.a differs: was `a integer`, now `a bigint`',
        'column public.cmp_t.c added: `c integer`',
        'index public.cmp_i removed: `CREATE INDEX cmp_i ON public.cmp_t USING btree (a)`',
      ]);
      assert.deepEqual(compareSchemas(after, after), []);
    });
  });
});
