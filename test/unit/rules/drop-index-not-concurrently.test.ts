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
  it('is quiet when the same file drops the index\'s table, before or after', () => {
    expectQuiet(ID, 'DROP INDEX orders_user_id_idx;\nDROP TABLE orders;', NO_TX);
    expectQuiet(ID, 'DROP TABLE IF EXISTS legacy_orders CASCADE;\nDROP INDEX IF EXISTS idx_legacy_orders_status;', NO_TX);
    expectQuiet(ID, 'CREATE INDEX IF NOT EXISTS by_status ON orders (status);\nDROP INDEX by_status;\nDROP TABLE orders;', NO_TX);
    // Another table's index, or a table only dropped in a function body, is still protected.
    expectFires(ID, 'DROP INDEX users_email_idx;\nDROP TABLE orders;', NO_TX);
    expectFires(ID, 'DROP INDEX orders_user_id_idx;\nCREATE FUNCTION f() RETURNS void LANGUAGE plpgsql AS $$ BEGIN DROP TABLE orders; END $$;', NO_TX);
  });
});
