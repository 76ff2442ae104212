import * as assert from 'node:assert/strict';
import { defaultConfig } from '../../../server/src/config';
import { expectDocsExamples, expectFires, expectFixed, expectQuiet } from './harness';

const ID = 'detach-partition-not-concurrently';
const NO_TX = { path: 'db/005_detach.sql' };

describe(ID, () => {
  it('follows its docs examples', () => expectDocsExamples(ID, NO_TX));
  it('fires on DETACH PARTITION of an existing parent', () => {
    expectFires(ID, 'ALTER TABLE events DETACH PARTITION events_2023;');
  });
  it('is quiet with CONCURRENTLY, FINALIZE, or for a parent created in the file', () => {
    expectQuiet(ID, 'ALTER TABLE events DETACH PARTITION events_2023 CONCURRENTLY;', NO_TX);
    expectQuiet(ID, 'ALTER TABLE events DETACH PARTITION events_2023 FINALIZE;');
    expectQuiet(ID, 'CREATE TABLE events (at date) PARTITION BY RANGE (at);\nALTER TABLE events DETACH PARTITION events_2023;');
  });
  it('fixes by appending CONCURRENTLY outside a transaction', () => {
    assert.equal(expectFixed(ID, 'ALTER TABLE events DETACH PARTITION events_2023;', NO_TX), 'ALTER TABLE events DETACH PARTITION events_2023 CONCURRENTLY;');
  });
  it('has no fix in a transaction, nor before PostgreSQL 14', () => {
    assert.equal(expectFires(ID, 'ALTER TABLE events DETACH PARTITION events_2023;')[0].fixes.length, 0);
    const [old] = expectFires(ID, 'ALTER TABLE events DETACH PARTITION events_2023;', { ...NO_TX, config: { ...defaultConfig(), postgresVersion: 13 } });
    assert.equal(old.fixes.length, 0);
    assert.match(old.message, /PostgreSQL 14/);
  });
});
