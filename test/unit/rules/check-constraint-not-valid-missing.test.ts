import * as assert from 'node:assert/strict';
import { expectDocsExamples, expectFires, expectFixed, expectQuiet } from './harness';

const ID = 'check-constraint-not-valid-missing';

describe(ID, () => {
  it('follows its docs examples', () => expectDocsExamples(ID));
  it('fires on each CHECK added to an existing table', () => {
    assert.equal(expectFires(ID, 'ALTER TABLE users ADD CONSTRAINT a CHECK (id > 0), ADD CHECK (name <> \'\');').length, 2);
  });
  it('is quiet with NOT VALID, on a new table, and for other constraints', () => {
    expectQuiet(ID, 'ALTER TABLE users ADD CONSTRAINT a CHECK (id > 0) NOT VALID;');
    expectQuiet(ID, 'CREATE TABLE users (id int);\nALTER TABLE users ADD CONSTRAINT a CHECK (id > 0);');
    expectQuiet(ID, 'ALTER TABLE users ADD CONSTRAINT u UNIQUE (email);');
  });
  it('fixes with NOT VALID, and VALIDATE after it outside a transaction', () => {
    assert.equal(expectFixed(ID, "ALTER TABLE users ADD CONSTRAINT has_at CHECK (email LIKE '%@%');"), "ALTER TABLE users ADD CONSTRAINT has_at CHECK (email LIKE '%@%') NOT VALID;");
    assert.equal(
      expectFixed(ID, 'ALTER TABLE app."User" ADD CONSTRAINT "Positive" CHECK (id > 0);', { path: 'db/007_check.sql' }),
      'ALTER TABLE app."User" ADD CONSTRAINT "Positive" CHECK (id > 0) NOT VALID;\nALTER TABLE app."User" VALIDATE CONSTRAINT "Positive";',
    );
  });
});
