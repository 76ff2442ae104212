import * as assert from 'node:assert/strict';
import { expectDocsExamples, expectFires, expectFixed, expectQuiet } from './harness';

const ID = 'insert-without-on-conflict';

describe(ID, () => {
  it('follows its docs examples', () => expectDocsExamples(ID));
  it('fires on INSERT … VALUES and INSERT … SELECT without ON CONFLICT', () => {
    expectFires(ID, "INSERT INTO roles (name) VALUES ('admin');");
    expectFires(ID, 'INSERT INTO roles (name) SELECT name FROM legacy_roles;');
    expectFires(ID, "CREATE TABLE IF NOT EXISTS roles (name text PRIMARY KEY);\nINSERT INTO roles VALUES ('admin');");
  });
  it('is quiet with ON CONFLICT, a WHERE NOT EXISTS guard, or after the table is emptied or recreated', () => {
    expectQuiet(ID, "INSERT INTO roles (name) VALUES ('admin') ON CONFLICT DO NOTHING;");
    expectQuiet(ID, "INSERT INTO roles (name) VALUES ('admin') ON CONFLICT (name) DO UPDATE SET name = EXCLUDED.name;");
    expectQuiet(ID, "INSERT INTO roles (name) SELECT 'admin' WHERE NOT EXISTS (SELECT 1 FROM roles WHERE name = 'admin');");
    expectQuiet(ID, "INSERT INTO roles (name) SELECT 'admin' WHERE true AND NOT EXISTS (SELECT 1 FROM roles WHERE name = 'admin');");
    expectQuiet(ID, "TRUNCATE roles;\nINSERT INTO roles VALUES ('admin');");
    expectQuiet(ID, "DELETE FROM public.roles WHERE name = 'admin';\nINSERT INTO roles VALUES ('admin');");
    expectQuiet(ID, "DROP TABLE IF EXISTS roles;\nCREATE TABLE roles (name text);\nINSERT INTO roles VALUES ('admin');");
  });
  it('is not guarded by a NOT EXISTS in only one branch of a UNION', () => {
    expectFires(ID, "INSERT INTO roles (name) SELECT 'a' WHERE NOT EXISTS (SELECT 1 FROM roles) UNION ALL SELECT 'b';");
  });
  it('appends ON CONFLICT DO NOTHING after the rows', () => {
    assert.equal(expectFixed(ID, "INSERT INTO roles VALUES ('admin'), ('member') -- seed\n;"), "INSERT INTO roles VALUES ('admin'), ('member') ON CONFLICT DO NOTHING -- seed\n;");
    assert.equal(expectFixed(ID, 'INSERT INTO t SELECT * FROM s ORDER BY 1 LIMIT 5;'), 'INSERT INTO t SELECT * FROM s ORDER BY 1 LIMIT 5 ON CONFLICT DO NOTHING;');
  });
  it('puts ON CONFLICT before RETURNING, not inside a CTE', () => {
    assert.equal(
      expectFixed(ID, "WITH src AS (DELETE FROM old RETURNING id) INSERT INTO t (id) SELECT id FROM src RETURNING id;"),
      "WITH src AS (DELETE FROM old RETURNING id) INSERT INTO t (id) SELECT id FROM src ON CONFLICT DO NOTHING RETURNING id;",
    );
  });
  it('fixes an INSERT inside a DO block', () => {
    assert.equal(expectFixed(ID, "DO $$ BEGIN INSERT INTO t VALUES (1); END $$;"), 'DO $$ BEGIN INSERT INTO t VALUES (1) ON CONFLICT DO NOTHING; END $$;');
  });
});
