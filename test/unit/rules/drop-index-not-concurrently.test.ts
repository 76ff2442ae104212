import * as assert from 'node:assert/strict';
import { expectDocsExamples, expectFires, expectFixed, expectQuiet } from './harness';

const ID = 'drop-index-not-concurrently';
const NO_TX = { path: 'db/002_drop_index.sql' };

describe(ID, () => {
  it('follows its docs examples', () => expectDocsExamples(ID));
  it('fires on DROP INDEX of an existing index', () => {
    expectFires(ID, 'DROP INDEX IF EXISTS users_email_idx;');
  });
  it('is quiet with CONCURRENTLY, for an index created earlier in the file, and for other drops', () => {
    expectQuiet(ID, 'DROP INDEX CONCURRENTLY IF EXISTS users_email_idx;');
    expectQuiet(ID, 'CREATE INDEX tmp_idx ON users (email);\nDROP INDEX tmp_idx;');
    expectQuiet(ID, 'DROP TABLE old_users;');
  });
  it('fixes by adding CONCURRENTLY outside a transaction', () => {
    assert.equal(expectFixed(ID, 'DROP INDEX IF EXISTS users_email_idx;', NO_TX), 'DROP INDEX CONCURRENTLY IF EXISTS users_email_idx;');
  });
  it('offers no fix where CONCURRENTLY is not allowed (several indexes, CASCADE)', () => {
    const [several] = expectFires(ID, 'DROP INDEX a_idx, b_idx;', NO_TX);
    assert.equal(several.fixes.length, 0);
    assert.match(several.message, /one index per statement/);
    assert.equal(expectFires(ID, 'DROP INDEX a_idx CASCADE;', NO_TX)[0].fixes.length, 0);
  });
});
