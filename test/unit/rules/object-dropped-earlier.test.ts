import * as assert from 'node:assert/strict';
import { fileEvents } from '../../../server/src/navigation/events';
import { parseSql } from '../../../server/src/parse/parser';
import { expectDocsExamples, expectFires, expectQuiet } from './harness';

const ID = 'object-dropped-earlier';
const prior = (...texts: string[]) => ({ set: { priorFiles: () => texts.map((text, i) => ({ path: `/ws/migrations/000${i + 1}_x.sql`, text, events: fileEvents(parseSql(text)) })) } });

describe(ID, () => {
  it('follows its docs examples', () => expectDocsExamples(ID));
  it('fires on the name of a table dropped in an earlier file, pointing at the drop', () => {
    const sql = '-- ☕ café\nALTER TABLE "Notes" ADD COLUMN x int;';
    const [f] = expectFires(ID, sql, prior('CREATE TABLE "Notes" (id int);', 'DROP TABLE "Notes";'));
    assert.equal(sql.slice(f.start, f.end), '"Notes"');
    assert.deepEqual(f.related?.[0].range, { start: { line: 0, character: 11 }, end: { line: 0, character: 18 } });
    assert.equal(f.related?.[0].path, '/ws/migrations/0002_x.sql');
  });
  it('fires on a type and a function used after their drop', () => {
    expectFires(ID, "CREATE TYPE mood AS ENUM ('a');\nDROP TYPE mood;\nALTER TYPE mood ADD VALUE 'b';");
    expectFires(ID, 'CREATE TABLE t (id int);\nDROP TABLE t;\nINSERT INTO t (id) VALUES (1);');
  });
  it('is quiet when the object is created again, with IF EXISTS, in a DO block, or after dynamic SQL', () => {
    expectQuiet(ID, 'CREATE TABLE t (id int);\nDROP TABLE t;\nCREATE TABLE t (id int);\nALTER TABLE t ADD COLUMN x int;');
    expectQuiet(ID, 'CREATE TABLE t (id int);\nDROP TABLE t;\nDROP TABLE IF EXISTS t;\nALTER TABLE IF EXISTS t ADD COLUMN x int;');
    expectQuiet(ID, 'CREATE TABLE t (id int);\nDROP TABLE t;\nDO $$ BEGIN ALTER TABLE t ADD COLUMN x int; EXCEPTION WHEN undefined_table THEN NULL; END $$;');
    expectQuiet(ID, "CREATE TABLE t (id int);\nDROP TABLE t;\nDO $$ BEGIN EXECUTE 'CREATE TABLE ' || 't (id int)'; END $$;\nALTER TABLE t ADD COLUMN x int;");
    expectQuiet(ID, 'DROP TABLE IF EXISTS t;\nCREATE TABLE t (id int);');
  });
});

describe(`${ID}: temporary tables and rollbacks`, () => {
  it('is quiet after a temporary table of the same name is dropped, and after a ROLLBACK', () => {
    expectQuiet(ID, 'CREATE TEMP TABLE t (id int);\nDROP TABLE t;\nINSERT INTO t (id) VALUES (1);');
    expectQuiet(ID, 'BEGIN;\nCREATE TABLE t (id int);\nDROP TABLE t;\nROLLBACK;\nINSERT INTO t (id) VALUES (1);');
  });
});
