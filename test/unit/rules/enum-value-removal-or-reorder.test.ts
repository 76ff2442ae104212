import * as assert from 'node:assert/strict';
import { expectDocsExamples, expectFires, expectQuiet } from './harness';

const ID = 'enum-value-removal-or-reorder';

describe(ID, () => {
  it('follows its docs examples', () => expectDocsExamples(ID));
  it('fires on the rename-recreate dance, at the CREATE TYPE', () => {
    const sql = "ALTER TYPE mood RENAME TO mood_old;\nCREATE TYPE mood AS ENUM ('sad', 'happy');";
    const [f] = expectFires(ID, sql);
    assert.ok(sql.slice(f.start).startsWith('CREATE TYPE mood'));
    assert.match(f.message, /renamed old type/);
  });
  it('fires on drop-and-recreate when columns move to the new type, and on DROP TYPE … CASCADE', () => {
    expectFires(ID, "ALTER TABLE people ALTER COLUMN mood TYPE text;\nDROP TYPE mood;\nCREATE TYPE mood AS ENUM ('sad');\nALTER TABLE people ALTER COLUMN mood TYPE mood USING mood::mood;");
    assert.match(expectFires(ID, "DROP TYPE IF EXISTS public.mood CASCADE;\nCREATE TYPE mood AS ENUM ('sad');")[0].message, /drops the columns/);
  });
  it('fires on RENAME VALUE of an existing enum', () => {
    assert.match(expectFires(ID, "ALTER TYPE mood RENAME VALUE 'ok' TO 'neutral';")[0].message, /'ok'/);
  });
  it('is quiet on adding values, before/after included, and on enums created fresh in the file', () => {
    expectQuiet(ID, "ALTER TYPE mood ADD VALUE 'meh' AFTER 'sad';\nALTER TYPE mood ADD VALUE IF NOT EXISTS 'zen';");
    expectQuiet(ID, "CREATE TYPE mood AS ENUM ('a');\nALTER TYPE mood RENAME VALUE 'a' TO 'b';");
    expectQuiet(ID, "CREATE TYPE mood AS ENUM ('a');\nDROP TYPE mood CASCADE;\nCREATE TYPE mood AS ENUM ('b');");
  });
  it('leaves a plain DROP TYPE IF EXISTS + CREATE TYPE (fails rather than loses data) to the idempotency rules', () => {
    expectQuiet(ID, "DROP TYPE IF EXISTS mood;\nCREATE TYPE mood AS ENUM ('sad', 'happy');");
  });
});
