import * as assert from 'node:assert/strict';
import { expectDocsExamples, expectFires, expectFixed, expectQuiet } from './harness';

const ID = 'multiple-alter-table';
/** psql runs each statement on its own: every ALTER TABLE queues for the lock again. */
const NUMBERED = { path: 'db/012_x.sql' };

describe(ID, () => {
  it('follows its docs examples', () => expectDocsExamples(ID));
  it('fires on the second of consecutive ALTER TABLE statements on one table', () => {
    const sql = 'ALTER TABLE users ADD COLUMN a text;\nALTER TABLE public.users ADD COLUMN b text;\nALTER TABLE users DROP COLUMN c;';
    const found = expectFires(ID, sql, NUMBERED);
    assert.equal(found.length, 2);
    assert.match(found[0].message, /combine them into one statement \(one lock, one pass\)/);
  });
  it('is quiet for different tables, statements in between, VALIDATE, a column the first adds, or a new table', () => {
    expectQuiet(ID, 'ALTER TABLE users ADD COLUMN a text;\nALTER TABLE orders ADD COLUMN a text;', NUMBERED);
    expectQuiet(ID, 'ALTER TABLE users ADD COLUMN a text;\nUPDATE users SET a = name;\nALTER TABLE users ALTER COLUMN a SET NOT NULL;', NUMBERED);
    expectQuiet(ID, 'ALTER TABLE users ADD CONSTRAINT c CHECK (id > 0) NOT VALID;\nALTER TABLE users VALIDATE CONSTRAINT c;', NUMBERED);
    expectQuiet(ID, 'ALTER TABLE users ADD COLUMN k uuid;\nALTER TABLE users ALTER COLUMN k SET DEFAULT gen_random_uuid();', NUMBERED);
    expectQuiet(ID, 'CREATE TABLE users (id int);\nALTER TABLE users ADD COLUMN a text;\nALTER TABLE users ADD COLUMN b text;', NUMBERED);
    // Merged, the DROP would run first and SET NOT NULL would lose the CHECK that spares its scan.
    expectQuiet(ID, 'ALTER TABLE users ALTER COLUMN email SET NOT NULL;\nALTER TABLE users DROP CONSTRAINT users_email_not_null_check;', NUMBERED);
  });
  it('in a transaction, fires only when both statements scan or rewrite (the lock is taken once anyway)', () => {
    // Dokploy 0089, Drizzle: one statement per change, each catalog-only, in the migrator's transaction.
    expectQuiet(ID, 'ALTER TABLE "backup" ADD COLUMN "appName" text;--> statement-breakpoint\nALTER TABLE "backup" ADD COLUMN "serviceName" text;--> statement-breakpoint\nALTER TABLE "backup" DROP COLUMN "legacy";', { path: 'drizzle/0089_noisy_sandman.sql' });
    expectQuiet(ID, 'ALTER TABLE users ALTER COLUMN id TYPE bigint;\nALTER TABLE users ADD COLUMN a text;');
    const [f] = expectFires(ID, 'ALTER TABLE users ALTER COLUMN id TYPE bigint;\nALTER TABLE users ALTER COLUMN name SET NOT NULL;');
    assert.match(f.message, /combine them into one statement \(one pass over the table instead of two\)/);
    expectQuiet(ID, 'BEGIN;\nALTER TABLE users ADD COLUMN a text;\nALTER TABLE users ADD COLUMN b text;\nCOMMIT;', NUMBERED);
  });
  it('fixes by merging the subcommands into the previous statement', () => {
    const sql = 'ALTER TABLE users ADD COLUMN a text;\nALTER TABLE users\n  ADD COLUMN b text, DROP COLUMN c;\nSELECT 1;\n';
    assert.equal(expectFixed(ID, sql, NUMBERED), 'ALTER TABLE users ADD COLUMN a text,\n  ADD COLUMN b text, DROP COLUMN c;\nSELECT 1;\n');
  });
});
