import * as assert from 'node:assert/strict';
import { expectDocsExamples, expectFires, expectQuiet } from './harness';

const ID = 'drop-not-null';

describe(ID, () => {
  it('follows its docs examples', () => expectDocsExamples(ID));
  it('fires per column as information', () => {
    const found = expectFires(ID, 'ALTER TABLE users ALTER COLUMN email DROP NOT NULL, ALTER COLUMN name DROP NOT NULL;');
    assert.deepEqual(found.map((f) => f.severity), ['info', 'info']);
    assert.match(found[1].message, /users\.name/);
  });
  it('is quiet for a column added in this file and for SET NOT NULL', () => {
    expectQuiet(ID, 'ALTER TABLE users ADD COLUMN nick text NOT NULL DEFAULT \'\';\nALTER TABLE users ALTER COLUMN nick DROP NOT NULL;');
    expectQuiet(ID, 'ALTER TABLE users ALTER COLUMN email SET NOT NULL;');
  });
});
