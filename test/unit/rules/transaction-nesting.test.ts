import * as assert from 'node:assert/strict';
import { defaultConfig } from '../../../server/src/config';
import { expectDocsExamples, expectFires, expectFixed, expectQuiet } from './harness';

const ID = 'transaction-nesting';
const PRISMA = { path: 'prisma/migrations/20240101000000_init/migration.sql' };
const SUPABASE = { path: 'supabase/migrations/20240101000000_init.sql' }; // the CLI runs each file in one transaction
const GOLANG_MIGRATE = { path: 'db/migrations/2_add_mood_to_users.up.sql' };
const PSQL = { path: 'db/316_graph_feature.sql' }; // psql runs each file without a transaction

describe(ID, () => {
  it('follows its docs examples', () => expectDocsExamples(ID));
  it('fires on BEGIN where the runner already wraps the file or the whole set', () => {
    assert.match(expectFires(ID, 'BEGIN;\nSELECT 1;\nCOMMIT;', SUPABASE)[0].message, /supabase convention the runner already wraps this file/);
    assert.match(expectFires(ID, 'START TRANSACTION;\nSELECT 1;\nCOMMIT;')[0].message, /every file inside one transaction/);
  });
  it('is quiet for one BEGIN/COMMIT pair (or two in sequence) where the runner does not wrap files', () => {
    expectQuiet(ID, 'BEGIN;\nSELECT 1;\nCOMMIT;\nBEGIN;\nSELECT 2;\nCOMMIT;', PSQL);
    expectQuiet(ID, 'SELECT 1;', PRISMA);
  });
  it('is quiet where the runner sends the file as one query without a transaction (golang-migrate, Prisma): BEGIN/COMMIT is how the file is atomic', () => {
    // golang-migrate's PostgreSQL tutorial wraps a two-statement migration in BEGIN/COMMIT.
    expectQuiet(ID, "BEGIN;\nCREATE TYPE enum_mood AS ENUM ('happy', 'sad');\nALTER TABLE users ADD COLUMN mood enum_mood;\nCOMMIT;", GOLANG_MIGRATE);
    expectQuiet(ID, 'BEGIN;\nSELECT 1;\nCOMMIT;', PRISMA);
    assert.match(expectFires(ID, 'BEGIN;\nSELECT 1;\nBEGIN;\nSELECT 2;\nCOMMIT;', GOLANG_MIGRATE)[0].message, /BEGIN after BEGIN/);
  });
  it('fires on BEGIN after BEGIN even without a runner transaction, with no fix', () => {
    const found = expectFires(ID, 'BEGIN;\nSELECT 1;\nBEGIN;\nSELECT 2;\nCOMMIT;', PSQL);
    assert.equal(found.length, 1);
    assert.match(found[0].message, /BEGIN after BEGIN/);
    assert.deepEqual(found[0].fixes, []);
  });
  it('honours a transaction mode from the configuration', () => {
    expectQuiet(ID, 'BEGIN;\nSELECT 1;\nCOMMIT;', { ...SUPABASE, config: { ...defaultConfig(), transaction: 'none' } });
    expectFires(ID, 'BEGIN;\nSELECT 1;\nCOMMIT;', { ...GOLANG_MIGRATE, config: { ...defaultConfig(), transaction: 'per-file' } });
  });
  it('fixes by removing BEGIN and its COMMIT with their lines', () => {
    assert.equal(expectFixed(ID, 'BEGIN;\nALTER TABLE t ADD COLUMN c int;\ncommit;\n', SUPABASE), 'ALTER TABLE t ADD COLUMN c int;\n');
    assert.equal(expectFixed(ID, '-- header\nBEGIN; SELECT 1;\nEND;', SUPABASE), '-- header\nSELECT 1;\n');
  });
  it('offers no fix when the transaction ends in ROLLBACK (a dry run)', () => {
    assert.deepEqual(expectFires(ID, 'BEGIN;\nSELECT 1;\nROLLBACK;', SUPABASE)[0].fixes, []);
  });
});
