import * as assert from 'node:assert/strict';
import { defaultConfig } from '../../../server/src/config';
import { expectDocsExamples, expectFires, expectFixed, expectQuiet } from './harness';

const ID = 'transaction-nesting';
const PRISMA = { path: 'prisma/migrations/20240101000000_init/migration.sql' };
const PSQL = { path: 'db/316_graph_feature.sql' }; // seed 001: psql runs each file without a transaction

describe(ID, () => {
  it('follows its docs examples', () => expectDocsExamples(ID));
  it('fires on BEGIN where the runner already wraps the file or the whole set', () => {
    assert.match(expectFires(ID, 'BEGIN;\nSELECT 1;\nCOMMIT;', PRISMA)[0].message, /prisma convention the runner already wraps this file/);
    assert.match(expectFires(ID, 'START TRANSACTION;\nSELECT 1;\nCOMMIT;')[0].message, /every file inside one transaction/);
  });
  it('is quiet for one BEGIN/COMMIT pair (or two in sequence) where the runner does not wrap files', () => {
    expectQuiet(ID, 'BEGIN;\nSELECT 1;\nCOMMIT;\nBEGIN;\nSELECT 2;\nCOMMIT;', PSQL);
    expectQuiet(ID, 'SELECT 1;', PRISMA);
  });
  it('fires on BEGIN after BEGIN even without a runner transaction, with no fix', () => {
    const found = expectFires(ID, 'BEGIN;\nSELECT 1;\nBEGIN;\nSELECT 2;\nCOMMIT;', PSQL);
    assert.equal(found.length, 1);
    assert.match(found[0].message, /BEGIN after BEGIN/);
    assert.deepEqual(found[0].fixes, []);
  });
  it('honours a transaction mode from the configuration', () => {
    expectQuiet(ID, 'BEGIN;\nSELECT 1;\nCOMMIT;', { ...PRISMA, config: { ...defaultConfig(), transaction: 'none' } });
  });
  it('fixes by removing BEGIN and its COMMIT with their lines', () => {
    assert.equal(expectFixed(ID, 'BEGIN;\nALTER TABLE t ADD COLUMN c int;\ncommit;\n', PRISMA), 'ALTER TABLE t ADD COLUMN c int;\n');
    assert.equal(expectFixed(ID, '-- header\nBEGIN; SELECT 1;\nEND;', PRISMA), '-- header\nSELECT 1;\n');
  });
  it('offers no fix when the transaction ends in ROLLBACK (a dry run)', () => {
    assert.deepEqual(expectFires(ID, 'BEGIN;\nSELECT 1;\nROLLBACK;', PRISMA)[0].fixes, []);
  });
});
