import * as assert from 'node:assert/strict';
import { expectDocsExamples, expectFires, expectFixed, expectQuiet } from './harness';

const ID = 'prefer-timestamptz';

describe(ID, () => {
  it('follows its docs examples', () => expectDocsExamples(ID));
  it('fires on timestamp in its spellings', () => {
    expectFires(ID, 'CREATE TABLE t (a timestamp without time zone, b timestamp(3));');
    expectFires(ID, 'ALTER TABLE t ALTER COLUMN at TYPE timestamp USING at::timestamp;');
  });
  it('is quiet for timestamptz spellings and other types', () => {
    expectQuiet(ID, 'CREATE TABLE t (a timestamptz, b timestamp with time zone, c timestamp(3) with time zone, d date, e time);');
  });
  it('fixes with timestamptz, keeping the precision', () => {
    assert.equal(expectFixed(ID, 'CREATE TABLE t (at TIMESTAMP(3) WITHOUT TIME ZONE NOT NULL);'), 'CREATE TABLE t (at timestamptz(3) NOT NULL);');
    assert.equal(expectFixed(ID, 'ALTER TABLE t ADD COLUMN seen timestamp[];'), 'ALTER TABLE t ADD COLUMN seen timestamptz[];');
  });
});
