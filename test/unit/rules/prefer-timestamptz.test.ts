import * as assert from 'node:assert/strict';
import { DRIZZLE_FILE, PRISMA_FILE, expectDocsExamples, expectFires, expectFixed, expectQuiet, expectSchemaAdvice } from './harness';

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
  it('gives the schema change, not an SQL edit, where Prisma or Drizzle writes the file', () => {
    // Documenso's and Dokploy's generated columns.
    expectSchemaAdvice(ID, 'CREATE TABLE "User" (\n    "emailVerified" TIMESTAMP(3)\n);', PRISMA_FILE, 'TIMESTAMP(3)', /Prisma writes this file from schema\.prisma: give the field `@db\.Timestamptz\(3\)`; changed only here, the next `prisma migrate dev` changes it back\./);
    expectSchemaAdvice(ID, 'CREATE TABLE "session" (\n\t"expirationDate" timestamp(3) NOT NULL\n);', DRIZZLE_FILE, 'timestamp(3)', /drizzle-kit writes this file from your schema: add `withTimezone: true` to its `timestamp\(\)` options/);
  });
});
