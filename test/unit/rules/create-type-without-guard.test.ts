import * as assert from 'node:assert/strict';
import { PGlite } from '@electric-sql/pglite';
import { expectDocsExamples, expectFires, expectFixed, expectQuiet } from './harness';

const ID = 'create-type-without-guard';

describe(ID, () => {
  it('follows its docs examples', () => expectDocsExamples(ID));
  it('fires on enums, composites, ranges and domains', () => {
    expectFires(ID, "CREATE TYPE mood AS ENUM ('happy');");
    expectFires(ID, 'CREATE TYPE pair AS (a int, b int);');
    expectFires(ID, 'CREATE TYPE floatrange AS RANGE (subtype = float8);');
    const [f] = expectFires(ID, 'CREATE DOMAIN email AS text CHECK (VALUE LIKE \'%@%\');');
    assert.match(f.message, /CREATE DOMAIN email/);
  });
  it('fires inside a DO block without a guard', () => {
    expectFires(ID, "DO $$ BEGIN CREATE TYPE mood AS ENUM ('happy'); END $$;");
  });
  it('is quiet inside a guarded DO block and after DROP TYPE / DROP DOMAIN IF EXISTS', () => {
    expectQuiet(ID, "DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_type WHERE typname = 'mood') THEN CREATE TYPE mood AS ENUM ('happy'); END IF; END $$;");
    expectQuiet(ID, "DROP TYPE IF EXISTS app.mood;\nCREATE TYPE app.mood AS ENUM ('happy');");
    expectQuiet(ID, 'DROP DOMAIN IF EXISTS email;\nCREATE DOMAIN email AS text;');
  });
  it('fixes by wrapping the statement in a DO block that ignores duplicate_object', () => {
    const fixed = expectFixed(ID, "  CREATE TYPE mood AS ENUM ('happy', 'sad');\nSELECT 1;");
    assert.equal(fixed, "  DO $$\n  BEGIN\n    CREATE TYPE mood AS ENUM ('happy', 'sad');\n  EXCEPTION WHEN duplicate_object THEN NULL;\n  END\n  $$;\nSELECT 1;");
  });
  it('picks another dollar tag when the statement contains $$', () => {
    const fixed = expectFixed(ID, "CREATE TYPE odd AS ENUM ('$$');");
    assert.match(fixed, /^DO \$lens\$\n/);
  });
  it('fixes a statement inside a DO block with a nested exception block', () => {
    const fixed = expectFixed(ID, "DO $$\nBEGIN\n  CREATE TYPE mood AS ENUM ('happy');\nEND $$;");
    assert.equal(fixed, "DO $$\nBEGIN\n  BEGIN\n    CREATE TYPE mood AS ENUM ('happy');\n  EXCEPTION WHEN duplicate_object THEN NULL;\n  END;\nEND $$;");
  });
  it('writes fixes that PostgreSQL runs twice without error (PGlite)', async function () {
    this.timeout(60_000);
    const bad = [
      "CREATE TYPE mood AS ENUM ('happy');",
      'CREATE TYPE pair AS (a int);',
      'CREATE TYPE floatrange AS RANGE (subtype = float8);',
      'CREATE DOMAIN email AS text;',
      "DO $$ BEGIN CREATE TYPE status AS ENUM ('new'); END $$;",
    ];
    const fixed = bad.map((sql) => expectFixed(ID, sql)).join('\n');
    const db = new PGlite();
    try {
      await db.exec(fixed);
      await db.exec(fixed);
      const { rows } = await db.query<{ n: number }>("SELECT count(*)::int AS n FROM pg_type WHERE typname IN ('mood', 'pair', 'floatrange', 'email', 'status')");
      assert.equal(rows[0].n, 5);
    } finally {
      await db.close();
    }
  });
});
