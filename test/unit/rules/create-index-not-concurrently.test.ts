import * as assert from 'node:assert/strict';
import { expectDocsExamples, expectFires, expectFixed, expectQuiet } from './harness';

const ID = 'create-index-not-concurrently';
const NO_TX = { path: 'db/001_add_index.sql' };

describe(ID, () => {
  it('follows its docs examples', () => expectDocsExamples(ID));
  it('fires on plain and unique indexes of existing tables, in DO blocks too', () => {
    expectFires(ID, 'CREATE INDEX users_email_idx ON users (email);');
    expectFires(ID, 'CREATE UNIQUE INDEX IF NOT EXISTS users_email_key ON public.users (lower(email));');
    expectFires(ID, 'DO $$ BEGIN CREATE INDEX i ON users (email); END $$;');
  });
  it('is quiet with CONCURRENTLY and on a table or materialized view created earlier in the file', () => {
    expectQuiet(ID, 'CREATE INDEX CONCURRENTLY users_email_idx ON users (email);');
    expectQuiet(ID, 'CREATE TABLE users (id int, email text);\nCREATE INDEX users_email_idx ON users (email);');
    expectQuiet(ID, 'CREATE MATERIALIZED VIEW mv AS SELECT 1 AS x;\nCREATE INDEX mv_x ON mv (x);');
  });
  it('fires when the table is created only later in the file', () => {
    expectFires(ID, 'CREATE INDEX i ON users (email);\nCREATE TABLE users (id int, email text);');
  });
  it('fixes by adding CONCURRENTLY where the file runs outside a transaction', () => {
    assert.equal(expectFixed(ID, 'create unique index users_email_key on users (email);', NO_TX), 'create unique index CONCURRENTLY users_email_key on users (email);');
  });
  it('explains, without a fix, when the convention runs the file in a transaction', () => {
    const [prisma] = expectFires(ID, 'CREATE INDEX i ON users (email);\nSELECT 1;', { path: 'prisma/migrations/20240101000000_x/migration.sql' });
    assert.equal(prisma.fixes.length, 0);
    assert.match(prisma.message, /Prisma .* alone in a migration/);
    const [explicit] = expectFires(ID, 'BEGIN;\nCREATE INDEX i ON users (email);\nCOMMIT;', NO_TX);
    assert.match(explicit.message, /after the COMMIT/);
    // A Prisma migration holding only this statement is not wrapped: the fix is offered.
    expectFixed(ID, 'CREATE INDEX i ON users (email);', { path: 'prisma/migrations/20240101000000_x/migration.sql' });
  });
  it('is quiet on a table the same file drops afterwards', () => {
    expectQuiet(ID, 'CREATE INDEX i ON users (email);\nDROP TABLE users;', NO_TX);
    expectFires(ID, 'CREATE INDEX i ON users (email);\nDROP TABLE orders;', NO_TX);
  });
});
