import * as assert from 'node:assert/strict';
import { expectDocsExamples, expectFires, expectFixed, expectQuiet } from './harness';

const ID = 'missing-statement-timeout';
const ALTER = "ALTER TABLE users ADD CONSTRAINT has_at CHECK (email LIKE '%@%');";

describe(ID, () => {
  it('follows its docs examples', () => expectDocsExamples(ID));
  it('is information, on the first strong lock of an existing table', () => {
    assert.equal(expectFires(ID, `SELECT 1;\n${ALTER}`)[0].severity, 'info');
  });
  it('is quiet with statement_timeout set first, or without strong locks on existing tables', () => {
    expectQuiet(ID, `SET statement_timeout = '10min';\n${ALTER}`);
    expectQuiet(ID, 'CREATE TABLE t (id int);\nCREATE INDEX ON t (id);');
    // lock_timeout is a different setting.
    expectFires(ID, `SET lock_timeout = '5s';\n${ALTER}`);
  });
  it('fixes with a statement_timeout preamble', () => {
    assert.equal(expectFixed(ID, ALTER), `SET statement_timeout = '15min';\n${ALTER}`);
  });
});
