import * as assert from 'node:assert/strict';
import { expectDocsExamples, expectFires, expectFixed, expectQuiet } from './harness';

const ID = 'concurrently-in-transaction';
const NUMBERED = { path: 'db/003_idx.sql' };
const PRISMA = { path: 'prisma/migrations/20240101000000_idx/migration.sql' };

describe(ID, () => {
  it('follows its docs examples (in a file psql runs without a transaction)', () => expectDocsExamples(ID, NUMBERED));
  it('fires where the convention wraps the file in a transaction', () => {
    expectFires(ID, 'CREATE INDEX CONCURRENTLY i ON users (email);', { path: 'db/init/01_schema.sql' });
    expectFires(ID, 'CREATE INDEX CONCURRENTLY i ON users (email);', { path: 'migrations/0004_idx.sql' });
    expectFires(ID, 'CREATE INDEX CONCURRENTLY i ON users (email);\nALTER TABLE users ADD COLUMN x int;', PRISMA);
  });
  it('postgres-migrations\' disable-transaction marker (supabase/storage 0028, 0054): the file goes as one query', () => {
    const TENANT = { path: 'migrations/tenant/0054-drop-index-object-level.sql' };
    expectQuiet(ID, '-- postgres-migrations disable-transaction\nDROP INDEX CONCURRENTLY IF EXISTS objects_bucket_id_level_idx;', TENANT);
    expectQuiet(ID, '-- postgres-migrations disable-transaction\n-- postgres-migrations ignore\nCREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS idx_name_bucket_level_unique on storage.objects (name COLLATE "C", bucket_id, level);', TENANT);
    // Several statements in one query are one implicit transaction block.
    expectFires(ID, "-- postgres-migrations disable-transaction\nSET lock_timeout = '5s';\nDROP INDEX CONCURRENTLY IF EXISTS i;", TENANT);
    expectFires(ID, 'DROP INDEX CONCURRENTLY IF EXISTS i;', TENANT);
  });
  it('golang-migrate (the file is one query): fires in a file of several statements, even after its own COMMIT, and only there', () => {
    const UP = { path: 'db/migrations/004_idx.up.sql' };
    expectQuiet(ID, 'CREATE INDEX CONCURRENTLY IF NOT EXISTS i ON users (email);\n', UP);
    expectQuiet(ID, '-- a comment is not a statement\nDROP INDEX CONCURRENTLY IF EXISTS i;\n', { path: 'db/migrations/004_idx.down.sql' });
    const [f] = expectFires(ID, "SET lock_timeout = '5s';\nCREATE INDEX CONCURRENTLY i ON users (email);", UP);
    assert.match(f.message, /one query.*alone in a migration file of its own/);
    assert.deepEqual(f.fixes, [], 'moving it after a COMMIT does not help: the next statement opens a new implicit transaction');
    expectFires(ID, 'BEGIN;\nALTER TABLE users ADD COLUMN x int;\nCOMMIT;\nCREATE INDEX CONCURRENTLY i ON users (x);', UP);
  });
  it("drizzle: the migrator runs all pending migrations in one transaction, so CONCURRENTLY fails even alone", () => {
    const [f] = expectFires(ID, 'CREATE INDEX CONCURRENTLY i ON users (email);', { path: 'migrations/0004_idx.sql' });
    assert.match(f.message, /all pending migrations in one transaction/);
  });
  it('covers every statement that refuses a transaction block', () => {
    for (const sql of ['DROP INDEX CONCURRENTLY i;', 'REINDEX INDEX CONCURRENTLY i;', 'ALTER TABLE p DETACH PARTITION c CONCURRENTLY;', 'VACUUM users;']) {
      expectFires(ID, `BEGIN;\n${sql}\nCOMMIT;`, NUMBERED);
    }
  });
  it('fires inside a DO block even where the file is not in a transaction', () => {
    const [f] = expectFires(ID, 'DO $$ BEGIN CREATE INDEX CONCURRENTLY i ON users (email); END $$;', NUMBERED);
    assert.match(f.message, /DO block/);
  });
  it('is quiet outside transactions: psql files, a lone Prisma statement, after COMMIT', () => {
    expectQuiet(ID, 'CREATE INDEX CONCURRENTLY i ON users (email);\nVACUUM users;', NUMBERED);
    expectQuiet(ID, 'CREATE INDEX CONCURRENTLY i ON users (email);', PRISMA);
    expectQuiet(ID, 'BEGIN;\nALTER TABLE users ADD COLUMN x int;\nCOMMIT;\nCREATE INDEX CONCURRENTLY i ON users (x);', NUMBERED);
    expectQuiet(ID, 'REFRESH MATERIALIZED VIEW CONCURRENTLY mv;\nANALYZE users;', { path: 'db/init/01.sql' });
  });
  it('moves the statement after COMMIT', () => {
    const fixed = expectFixed(ID, 'BEGIN;\nALTER TABLE users ADD COLUMN x int;\nCREATE INDEX CONCURRENTLY i ON users (x);\nCOMMIT;\n', NUMBERED);
    assert.equal(fixed, 'BEGIN;\nALTER TABLE users ADD COLUMN x int;\nCOMMIT;\nCREATE INDEX CONCURRENTLY i ON users (x);\n');
  });
  it('offers no move where the runner itself wraps the file', () => {
    const [f] = expectFires(ID, 'CREATE INDEX CONCURRENTLY i ON users (email);\nSELECT 1;', PRISMA);
    assert.deepEqual(f.fixes, []);
  });
});
