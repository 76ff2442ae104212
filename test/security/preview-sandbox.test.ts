/**
 * The preview runs whatever a migration says, so a migration must not reach the host through it:
 * reads of host files, writes to them, programs, network connections. Each attempt is refused or
 * fails, leaves nothing on disk, leaks nothing into the result, and opens no connection.
 */
import * as assert from 'node:assert/strict';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { PreviewSession, runPreview } from '../../server/src/preview/host';
import type { PreviewResult } from '../../server/src/preview/types';

const PASSWD = '/etc/passwd';
const tag = `lens-sec-${process.pid}-${Date.now()}`;
const target = (what: string) => path.join(tmpdir(), `${tag}-${what}`);
/** Names a table after what was read: if a read succeeded, the schema tree would show it. */
const leakAsTable = (expr: string) => `DO $$ BEGIN EXECUTE format('CREATE TABLE %I ()', left(${expr}, 40)); END $$;`;

interface Attack {
  name: string;
  sql: string;
  /** Host files that must not exist afterwards. */
  writes?: string[];
}

const ATTACKS: Attack[] = [
  { name: 'COPY FROM a host file', sql: `CREATE TABLE t (line text);\nCOPY t FROM '${PASSWD}';\n${leakAsTable(`(SELECT string_agg(line, ',') FROM t)`)}` },
  { name: 'pg_read_file', sql: leakAsTable(`pg_read_file('${PASSWD}')`) },
  { name: 'pg_read_file with a relative path', sql: leakAsTable(`pg_read_file('../../../../../../../..${PASSWD}')`) },
  { name: 'pg_read_binary_file', sql: leakAsTable(`encode(pg_read_binary_file('${PASSWD}'), 'escape')`) },
  { name: 'lo_import', sql: leakAsTable(`convert_from(lo_get(lo_import('${PASSWD}')), 'UTF8')`) },
  { name: 'COPY TO a host file', sql: `CREATE TABLE t AS SELECT 'written' AS c;\nCOPY t TO '${target('copy')}';`, writes: [target('copy')] },
  { name: 'COPY (query) TO a host file', sql: `COPY (SELECT 'written') TO '${target('copy-query')}';`, writes: [target('copy-query')] },
  { name: 'lo_export', sql: `SELECT lo_export(lo_from_bytea(0, 'written'), '${target('lo')}');`, writes: [target('lo')] },
  { name: 'COPY FROM PROGRAM', sql: `CREATE TABLE t (c text);\nCOPY t FROM PROGRAM 'touch ${target('program-from')}';`, writes: [target('program-from')] },
  { name: 'COPY TO PROGRAM', sql: `CREATE TABLE t (c text);\nCOPY t TO PROGRAM 'touch ${target('program-to')}';`, writes: [target('program-to')] },
  { name: 'COPY FROM STDIN (would wait for a client forever)', sql: `CREATE TABLE t (c text);\nCOPY t FROM STDIN;` },
];

const refused = (r: PreviewResult) => !r.ok || r.notes.length > 0;

describe('security: the preview cannot reach the host', function () {
  this.timeout(60_000);
  const passwdLines = readFileSync(PASSWD, 'utf8').split('\n').filter((l) => l.length > 8);
  let session: PreviewSession;

  before(() => (session = new PreviewSession({ cacheDir: null })));
  after(async () => {
    await session?.dispose();
    for (const a of ATTACKS) for (const f of a.writes ?? []) rmSync(f, { force: true });
  });

  const assertNoLeak = (r: PreviewResult, name: string) => {
    const json = JSON.stringify(r);
    for (const line of passwdLines) assert.ok(!json.includes(line.slice(0, 12)), `${name}: a line of ${PASSWD} appears in the result`);
  };

  for (const attack of ATTACKS) {
    it(`refuses ${attack.name}`, async () => {
      const r = await session.run({ files: [{ path: '001_attack.sql', text: attack.sql }], transaction: 'per-file', timeoutMs: 20_000 });
      assert.ok(!r.error?.timedOut, `${attack.name}: ran into the time limit`);
      assert.ok(refused(r), `${attack.name}: ran without an error or a note: ${JSON.stringify(r.files)}`);
      assertNoLeak(r, attack.name);
      for (const f of attack.writes ?? []) assert.ok(!existsSync(f), `${attack.name} wrote ${f} on the host`);
    });
  }

  describe('network', () => {
    let server: Server;
    let connections = 0;
    let port = 0;

    before(async () => {
      server = createServer((socket) => {
        connections++;
        socket.destroy();
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      port = (server.address() as { port: number }).port;
    });
    after(() => new Promise<void>((resolve) => server.close(() => resolve())));

    const conninfo = () => `host=127.0.0.1 port=${port} dbname=x user=x`;
    const NETWORK = () => [
      { name: 'CREATE EXTENSION dblink + dblink_connect', sql: `CREATE EXTENSION IF NOT EXISTS dblink;\nSELECT dblink_connect('${conninfo()}');` },
      {
        name: 'postgres_fdw foreign server',
        sql: `CREATE EXTENSION IF NOT EXISTS postgres_fdw;\nCREATE SERVER remote FOREIGN DATA WRAPPER postgres_fdw OPTIONS (host '127.0.0.1', port '${port}', dbname 'x');\nCREATE USER MAPPING FOR CURRENT_USER SERVER remote;\nIMPORT FOREIGN SCHEMA public FROM SERVER remote INTO public;`,
      },
    ];

    it('refuses dblink and postgres_fdw, and opens no connection', async () => {
      for (const attack of NETWORK()) {
        const r = await session.run({ files: [{ path: '001_attack.sql', text: attack.sql }], transaction: 'per-file', timeoutMs: 20_000 });
        assert.ok(!r.ok, `${attack.name}: applied`);
        assert.ok(r.notes.some((n) => n.severity === 'warning' && /PGlite has no/.test(n.message)), `${attack.name}: the extension is named as missing: ${JSON.stringify(r.notes)}`);
      }
      assert.equal(connections, 0, 'a connection reached the listener');
    });
  });
});

describe('security: COPY PROGRAM hidden in dynamic SQL', function () {
  this.timeout(60_000);
  const file = target('program-dynamic');
  after(() => rmSync(file, { force: true }));

  const previewOf = (sql: string) =>
    runPreview({ files: [{ path: '001_attack.sql', text: sql }], transaction: 'per-file', timeoutMs: 20_000 }, { cacheDir: null });

  it('a literal EXECUTE in a DO block: the block is skipped with a warning note, no program runs', async () => {
    const r = await previewOf(`CREATE TABLE t (c text);\nDO $$ BEGIN EXECUTE 'COPY t FROM PROGRAM ''touch ${file}'''; END $$;\nCREATE TABLE after_it (id int);`);
    assert.ok(r.ok, r.error?.message);
    assert.ok(r.notes.some((n) => n.severity === 'warning' && n.line === 2 && /runs COPY … PROGRAM/.test(n.message)), JSON.stringify(r.notes));
    assert.deepEqual(r.schema.schemas[0]?.tables.map((t) => t.name), ['after_it', 't']);
    assert.ok(!existsSync(file), 'the program ran on the host');
  });

  it('built at run time in a function: no program runs, and the preview says PGlite stopped answering', async () => {
    const r = await previewOf(
      `CREATE TABLE t (c text);\nCREATE FUNCTION f() RETURNS void LANGUAGE plpgsql AS $$ BEGIN EXECUTE 'COPY t FROM PROG' || 'RAM ''touch ${file}'''; END $$;\nSELECT f();`,
    );
    assert.equal(r.ok, false);
    // Said at the statement that was running (it was said at the file's first statement).
    assert.match(r.error?.message ?? '', /PGlite stopped answering queries while this statement ran.*COPY … PROGRAM/);
    assert.equal(r.error?.path, '001_attack.sql');
    assert.equal(r.error?.line, 3);
    assert.ok(!existsSync(file), 'the program ran on the host');
  });
});
