import * as assert from 'node:assert/strict';
import { DRIZZLE_FILE, PRISMA_FILE, expectDocsExamples, expectFires, expectFixed, expectQuiet, expectSchemaAdvice } from './harness';

const ID = 'ban-char';

describe(ID, () => {
  it('follows its docs examples', () => expectDocsExamples(ID));
  it('fires on char(n), character(n) and plain char', () => {
    expectFires(ID, 'CREATE TABLE t (a char(2), b character(10), c char);');
    expectFires(ID, 'ALTER TABLE t ADD COLUMN flag CHAR;');
  });
  it('is quiet for varchar, text and the internal "char" type', () => {
    expectQuiet(ID, 'CREATE TABLE t (a varchar(2), b text, c "char");');
  });
  it('fixes with text', () => {
    assert.equal(expectFixed(ID, 'CREATE TABLE t (code character(2) PRIMARY KEY);'), 'CREATE TABLE t (code text PRIMARY KEY);');
  });
  it('gives the schema change, not an SQL edit, where Prisma or Drizzle writes the file', () => {
    expectSchemaAdvice(ID, 'CREATE TABLE "Country" ("code" CHAR(2) NOT NULL);', PRISMA_FILE, 'CHAR(2)', /take `@db\.Char` off the field/);
    expectSchemaAdvice(ID, 'CREATE TABLE "country" ("code" char(2) NOT NULL);', DRIZZLE_FILE, 'char(2)', /`text\(\)` instead of `char\(\)`/);
  });
});
