import * as assert from 'node:assert/strict';
import { DRIZZLE_FILE, PRISMA_FILE, expectDocsExamples, expectFires, expectFixed, expectQuiet, expectSchemaAdvice } from './harness';

const ID = 'prefer-text';

describe(ID, () => {
  it('follows its docs examples', () => expectDocsExamples(ID));
  it('fires on varchar(n) in every spelling, at the type', () => {
    const sql = 'CREATE TABLE t (a character varying(40), b VARCHAR (10)[]);';
    const found = expectFires(ID, sql);
    assert.deepEqual(found.map((f) => sql.slice(f.start, f.end)), ['character varying(40)', 'VARCHAR (10)']);
    expectFires(ID, 'ALTER TABLE t ALTER COLUMN a TYPE varchar(80);');
  });
  it('is quiet for text and for varchar without a limit', () => {
    expectQuiet(ID, 'CREATE TABLE t (a text, b varchar, c character varying);');
  });
  it('fixes with text plus an equivalent CHECK where the column definition allows one', () => {
    assert.equal(
      expectFixed(ID, 'CREATE TABLE t ("Email" varchar(255) NOT NULL);'),
      'CREATE TABLE t ("Email" text CHECK (char_length("Email") <= 255) NOT NULL);',
    );
    assert.equal(expectFixed(ID, 'ALTER TABLE t ADD COLUMN tags varchar(20)[];'), 'ALTER TABLE t ADD COLUMN tags text[];');
    assert.equal(expectFixed(ID, 'ALTER TABLE t ALTER COLUMN a TYPE varchar(80);'), 'ALTER TABLE t ALTER COLUMN a TYPE text;');
  });
  it('gives the schema change, not an SQL edit, where Prisma or Drizzle writes the file', () => {
    expectSchemaAdvice(ID, 'CREATE TABLE "User" (\n    "email" VARCHAR(255) NOT NULL\n);', PRISMA_FILE, 'VARCHAR(255)', /take `@db\.VarChar` off the field/);
    expectSchemaAdvice(ID, 'CREATE TABLE "user" (\n\t"email" varchar(255) NOT NULL\n);', DRIZZLE_FILE, 'varchar(255)', /`text\(\)` instead of `varchar\(\)` and add the CHECK with `check\(\)`/);
  });
});
