import * as assert from 'node:assert/strict';
import { RULES_BY_ID } from '../../../server/src/rules/index';
import { expectDocsExamples, expectFires, expectFixed, expectQuiet } from './harness';

const ID = 'create-index-without-if-not-exists';

describe(ID, () => {
  it('follows its docs examples', () => expectDocsExamples(ID));
  it('warns in its docs that IF NOT EXISTS hides an invalid concurrent index', () => {
    const docs = RULES_BY_ID.get(ID)!.docs;
    assert.match(docs.instead, /CONCURRENTLY/);
    assert.match(docs.instead, /indisvalid/);
  });
  it('fires on plain, unique and concurrent indexes', () => {
    expectFires(ID, 'CREATE INDEX i ON t (a);');
    expectFires(ID, 'create unique index i on t (a);');
    const [f] = expectFires(ID, 'CREATE INDEX CONCURRENTLY i ON t (a);');
    assert.match(f.message, /indisvalid/);
  });
  it('still fires when the table was created earlier in the file (the second run fails)', () => {
    expectFires(ID, 'CREATE TABLE IF NOT EXISTS t (a int);\nCREATE INDEX i ON t (a);');
  });
  it('fires on an unnamed index without offering a fix (IF NOT EXISTS needs a name)', () => {
    const [f] = expectFires(ID, 'CREATE INDEX ON t (a);');
    assert.match(f.message, /unnamed/);
    assert.deepEqual(f.fixes, []);
  });
  it('is quiet with IF NOT EXISTS, after a DROP of the index or its table, and in a guarded DO block', () => {
    expectQuiet(ID, 'CREATE INDEX IF NOT EXISTS i ON t (a);');
    expectQuiet(ID, 'DROP INDEX IF EXISTS i;\nCREATE INDEX i ON t (a);');
    expectQuiet(ID, 'DROP TABLE IF EXISTS t;\nCREATE TABLE t (a int);\nCREATE INDEX i ON t (a);');
    expectQuiet(ID, "DO $$ BEGIN IF to_regclass('i') IS NULL THEN CREATE INDEX i ON t (a); END IF; END $$;");
  });
  it('does not take a DROP of another index as a guard', () => {
    expectFires(ID, 'DROP INDEX IF EXISTS other;\nCREATE INDEX i ON t (a);');
  });
  it('fixes by inserting IF NOT EXISTS after UNIQUE / CONCURRENTLY', () => {
    assert.equal(expectFixed(ID, 'CREATE UNIQUE INDEX CONCURRENTLY i ON t (a);'), 'CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS i ON t (a);');
    assert.equal(expectFixed(ID, 'create index i on t (a);'), 'create index IF NOT EXISTS i on t (a);');
  });
});
