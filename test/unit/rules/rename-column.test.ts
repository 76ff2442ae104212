import * as assert from 'node:assert/strict';
import { expectDocsExamples, expectFires, expectQuiet } from './harness';

const ID = 'rename-column';

describe(ID, () => {
  it('follows its docs examples', () => expectDocsExamples(ID));
  it('fires on renaming a column of an existing table, also in a DO block', () => {
    const [f] = expectFires(ID, 'ALTER TABLE public.users RENAME COLUMN email TO email_address;');
    assert.match(f.message, /public\.users\.email to email_address/);
    assert.equal(f.severity, 'warning');
    expectFires(ID, 'DO $$ BEGIN ALTER TABLE users RENAME email TO mail; END $$;');
  });
  it('is quiet for a table or column this file provably creates', () => {
    expectQuiet(ID, 'CREATE TABLE users (id bigint, email text);\nALTER TABLE users RENAME COLUMN email TO mail;');
    expectQuiet(ID, 'ALTER TABLE users ADD COLUMN nick text;\nALTER TABLE users RENAME COLUMN nick TO nickname;');
  });
  it('fires when IF NOT EXISTS leaves open whether the table is new', () => {
    expectFires(ID, 'CREATE TABLE IF NOT EXISTS users (id bigint, email text);\nALTER TABLE users RENAME COLUMN email TO mail;');
    expectFires(ID, 'ALTER TABLE users ADD COLUMN IF NOT EXISTS nick text;\nALTER TABLE users RENAME COLUMN nick TO nickname;');
  });
  it('is quiet for renames of other things', () => {
    expectQuiet(ID, 'ALTER TABLE users RENAME CONSTRAINT a TO b;');
    expectQuiet(ID, 'ALTER TABLE users RENAME TO accounts;');
  });
});
