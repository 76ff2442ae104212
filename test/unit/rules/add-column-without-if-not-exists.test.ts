import * as assert from 'node:assert/strict';
import { expectDocsExamples, expectFires, expectFixed, expectQuiet } from './harness';

const ID = 'add-column-without-if-not-exists';

describe(ID, () => {
  it('follows its docs examples', () => expectDocsExamples(ID));
  it('fires once per unguarded ADD COLUMN, with the subcommand as range', () => {
    const sql = 'ALTER TABLE t ADD COLUMN a int, ADD COLUMN IF NOT EXISTS b int, ADD c text;';
    const found = expectFires(ID, sql);
    assert.deepEqual(found.map((f) => sql.slice(f.start, f.end)), ['ADD COLUMN a int', 'ADD c text']);
  });
  it('splits subcommands correctly around strings, arrays, comments and dollar quotes', () => {
    const sql = "ALTER TABLE app.t ADD a text DEFAULT 'x,y', ADD b int[] DEFAULT ARRAY[1,2] /* , */, ADD c text DEFAULT E'it\\'s, ok', ADD d text DEFAULT $q$,$q$;";
    const found = expectFires(ID, sql);
    assert.deepEqual(found.map((f) => sql.slice(f.start, f.end)), [
      "ADD a text DEFAULT 'x,y'",
      'ADD b int[] DEFAULT ARRAY[1,2]',
      "ADD c text DEFAULT E'it\\'s, ok'",
      'ADD d text DEFAULT $q$,$q$',
    ]);
  });
  it('still fires when the table was created earlier in the file', () => {
    expectFires(ID, 'CREATE TABLE IF NOT EXISTS t (id int);\nALTER TABLE t ADD COLUMN a int;');
  });
  it('is quiet with IF NOT EXISTS, after dropping the column or the table, and in a guarded DO block', () => {
    expectQuiet(ID, 'ALTER TABLE t ADD COLUMN IF NOT EXISTS a int;');
    expectQuiet(ID, 'ALTER TABLE t DROP COLUMN IF EXISTS a, ADD COLUMN a bigint;');
    expectQuiet(ID, 'DROP TABLE IF EXISTS t;\nCREATE TABLE t (id int);\nALTER TABLE t ADD COLUMN a int;');
    expectQuiet(ID, 'DO $$ BEGIN ALTER TABLE t ADD COLUMN a int; EXCEPTION WHEN duplicate_column THEN NULL; END $$;');
  });
  it('is not guarded by a drop that comes later in the same statement', () => {
    expectFires(ID, 'ALTER TABLE t ADD COLUMN a int, DROP COLUMN IF EXISTS a;');
  });
  it('fixes by inserting IF NOT EXISTS before the column name, with or without COLUMN', () => {
    assert.equal(expectFixed(ID, 'ALTER TABLE "Ünïcode" ADD COLUMN "näme" text;'), 'ALTER TABLE "Ünïcode" ADD COLUMN IF NOT EXISTS "näme" text;');
    assert.equal(expectFixed(ID, 'alter table t add a int;'), 'alter table t add IF NOT EXISTS a int;');
  });
  it('wraps ALTER TYPE … ADD ATTRIBUTE, which has no IF NOT EXISTS, in a DO block', () => {
    assert.equal(
      expectFixed(ID, 'ALTER TYPE pair ADD ATTRIBUTE c int;'),
      'DO $$\nBEGIN\n  ALTER TYPE pair ADD ATTRIBUTE c int;\nEXCEPTION WHEN duplicate_column THEN NULL;\nEND\n$$;',
    );
  });
});
