import * as assert from 'node:assert/strict';
import { expectDocsExamples, expectFires, expectFixed, expectQuiet } from './harness';

const ID = 'rename-table';

describe(ID, () => {
  it('follows its docs examples', () => expectDocsExamples(ID));
  it('fires on renaming an existing table', () => {
    const [f] = expectFires(ID, 'ALTER TABLE users RENAME TO accounts;');
    assert.match(f.message, /users to accounts/);
  });
  it('is quiet for a table created earlier in the file, and when a view keeps the old name', () => {
    expectQuiet(ID, 'CREATE TABLE tmp (id int);\nALTER TABLE tmp RENAME TO final;');
    expectQuiet(ID, 'ALTER TABLE public.users RENAME TO accounts;\nCREATE OR REPLACE VIEW users AS SELECT * FROM accounts;');
  });
  it('is quiet for column renames', () => expectQuiet(ID, 'ALTER TABLE users RENAME COLUMN a TO b;'));
  it('fixes by adding a view under the old name, in the same schema', () => {
    assert.equal(expectFixed(ID, 'ALTER TABLE users RENAME TO accounts;\n'), 'ALTER TABLE users RENAME TO accounts;\nCREATE VIEW users AS SELECT * FROM accounts;\n');
    assert.equal(
      expectFixed(ID, 'ALTER TABLE app."Users" RENAME TO accounts'),
      'ALTER TABLE app."Users" RENAME TO accounts;\nCREATE VIEW app."Users" AS SELECT * FROM app.accounts;',
    );
  });
});
