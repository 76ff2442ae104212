import * as assert from 'node:assert/strict';
import { expectDocsExamples, expectFires, expectQuiet } from './harness';

const ID = 'add-required-column';

describe(ID, () => {
  it('follows its docs examples', () => expectDocsExamples(ID));
  it('fires on NOT NULL (or PRIMARY KEY) without a default, as an error', () => {
    assert.equal(expectFires(ID, 'ALTER TABLE users ADD COLUMN plan text NOT NULL;')[0].severity, 'error');
    expectFires(ID, 'ALTER TABLE users ADD COLUMN IF NOT EXISTS code int PRIMARY KEY;');
  });
  it('is quiet with a default, identity, serial, generated value, nullable column, or a new table', () => {
    expectQuiet(ID, "ALTER TABLE users ADD COLUMN plan text NOT NULL DEFAULT 'free';");
    expectQuiet(ID, 'ALTER TABLE users ADD COLUMN n bigint GENERATED ALWAYS AS IDENTITY NOT NULL;');
    expectQuiet(ID, 'ALTER TABLE users ADD COLUMN n bigserial NOT NULL;');
    expectQuiet(ID, 'ALTER TABLE users ADD COLUMN n int NOT NULL GENERATED ALWAYS AS (id * 2) STORED;');
    expectQuiet(ID, 'ALTER TABLE users ADD COLUMN plan text;');
    expectQuiet(ID, 'CREATE TABLE users (id int);\nALTER TABLE users ADD COLUMN plan text NOT NULL;');
  });
  it('is quiet after the table was emptied earlier in the same transaction, not after a partial DELETE or a COMMIT', () => {
    const add = 'ALTER TABLE users ADD COLUMN plan text NOT NULL;';
    expectQuiet(ID, `TRUNCATE users;\n${add}`);
    expectQuiet(ID, `DELETE FROM users;\n${add}`);
    expectQuiet(ID, `BEGIN;\nDELETE FROM public.users;\n${add}\nCOMMIT;`, { path: 'db/012_reset_users.sql' });
    expectFires(ID, `DELETE FROM users WHERE email IS NULL;\n${add}`);
    // psql runs numbered files statement by statement: rows may arrive between the two.
    expectFires(ID, `TRUNCATE users;\n${add}`, { path: 'db/012_reset_users.sql' });
    expectFires(ID, `BEGIN;\nTRUNCATE users;\nCOMMIT;\n${add}`, { path: 'db/012_reset_users.sql' });
    expectFires(ID, `DO $$ BEGIN IF false THEN DELETE FROM users; END IF; END $$;\n${add}`);
  });
});
