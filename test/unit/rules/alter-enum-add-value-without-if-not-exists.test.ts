import * as assert from 'node:assert/strict';
import { expectDocsExamples, expectFires, expectFixed, expectQuiet } from './harness';

const ID = 'alter-enum-add-value-without-if-not-exists';

describe(ID, () => {
  it('follows its docs examples', () => expectDocsExamples(ID));
  it('fires on ADD VALUE without IF NOT EXISTS, even for an enum created earlier in the file', () => {
    expectFires(ID, "ALTER TYPE status ADD VALUE 'x';");
    expectFires(ID, "DO $$ BEGIN CREATE TYPE status AS ENUM ('a'); EXCEPTION WHEN duplicate_object THEN NULL; END $$;\nALTER TYPE status ADD VALUE 'b';");
  });
  it('is quiet with IF NOT EXISTS, for RENAME VALUE, and after DROP TYPE IF EXISTS', () => {
    expectQuiet(ID, "ALTER TYPE status ADD VALUE IF NOT EXISTS 'x';");
    expectQuiet(ID, "ALTER TYPE status RENAME VALUE 'a' TO 'b';");
    expectQuiet(ID, "DROP TYPE IF EXISTS status;\nCREATE TYPE status AS ENUM ('a');\nALTER TYPE status ADD VALUE 'b';");
  });
  it('fixes by inserting IF NOT EXISTS after ADD VALUE, keeping BEFORE/AFTER', () => {
    assert.equal(expectFixed(ID, "alter type app.status add value 'x' before 'y';"), "alter type app.status add value IF NOT EXISTS 'x' before 'y';");
    assert.equal(expectFixed(ID, 'ALTER TYPE "value" ADD /* c */ VALUE \'x\';'), 'ALTER TYPE "value" ADD /* c */ VALUE IF NOT EXISTS \'x\';');
  });
});
