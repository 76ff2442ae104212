import * as assert from 'node:assert/strict';
import { expectDocsExamples, expectFires, expectQuiet } from './harness';

const ID = 'truncate';

describe(ID, () => {
  it('follows its docs examples', () => expectDocsExamples(ID));
  it('fires on TRUNCATE of existing tables and names CASCADE', () => {
    const [f] = expectFires(ID, 'CREATE TABLE tmp (id int);\nTRUNCATE TABLE tmp, ONLY orders RESTART IDENTITY CASCADE;');
    assert.match(f.message, /every row of orders\. CASCADE/);
    assert.equal(f.severity, 'error');
  });
  it('fires inside a DO block', () => expectFires(ID, 'DO $$ BEGIN TRUNCATE sessions; END $$;'));
  it('is quiet for tables created in this file', () => {
    expectQuiet(ID, 'CREATE TABLE staging (id int);\nINSERT INTO staging VALUES (1);\nTRUNCATE staging;');
  });
});
