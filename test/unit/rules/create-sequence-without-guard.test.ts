import * as assert from 'node:assert/strict';
import { expectDocsExamples, expectFires, expectFixed, expectQuiet } from './harness';

const ID = 'create-sequence-without-guard';

describe(ID, () => {
  it('follows its docs examples', () => expectDocsExamples(ID));
  it('fires on plain and temporary sequences', () => {
    expectFires(ID, 'CREATE SEQUENCE s;');
    expectFires(ID, 'CREATE TEMP SEQUENCE s;');
  });
  it('is quiet with IF NOT EXISTS or after DROP SEQUENCE IF EXISTS', () => {
    expectQuiet(ID, 'CREATE SEQUENCE IF NOT EXISTS s;');
    expectQuiet(ID, 'DROP SEQUENCE IF EXISTS app.s;\nCREATE SEQUENCE app.s;');
  });
  it('fixes by inserting IF NOT EXISTS', () => {
    assert.equal(expectFixed(ID, 'CREATE UNLOGGED SEQUENCE s START 10;'), 'CREATE UNLOGGED SEQUENCE IF NOT EXISTS s START 10;');
  });
});
