import * as assert from 'node:assert/strict';
import { defaultConfig } from '../../../server/src/config';
import { expectDocsExamples, expectFires, expectFixed, expectQuiet } from './harness';

const ID = 'reindex-not-concurrently';
const NO_TX = { path: 'db/004_reindex.sql' };

describe(ID, () => {
  it('follows its docs examples', () => expectDocsExamples(ID));
  it('fires on REINDEX of an index, a table, a schema', () => {
    expectFires(ID, 'REINDEX TABLE users;');
    expectFires(ID, 'REINDEX (VERBOSE) INDEX users_email_idx;');
    expectFires(ID, 'REINDEX SCHEMA public;');
  });
  it('is quiet with CONCURRENTLY (either spelling), for SYSTEM and for a table created in the file', () => {
    expectQuiet(ID, 'REINDEX TABLE CONCURRENTLY users;');
    expectQuiet(ID, 'REINDEX (CONCURRENTLY) TABLE users;');
    expectQuiet(ID, 'REINDEX SYSTEM;');
    expectQuiet(ID, 'CREATE TABLE t (id int);\nREINDEX TABLE t;');
  });
  it('fixes by adding CONCURRENTLY after the object kind', () => {
    assert.equal(expectFixed(ID, 'REINDEX (VERBOSE) INDEX users_email_idx;', NO_TX), 'REINDEX (VERBOSE) INDEX CONCURRENTLY users_email_idx;');
  });
  it('offers no CONCURRENTLY before PostgreSQL 12', () => {
    const config = { ...defaultConfig(), postgresVersion: 11 };
    const [f] = expectFires(ID, 'REINDEX TABLE users;', { ...NO_TX, config });
    assert.equal(f.fixes.length, 0);
    assert.match(f.message, /Before PostgreSQL 12/);
  });
});
