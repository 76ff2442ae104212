import { strict as assert } from 'node:assert';
import { planFile } from '../../../server/src/preview/plan';
import { codePointToUtf16, lineColumn } from '../../../server/src/parse/positions';
import { availableExtensions, extensionOptions } from '../../../server/src/preview/extensions';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

describe('preview plan', () => {
  it('blanks CONCURRENTLY with spaces so that every position still matches the file', () => {
    const text = 'CREATE INDEX CONCURRENTLY IF NOT EXISTS i ON t (a);\nDROP INDEX concurrently j;';
    const plan = planFile('f.sql', text);
    assert.equal(plan.outsideTransaction, true);
    const [create, drop] = plan.units;
    assert.equal(create.sql, 'CREATE INDEX              IF NOT EXISTS i ON t (a)');
    assert.equal(create.sql.length, create.end - create.start);
    assert.equal(drop.sql, 'DROP INDEX              j');
  });

  it('recognises a file that manages its own transaction', () => {
    const plan = planFile('f.sql', 'BEGIN;\nCREATE TABLE a (id int);\nCOMMIT;');
    assert.equal(plan.ownTransactions, true);
    assert.deepEqual(plan.units.map((u) => u.kind), ['begin', 'sql', 'commit']);
    assert.equal(planFile('g.sql', 'SAVEPOINT s; CREATE TABLE a (id int);').ownTransactions, false);
  });

  it('skips VACUUM (not ANALYZE) and flags an extension PGlite lacks as severe', () => {
    const plan = planFile('f.sql', 'VACUUM t;\nANALYZE t;\nCREATE EXTENSION postgis;\nCREATE EXTENSION pgcrypto;');
    assert.deepEqual(plan.units.map((u) => [u.kind, !!u.severe]), [['skip', false], ['sql', false], ['skip', true], ['sql', false]]);
    assert.match(plan.units[2].why ?? '', /PGlite has no postgis; the preview cannot load it/);
  });

  it('keeps a statement the parser rejects, so that PostgreSQL reports it in order', () => {
    const plan = planFile('f.sql', 'CREATE TABLE a (id int);\nCREATE TABEL b (id int);\nCREATE TABLE c (id int);');
    assert.deepEqual(plan.units.map((u) => u.sql.slice(0, 12)), ['CREATE TABLE', 'CREATE TABEL', 'CREATE TABLE']);
  });

  it('marks ALTER TYPE … ADD VALUE', () => {
    assert.equal(planFile('f.sql', "ALTER TYPE mood ADD VALUE 'x';").units[0].addsEnumValue, true);
  });
});

describe('preview positions', () => {
  it('counts PostgreSQL positions in characters, not bytes or UTF-16 units', () => {
    const text = "x;\nSELECT '🍣é北' AS a, prix";
    const start = 3;
    // 'prix' is character 20 of the statement: the emoji is one character but two UTF-16 units (and 4 bytes).
    assert.equal(codePointToUtf16(text, 20 - 1, start, text.length), text.indexOf('prix'));
    assert.deepEqual(lineColumn(text, text.indexOf('prix')), { line: 2, column: text.indexOf('prix') - 3 + 1 });
  });
});

describe('preview extensions', () => {
  it('lists what PGlite 0.5.14 ships and finds every tarball', async () => {
    for (const name of ['pgcrypto', 'pg_trgm', 'uuid-ossp', 'citext', 'hstore', 'ltree', 'btree_gist', 'btree_gin', 'cube', 'earthdistance', 'fuzzystrmatch', 'unaccent', 'vector', 'moddatetime']) {
      assert.ok(availableExtensions().includes(name), name);
    }
    for (const ext of Object.values(extensionOptions(availableExtensions()))) {
      const { bundlePath } = await ext.setup({} as never, {});
      assert.ok(bundlePath && existsSync(fileURLToPath(bundlePath)), String(bundlePath));
    }
  });

  it('loads cube with earthdistance, which needs it', () => {
    assert.deepEqual(Object.keys(extensionOptions(['earthdistance'])).sort(), ['cube', 'earthdistance']);
  });
});
