import * as assert from 'node:assert/strict';
import { expectDocsExamples, expectFires, expectFixed, expectQuiet } from './harness';

const ID = 'create-table-without-if-not-exists';

describe(ID, () => {
  it('follows its docs examples', () => expectDocsExamples(ID));
  it('fires on plain, temporary and unlogged tables', () => {
    expectFires(ID, 'CREATE TABLE t (id int);');
    expectFires(ID, 'CREATE UNLOGGED TABLE t (id int);');
    expectFires(ID, 'create temporary table t (id int);');
  });
  it('is quiet with IF NOT EXISTS and inside a guarded DO block', () => {
    expectQuiet(ID, 'CREATE TABLE IF NOT EXISTS t (id int);');
    expectQuiet(ID, "DO $$ BEGIN IF to_regclass('t') IS NULL THEN CREATE TABLE t (id int); END IF; END $$;");
    expectQuiet(ID, 'DO $$ BEGIN CREATE TABLE t (id int); EXCEPTION WHEN duplicate_table THEN NULL; END $$;');
  });
  it('fires inside an unguarded DO block', () => {
    expectFires(ID, 'DO $$ BEGIN CREATE TABLE t (id int); END $$;');
  });
  it('fixes by inserting IF NOT EXISTS', () => {
    assert.equal(expectFixed(ID, 'create unlogged table t (id int);'), 'create unlogged table IF NOT EXISTS t (id int);');
  });
  it('is a warning where files are re-run, off elsewhere', () => {
    assert.equal(expectFires(ID, 'CREATE TABLE t (id int);', { path: 'db/init/01_schema.sql' })[0].severity, 'warning');
    expectQuiet(ID, 'CREATE TABLE t (id int);', { path: 'migrations/20240101000000_x/migration.sql' });
    const claimed = '-- Safe to re-run: uses IF NOT EXISTS guards\nCREATE TABLE t (id int);';
    assert.equal(expectFires(ID, claimed, { path: 'migrations/20240101000000_x/migration.sql' })[0].severity, 'warning');
  });
});
