import * as assert from 'node:assert/strict';
import { expectDocsExamples, expectFires, expectQuiet } from './harness';

const ID = 'mixed-schema-and-data';

describe(ID, () => {
  it('follows its docs examples', () => expectDocsExamples(ID));
  it('fires once, at the first data change to an existing table', () => {
    const sql = "ALTER TABLE users ADD COLUMN plan text;\nUPDATE users SET plan = 'free';\nDELETE FROM sessions WHERE true;";
    const found = expectFires(ID, sql);
    assert.equal(found.length, 1);
    assert.ok(sql.slice(found[0].start).startsWith('UPDATE'));
    assert.match(found[0].message, /1 schema change with 2 data changes/);
    expectFires(ID, "CREATE INDEX i ON t (a);\nDO $$ BEGIN INSERT INTO audit VALUES (1); END $$;");
  });
  it('is quiet for schema-only and data-only migrations, and for filling a table the file creates', () => {
    expectQuiet(ID, 'ALTER TABLE users ADD COLUMN plan text;\nCREATE INDEX i ON users (plan);');
    expectQuiet(ID, "UPDATE users SET plan = 'free' WHERE plan IS NULL;\nINSERT INTO audit VALUES (1);");
    expectQuiet(ID, "CREATE TABLE roles (name text PRIMARY KEY);\nINSERT INTO roles VALUES ('admin');");
    expectQuiet(ID, "SET lock_timeout = '5s';\nBEGIN;\nUPDATE users SET plan = 'free' WHERE plan IS NULL;\nCOMMIT;", { path: 'db/316_x.sql' });
  });
});
