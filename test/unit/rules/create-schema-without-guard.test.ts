import * as assert from 'node:assert/strict';
import { expectDocsExamples, expectFires, expectFixed, expectQuiet } from './harness';

const ID = 'create-schema-without-guard';

describe(ID, () => {
  it('follows its docs examples', () => expectDocsExamples(ID));
  it('fires on CREATE SCHEMA without IF NOT EXISTS', () => {
    expectFires(ID, 'CREATE SCHEMA billing;');
    expectFires(ID, 'CREATE SCHEMA AUTHORIZATION app_owner;');
  });
  it('names a schema written only as AUTHORIZATION after its role, and sees it dropped earlier', () => {
    const [f] = expectFires(ID, 'CREATE SCHEMA AUTHORIZATION app_owner;');
    assert.match(f.message, /^CREATE SCHEMA app_owner fails/);
    expectQuiet(ID, 'DROP SCHEMA IF EXISTS app_owner;\nCREATE SCHEMA AUTHORIZATION app_owner;');
  });
  it('is quiet with IF NOT EXISTS or after DROP SCHEMA IF EXISTS', () => {
    expectQuiet(ID, 'CREATE SCHEMA IF NOT EXISTS billing;');
    expectQuiet(ID, 'DROP SCHEMA IF EXISTS scratch CASCADE;\nCREATE SCHEMA scratch;');
  });
  it('offers no fix when the schema has elements (PostgreSQL rejects IF NOT EXISTS there)', () => {
    const [f] = expectFires(ID, 'CREATE SCHEMA billing CREATE TABLE invoices (id int);');
    assert.deepEqual(f.fixes, []);
    assert.match(f.message, /schema elements/);
  });
  it('fixes by inserting IF NOT EXISTS', () => {
    assert.equal(expectFixed(ID, 'create schema billing authorization app;'), 'create schema IF NOT EXISTS billing authorization app;');
  });
});
