import * as assert from 'node:assert/strict';
import { fileEvents } from '../../../server/src/navigation/events';
import { parseSql } from '../../../server/src/parse/parser';
import { expectDocsExamples, expectFires, expectQuiet } from './harness';

const ID = 'column-added-twice';
const prior = (...texts: string[]) => ({ set: { priorFiles: () => texts.map((text, i) => ({ path: `/ws/migrations/000${i + 1}_x.sql`, text, events: fileEvents(parseSql(text)) })) } });

describe(ID, () => {
  it('follows its docs examples', () => expectDocsExamples(ID));
  it('fires on the second ADD COLUMN, across files, pointing at the first', () => {
    const sql = '-- ✓ branch b\nALTER TABLE users ADD COLUMN "näme" text;';
    const [f] = expectFires(ID, sql, prior('CREATE TABLE users (id int);', 'ALTER TABLE users ADD COLUMN "näme" text;'));
    assert.equal(sql.slice(f.start, f.end), '"näme"');
    assert.match(f.message, /added in migrations\/0002_x\.sql:1/);
    assert.deepEqual(f.related?.[0].range, { start: { line: 0, character: 29 }, end: { line: 0, character: 35 } });
  });
  it('is quiet with IF NOT EXISTS, after a drop or a rename, and in a DO block', () => {
    expectQuiet(ID, 'CREATE TABLE t (a int);\nALTER TABLE t ADD COLUMN IF NOT EXISTS a int;');
    expectQuiet(ID, 'CREATE TABLE t (a int);\nALTER TABLE t DROP COLUMN a;\nALTER TABLE t ADD COLUMN a bigint;');
    expectQuiet(ID, 'CREATE TABLE t (a int);\nALTER TABLE t RENAME COLUMN a TO b;\nALTER TABLE t ADD COLUMN a bigint;');
    expectQuiet(ID, 'CREATE TABLE t (a int);\nDO $$ BEGIN ALTER TABLE t ADD COLUMN a int; EXCEPTION WHEN duplicate_column THEN NULL; END $$;');
    expectQuiet(ID, 'DROP TABLE IF EXISTS t;\nCREATE TABLE t (a int);', prior('CREATE TABLE t (a int);'));
  });
});

describe(`${ID}: files the runner never applies`, () => {
  it('is quiet in an orphan (Dokploy: 0130_abandoned_dagger.sql, left out of the journal, adds a column a later migration added)', () => {
    const sql = 'ALTER TABLE "domain" ADD COLUMN "customEntrypoint" text;';
    const earlier = prior('CREATE TABLE "domain" ("domainId" text PRIMARY KEY);', sql);
    expectFires(ID, sql, earlier);
    expectQuiet(ID, sql, { set: { ...earlier.set, unapplied: true } });
  });
});

describe(`${ID}: rollbacks`, () => {
  it('is quiet after a ROLLBACK (which undid the first add)', () => {
    expectQuiet(ID, 'BEGIN;\nCREATE TABLE t (a int);\nROLLBACK;\nCREATE TABLE t (a int);');
    expectQuiet(ID, 'CREATE TABLE t (a int);\nSAVEPOINT s;\nALTER TABLE t ADD COLUMN b int;\nROLLBACK TO SAVEPOINT s;\nALTER TABLE t ADD COLUMN b int;');
  });
});
