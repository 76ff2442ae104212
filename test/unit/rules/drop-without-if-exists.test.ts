import * as assert from 'node:assert/strict';
import { expectDocsExamples, expectFires, expectFixed, expectQuiet } from './harness';

const ID = 'drop-without-if-exists';

describe(ID, () => {
  it('follows its docs examples', () => expectDocsExamples(ID));
  it('fixes every DROP object kind by inserting IF EXISTS after its keywords', () => {
    const cases: [string, string][] = [
      ['DROP TABLE a, b CASCADE;', 'DROP TABLE IF EXISTS a, b CASCADE;'],
      ['DROP INDEX CONCURRENTLY i;', 'DROP INDEX CONCURRENTLY IF EXISTS i;'],
      ['drop materialized view m;', 'drop materialized view IF EXISTS m;'],
      ['DROP VIEW v;', 'DROP VIEW IF EXISTS v;'],
      ['DROP SEQUENCE s;', 'DROP SEQUENCE IF EXISTS s;'],
      ['DROP SCHEMA s CASCADE;', 'DROP SCHEMA IF EXISTS s CASCADE;'],
      ['DROP EXTENSION e;', 'DROP EXTENSION IF EXISTS e;'],
      ['DROP TYPE mood;', 'DROP TYPE IF EXISTS mood;'],
      ['DROP DOMAIN d;', 'DROP DOMAIN IF EXISTS d;'],
      ['DROP FUNCTION f(int);', 'DROP FUNCTION IF EXISTS f(int);'],
      ['DROP PROCEDURE p;', 'DROP PROCEDURE IF EXISTS p;'],
      ['DROP TRIGGER tr ON t;', 'DROP TRIGGER IF EXISTS tr ON t;'],
      ['DROP POLICY p ON t;', 'DROP POLICY IF EXISTS p ON t;'],
      ['DROP RULE r ON t;', 'DROP RULE IF EXISTS r ON t;'],
      ['DROP FOREIGN TABLE f;', 'DROP FOREIGN TABLE IF EXISTS f;'],
      ['DROP OPERATOR CLASS c USING btree;', 'DROP OPERATOR CLASS IF EXISTS c USING btree;'],
      ['DROP TEXT SEARCH CONFIGURATION c;', 'DROP TEXT SEARCH CONFIGURATION IF EXISTS c;'],
      ['DROP EVENT TRIGGER e;', 'DROP EVENT TRIGGER IF EXISTS e;'],
      ['DROP CAST (int AS text);', 'DROP CAST IF EXISTS (int AS text);'],
      ['DROP ROLE r;', 'DROP ROLE IF EXISTS r;'],
      ['DROP USER MAPPING FOR bob SERVER s;', 'DROP USER MAPPING IF EXISTS FOR bob SERVER s;'],
      ['DROP DATABASE d;', 'DROP DATABASE IF EXISTS d;'],
      ['DROP PUBLICATION p;', 'DROP PUBLICATION IF EXISTS p;'],
    ];
    for (const [bad, good] of cases) assert.equal(expectFixed(ID, bad), good);
  });
  it('fixes ALTER TABLE DROP COLUMN / CONSTRAINT at the right subcommand', () => {
    assert.equal(expectFixed(ID, 'ALTER TABLE t ADD COLUMN IF NOT EXISTS a int, DROP CONSTRAINT c;'), 'ALTER TABLE t ADD COLUMN IF NOT EXISTS a int, DROP CONSTRAINT IF EXISTS c;');
    const sql = 'ALTER TABLE s.t ADD COLUMN IF NOT EXISTS x int, DROP b, DROP CONSTRAINT c;';
    const found = expectFires(ID, sql);
    assert.deepEqual(found.map((f) => sql.slice(f.start, f.end)), ['DROP b', 'DROP CONSTRAINT c']);
    assert.equal(expectFixed(ID, 'ALTER TABLE t DROP b;'), 'ALTER TABLE t DROP IF EXISTS b;');
    assert.equal(expectFixed(ID, 'ALTER TYPE pair DROP ATTRIBUTE b;'), 'ALTER TYPE pair DROP ATTRIBUTE IF EXISTS b;');
  });
  it('is quiet with IF EXISTS', () => {
    expectQuiet(ID, 'DROP TABLE IF EXISTS t;');
    expectQuiet(ID, 'DROP TRIGGER IF EXISTS tr ON t;');
    expectQuiet(ID, 'ALTER TABLE t DROP COLUMN IF EXISTS a, DROP CONSTRAINT IF EXISTS c;');
  });
  it('is quiet when the file creates the object first (each run recreates it), but not for a table that merely exists', () => {
    expectQuiet(ID, 'CREATE TABLE IF NOT EXISTS staging (id int);\nDROP TABLE staging;');
    expectQuiet(ID, 'ALTER TABLE t ADD COLUMN IF NOT EXISTS tmp int;\nALTER TABLE t DROP COLUMN tmp;');
    expectFires(ID, 'CREATE TABLE IF NOT EXISTS t (a int, b int);\nALTER TABLE t DROP COLUMN b;');
    expectFires(ID, 'DROP TABLE staging;\nCREATE TABLE IF NOT EXISTS staging (id int);');
  });
});
