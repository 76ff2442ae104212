/**
 * The preview never drops a statement silently: a statement PGlite does not run (its parser out
 * of stack on a 10,000-term expression) and a PGlite that stops answering (an endless recursion)
 * are errors at the statement, and what they are is said.
 */
import * as assert from 'node:assert/strict';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PreviewRunner } from '../../../server/src/preview/runner';

const concat = (n: number) => Array(n).fill("'x'").join(' || ');

describe('preview: statements PGlite did not run', function () {
  this.timeout(180_000);
  // An open PGlite whose parser ran out of stack keeps Node's event loop alive: close each one.
  const runners: PreviewRunner[] = [];
  afterEach(async () => {
    for (const r of runners.splice(0)) await r.close();
  });

  it('reports a CREATE TABLE … AS of 10,000 terms at the statement; the statements after it are not applied', async () => {
    const runner = new PreviewRunner(undefined, { cacheDir: join(tmpdir(), 'migration-lens-test') });
    runners.push(runner);
    const text = `CREATE TABLE a (id int);\nCREATE TABLE c AS SELECT ${concat(10_000)} AS v;\nCREATE TABLE d (id int);\n`;
    const r = await runner.run({ files: [{ path: '001_deep.sql', text }], transaction: 'per-file', timeoutMs: 120_000 });
    assert.equal(r.ok, false);
    assert.equal(r.error?.line, 2);
    assert.match(r.error!.message, /PGlite did not run this statement and gave no error: it is nested too deeply/);
    assert.equal(r.files[0].status, 'failed');
    assert.deepEqual(r.schema.schemas.flatMap((s) => s.tables.map((t) => t.name)), [], 'the file was rolled back as a whole');
  });

  it('reports an endless recursion as what it is, not as COPY … PROGRAM', async () => {
    const runner = new PreviewRunner(undefined, { cacheDir: join(tmpdir(), 'migration-lens-test') });
    runners.push(runner);
    const text = 'CREATE FUNCTION f(n int) RETURNS int LANGUAGE plpgsql AS $$ BEGIN RETURN f(n + 1); END $$;\nSELECT f(1);\n';
    const r = await runner.run({ files: [{ path: '001_recurse.sql', text }], transaction: 'per-file', timeoutMs: 120_000 });
    assert.equal(r.ok, false);
    assert.equal(r.error?.line, 2);
    assert.match(r.error!.message, /stopped answering queries while this statement ran.*endless recursion/);
    assert.doesNotMatch(r.error!.message, /PROGRAM/);
  });
});
