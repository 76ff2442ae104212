import * as assert from 'node:assert/strict';
import { DRIZZLE_FILE, PRISMA_FILE, expectDocsExamples, expectFires, expectFixed, expectQuiet, expectSchemaAdvice } from './harness';

const ID = 'prefer-jsonb';

describe(ID, () => {
  it('follows its docs examples', () => expectDocsExamples(ID));
  it('fires on json columns in CREATE TABLE, ADD COLUMN and ALTER … TYPE', () => {
    expectFires(ID, 'ALTER TABLE t ADD COLUMN meta JSON;');
    expectFires(ID, 'ALTER TABLE t ALTER COLUMN meta TYPE json;');
  });
  it('is quiet for jsonb and for a json type in a user schema', () => {
    expectQuiet(ID, 'CREATE TABLE t (a jsonb, b myschema.json);');
  });
  it('fixes with jsonb', () => {
    assert.equal(expectFixed(ID, 'CREATE TABLE t (a json NOT NULL DEFAULT \'{}\');'), 'CREATE TABLE t (a jsonb NOT NULL DEFAULT \'{}\');');
  });
  it('gives the schema change, not an SQL edit, where Prisma or Drizzle writes the file', () => {
    expectSchemaAdvice(ID, 'ALTER TABLE "application" ADD COLUMN "healthCheckSwarm" json;', DRIZZLE_FILE, 'json', /declare the column with `jsonb\(\)` instead of `json\(\)`/);
    expectSchemaAdvice(ID, 'ALTER TABLE "Document" ADD COLUMN "formValues" JSON;', PRISMA_FILE, 'JSON', /take `@db\.Json` off the field/);
  });
});
