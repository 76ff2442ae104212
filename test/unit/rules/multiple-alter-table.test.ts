import * as assert from 'node:assert/strict';
import { expectDocsExamples, expectFires, expectFixed, expectQuiet } from './harness';

const ID = 'multiple-alter-table';

describe(ID, () => {
  it('follows its docs examples', () => expectDocsExamples(ID));
  it('fires on the second of consecutive ALTER TABLE statements on one table', () => {
    const sql = 'ALTER TABLE users ADD COLUMN a text;\nALTER TABLE public.users ADD COLUMN b text;\nALTER TABLE users DROP COLUMN c;';
    assert.equal(expectFires(ID, sql).length, 2);
  });
  it('is quiet for different tables, statements in between, VALIDATE, a column the first adds, or a new table', () => {
    expectQuiet(ID, 'ALTER TABLE users ADD COLUMN a text;\nALTER TABLE orders ADD COLUMN a text;');
    expectQuiet(ID, 'ALTER TABLE users ADD COLUMN a text;\nUPDATE users SET a = name;\nALTER TABLE users ALTER COLUMN a SET NOT NULL;');
    expectQuiet(ID, 'ALTER TABLE users ADD CONSTRAINT c CHECK (id > 0) NOT VALID;\nALTER TABLE users VALIDATE CONSTRAINT c;');
    expectQuiet(ID, 'ALTER TABLE users ADD COLUMN k uuid;\nALTER TABLE users ALTER COLUMN k SET DEFAULT gen_random_uuid();');
    expectQuiet(ID, 'CREATE TABLE users (id int);\nALTER TABLE users ADD COLUMN a text;\nALTER TABLE users ADD COLUMN b text;');
    // Merged, the DROP would run first and SET NOT NULL would lose the CHECK that spares its scan.
    expectQuiet(ID, 'ALTER TABLE users ALTER COLUMN email SET NOT NULL;\nALTER TABLE users DROP CONSTRAINT users_email_not_null_check;');
  });
  it('fixes by merging the subcommands into the previous statement', () => {
    const sql = 'ALTER TABLE users ADD COLUMN a text;\nALTER TABLE users\n  ADD COLUMN b text, DROP COLUMN c;\nSELECT 1;\n';
    assert.equal(expectFixed(ID, sql), 'ALTER TABLE users ADD COLUMN a text,\n  ADD COLUMN b text, DROP COLUMN c;\nSELECT 1;\n');
  });
});
