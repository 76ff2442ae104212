import * as assert from 'node:assert/strict';
import { expectDocsExamples, expectFires, expectQuiet } from './harness';

const ID = 'drop-column';

describe(ID, () => {
  it('follows its docs examples', () => expectDocsExamples(ID));
  it('fires once per dropped column, as an error, and names CASCADE', () => {
    const found = expectFires(ID, 'ALTER TABLE users DROP COLUMN a, DROP COLUMN IF EXISTS b CASCADE;');
    assert.deepEqual(found.map((f) => f.severity), ['error', 'error']);
    assert.match(found[0].message, /users\.a/);
    assert.match(found[1].message, /users\.b .*CASCADE/);
  });
  it('is quiet for columns the file provably added', () => {
    expectQuiet(ID, 'CREATE TABLE users (id int, tmp text);\nALTER TABLE users DROP COLUMN tmp;');
    expectQuiet(ID, 'ALTER TABLE users ADD COLUMN tmp text;\nUPDATE users SET tmp = email;\nALTER TABLE users DROP COLUMN tmp;');
  });
  it('fires when the column may predate the file (IF NOT EXISTS, guarded DO block, or after the drop)', () => {
    expectFires(ID, 'CREATE TABLE IF NOT EXISTS users (id int, tmp text);\nALTER TABLE users DROP COLUMN tmp;');
    expectFires(ID, "DO $$ BEGIN IF to_regclass('users') IS NULL THEN CREATE TABLE users (id int, tmp text); END IF; END $$;\nALTER TABLE users DROP COLUMN tmp;");
    expectFires(ID, 'ALTER TABLE users DROP COLUMN tmp;\nALTER TABLE users ADD COLUMN tmp text;');
  });
  it('can be silenced with a reviewed lens-ignore', () => {
    expectQuiet(ID, '-- lens-ignore drop-column -- unused since v42\nALTER TABLE users DROP COLUMN legacy;');
  });
});
