/**
 * The live connection against a real PostgreSQL 15: every write is refused, whatever the SQL
 * tries; and each way of failing to connect gets its own clear message.
 */
import { strict as assert } from 'node:assert';
import { createServer } from 'node:net';
import { connectReadOnly, LiveError, parseDotEnv, redactUrl, resolveDatabaseUrl, type LiveDb } from '../../../server/src/live/connection';
import { nativeUnavailable, removeTrees, skipEachWithoutPostgres, startLivePg, writeTree, type LivePg } from './live-pg';

const unavailable = nativeUnavailable();

async function refusal(p: Promise<unknown>): Promise<LiveError> {
  try {
    await p;
  } catch (e) {
    assert.ok(e instanceof LiveError, `a LiveError, got ${String(e)}`);
    return e;
  }
  assert.fail('expected the promise to be refused');
}

describe('live connection on a real PostgreSQL', function () {
  let pg: LivePg | undefined;
  let url = '';
  before(async function () {
    this.timeout(90_000);
    if (unavailable) return;
    pg = await startLivePg({ passwordUsers: ['lens_pw'] });
    url = await pg.database(`CREATE TABLE t (id int PRIMARY KEY, email text); INSERT INTO t VALUES (1, 'a');
      CREATE SEQUENCE s; CREATE ROLE lens_pw LOGIN PASSWORD 'right';`);
  });
  skipEachWithoutPostgres(unavailable);
  after(async function () {
    this.timeout(30_000);
    await pg?.stop();
    removeTrees();
  });

  describe('any write through the connection is refused', () => {
    let db: LiveDb;
    before(async function () {
      this.timeout(20_000);
      if (!unavailable) db = await connectReadOnly(url);
    });
    after(async () => db?.close());

    const writes = [
      'CREATE TABLE x (a int)',
      "INSERT INTO t VALUES (2, 'b')",
      "UPDATE t SET email = 'z'",
      'DELETE FROM t',
      'TRUNCATE t',
      'ALTER TABLE t ADD COLUMN c int',
      'DROP TABLE t',
      "SELECT nextval('s')",
      'CREATE INDEX ON t (email)',
      'WITH d AS (DELETE FROM t RETURNING *) SELECT * FROM d',
      'VACUUM t',
    ];
    for (const sql of writes) {
      it(`refuses: ${sql}`, async function () {
        this.timeout(10_000);
        const e = await refusal(db.query(sql));
        assert.ok(['read-only', 'query'].includes(e.kind), e.message);
        assert.match(e.message, /read-only transaction|cannot run inside a transaction block/);
      });
    }

    it('refuses a write smuggled after COMMIT or after turning read-only off', async function () {
      this.timeout(10_000);
      // The extended protocol takes one statement: COMMIT cannot end the read-only transaction mid-string.
      const e = await refusal(db.query('COMMIT; CREATE TABLE y (a int)'));
      assert.match(e.message, /cannot insert multiple commands into a prepared statement/);
      // Turning the default off inside the transaction is rolled back with it; the next query is read-only again.
      await db.query("SELECT set_config('default_transaction_read_only', 'off', false)");
      await refusal(db.query('CREATE TABLE z (a int)'));
      await db.query('SET TRANSACTION READ WRITE').catch(() => undefined);
      await refusal(db.query('CREATE TABLE z (a int)'));
      const admin = await pg!.admin(url);
      const rows = (await admin.query(`SELECT count(*)::int AS n FROM pg_class WHERE relname IN ('x', 'y', 'z')`)).rows;
      assert.equal(rows[0].n, 0);
      assert.deepEqual((await admin.query('SELECT id, email FROM t')).rows, [{ id: 1, email: 'a' }]);
    });

    it('reads: the session is read-only with short timeouts', async function () {
      this.timeout(10_000);
      const [r] = await db.query<{ ro: string; st: string; lt: string }>(
        `SELECT current_setting('default_transaction_read_only') AS ro, current_setting('statement_timeout') AS st, current_setting('lock_timeout') AS lt`);
      assert.deepEqual(r, { ro: 'on', st: '5s', lt: '1s' });
      assert.ok(db.serverVersion >= 150000 && db.serverVersion < 160000, String(db.serverVersion));
    });

    it('a query running past the statement timeout is cancelled with a clear message', async function () {
      this.timeout(20_000);
      const short = await connectReadOnly(url, { statementTimeoutMs: 200 });
      try {
        const e = await refusal(short.query('SELECT pg_sleep(3)'));
        assert.equal(e.kind, 'timeout');
        assert.match(e.message, /statement timeout/);
      } finally {
        await short.close();
      }
    });
  });

  it('connection refused: nothing listens on the port', async function () {
    this.timeout(20_000);
    const port = await closedPort();
    const e = await refusal(connectReadOnly(`postgres://me:secret@127.0.0.1:${port}/app`));
    assert.equal(e.kind, 'refused');
    assert.equal(e.message, `me@127.0.0.1:${port}/app: connection refused (is PostgreSQL running and listening on that host and port?)`);
    assert.doesNotMatch(e.message, /secret/);
  });

  it('bad password: said so, without the password', async function () {
    this.timeout(20_000);
    const e = await refusal(connectReadOnly(pg!.server.url(new URL(url).pathname.slice(1), 'lens_pw', 'wrong')));
    assert.equal(e.kind, 'auth');
    assert.match(e.message, /^lens_pw@127\.0\.0\.1:\d+\/live_\d+_\d+: password authentication failed \(check the user and password in the URL\)$/);
    // The right one connects.
    const ok = await connectReadOnly(pg!.server.url(new URL(url).pathname.slice(1), 'lens_pw', 'right'));
    await ok.close();
  });

  it('a database that does not exist, a host that does not resolve, a URL that is not one', async function () {
    this.timeout(30_000);
    const e = await refusal(connectReadOnly(pg!.server.url('nope')));
    assert.equal(e.kind, 'no-database');
    assert.match(e.message, /database "nope" does not exist/);
    const host = await refusal(connectReadOnly('postgres://u@no-such-host.invalid:5432/app'));
    assert.equal(host.kind, 'unreachable');
    assert.match(host.message, /host not found/);
    const bad = await refusal(connectReadOnly('mysql://u:p@localhost/app'));
    assert.equal(bad.kind, 'bad-url');
    assert.match(bad.message, /not a PostgreSQL URL: mysql:\/\/u:\*\*\*@localhost\/app/);
  });

  it('TLS as the URL says: sslmode=require against a server without TLS is a TLS error', async function () {
    this.timeout(20_000);
    const e = await refusal(connectReadOnly(`${url}?sslmode=require`));
    assert.equal(e.kind, 'tls');
    assert.match(e.message, /does not support SSL/);
  });
});

describe('database URL resolution', () => {
  after(() => removeTrees());

  it('--db, then DATABASE_URL, then DATABASE_URL in a .env file of the first folder that has one', () => {
    const dir = writeTree({ 'a/.env': '# local\nOTHER=1\nexport DATABASE_URL="postgres://x@h/db" # dev\n', 'b/.env': 'DATABASE_URL=postgres://y@h/db\n' });
    assert.deepEqual(resolveDatabaseUrl({ db: 'postgres://cli@h/db', env: { DATABASE_URL: 'postgres://env@h/db' } }), { url: 'postgres://cli@h/db', source: '--db' });
    assert.deepEqual(resolveDatabaseUrl({ env: { DATABASE_URL: 'postgres://env@h/db' }, dirs: [`${dir}/a`] }), { url: 'postgres://env@h/db', source: 'DATABASE_URL' });
    assert.deepEqual(resolveDatabaseUrl({ env: {}, dirs: [`${dir}/none`, `${dir}/a`, `${dir}/b`] }), { url: 'postgres://x@h/db', source: '.env', file: `${dir}/a/.env` });
    assert.equal(resolveDatabaseUrl({ env: {}, dirs: [`${dir}/none`] }), undefined);
  });

  it('.env values: quotes, export, comments', () => {
    assert.deepEqual(parseDotEnv("A=1\nexport B='two words'\nC=x # note\n#D=no\nE=\"a#b\"\n"), { A: '1', B: 'two words', C: 'x', E: 'a#b' });
  });

  it('redacts the password of a URL', () => {
    assert.equal(redactUrl('postgres://me:s3cret@db.example.com:5432/app?sslmode=require'), 'postgres://me:***@db.example.com:5432/app?sslmode=require');
  });
});

function closedPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const a = srv.address();
      srv.close(() => (typeof a === 'object' && a ? resolve(a.port) : reject(new Error('no port'))));
    });
  });
}
