import * as assert from 'node:assert/strict';
import { defaultConfig } from '../../../server/src/config';
import { lintText } from '../../../server/src/engine';
import { expectDocsExamples, expectFires, expectFixed, expectQuiet } from './harness';

const ID = 'missing-lock-timeout';
const BOTH = "SET lock_timeout = '5s';\nSET statement_timeout = '15min';";
const ALTER = 'ALTER TABLE users ADD COLUMN nickname text;';

describe(ID, () => {
  it('follows its docs examples', () => expectDocsExamples(ID));
  it('fires once, on the first statement that takes a strong lock on an existing table', () => {
    const sql = `CREATE TABLE t (id int);\nCREATE INDEX t_id ON t (id);\nINSERT INTO users (id) VALUES (3);\n${ALTER}\nDROP INDEX users_email_idx;`;
    const found = expectFires(ID, sql);
    assert.equal(found.length, 1);
    assert.equal(found[0].start, sql.indexOf(ALTER));
    assert.match(found[0].message, /ACCESS EXCLUSIVE on users/);
  });
  it('finds its statement in the same lint as missing-statement-timeout, each past its own setting (the two share the statements\' locks)', () => {
    const index = 'CREATE INDEX users_email_idx ON users (email);';
    const sql = `SET statement_timeout = '30s';\n${index}\nSET lock_timeout = '3s';\n${ALTER}`;
    const findings = lintText(sql, { path: 'db/init/001_test.sql' }).findings;
    const at = (id: string) => findings.filter((f) => f.ruleId === id).map((f) => sql.slice(f.start, f.end));
    const head = index.slice(0, -1); // a finding's range ends before the semicolon
    assert.deepEqual(at(ID), [head]);
    assert.deepEqual(at('missing-statement-timeout'), []);
    const late = `SET lock_timeout = '3s';\n${index}\nSET statement_timeout = '30s';\n${ALTER}`;
    const lateFindings = lintText(late, { path: 'db/init/001_test.sql' }).findings;
    assert.deepEqual(lateFindings.filter((f) => f.ruleId === ID), []);
    assert.deepEqual(lateFindings.filter((f) => f.ruleId === 'missing-statement-timeout').map((f) => late.slice(f.start, f.end)), [head]);
  });
  it('counts write-blocking locks only (a plain index build, not CONCURRENTLY)', () => {
    expectFires(ID, 'CREATE INDEX i ON users (email);');
    expectQuiet(ID, 'CREATE INDEX CONCURRENTLY i ON users (email);', { path: 'db/011_i.sql' });
    expectQuiet(ID, "UPDATE users SET name = 'x' WHERE id = 1;");
    // Nobody writes to a materialized view: only ACCESS EXCLUSIVE (blocking reads) matters there.
    expectQuiet(ID, 'REFRESH MATERIALIZED VIEW CONCURRENTLY daily_totals;');
    expectFires(ID, 'REFRESH MATERIALIZED VIEW daily_totals;');
  });
  it('is quiet when lock_timeout is set before, and fires when it is only set after or reset to 0', () => {
    expectQuiet(ID, `SET lock_timeout = '3s';\n${ALTER}`);
    expectQuiet(ID, `BEGIN;\nSET LOCAL lock_timeout TO '3s';\n${ALTER}\nCOMMIT;`, { path: 'db/011_x.sql' });
    expectFires(ID, `${ALTER}\nSET lock_timeout = '3s';`);
    expectFires(ID, `SET lock_timeout = '3s';\nSET lock_timeout = 0;\n${ALTER}`);
    expectFires(ID, `SET lock_timeout = '3s';\nRESET lock_timeout;\n${ALTER}`);
  });
  it('does not count SET LOCAL outside a transaction (it has no effect there)', () => {
    expectFires(ID, `SET LOCAL lock_timeout = '3s';\n${ALTER}`, { path: 'db/011_x.sql' });
  });
  it('is quiet in a down file on the tables and indexes its up file created, not on others', () => {
    const down = { path: 'db/migrations/002_x.down.sql', set: { upTwinObjects: new Set(['table:plans', 'index:plans_name_idx']) } };
    expectQuiet(ID, 'DROP INDEX plans_name_idx;\nALTER TABLE plans DROP COLUMN name;\nDROP TABLE plans;', down);
    expectFires(ID, 'ALTER TABLE users DROP COLUMN plan_id;\nDROP TABLE plans;', down);
    expectQuiet('create-index-not-concurrently', 'CREATE INDEX plans_old_idx ON plans (name);', down);
    expectFires('create-index-not-concurrently', 'CREATE INDEX plans_old_idx ON plans (name);', { path: 'db/migrations/002_x.down.sql' });
  });
  it('is quiet for tables created earlier in the file', () => {
    expectQuiet(ID, 'CREATE TABLE t (id int);\nALTER TABLE t ADD COLUMN x int;');
  });
  it('fixes by inserting the preamble before the first statement, after header comments', () => {
    const sql = `-- Migration: add nickname\nCREATE TABLE t (id int);\n${ALTER}\n`;
    assert.equal(expectFixed(ID, sql), `-- Migration: add nickname\n${BOTH}\nCREATE TABLE t (id int);\n${ALTER}\n`);
  });
  it("never separates a statement from its own comment (Prisma's `-- CreateEnum`), and stays below directives", () => {
    const prisma = `-- CreateEnum\nCREATE TYPE "Role" AS ENUM ('a');\n\n-- AlterTable\n${ALTER}\n`;
    assert.equal(expectFixed(ID, prisma, { path: 'prisma/migrations/20240101000000_x/migration.sql' }), `${BOTH}\n${prisma}`);
    const ignored = `-- lens-ignore prefer-text -- reason\n${ALTER}\n`;
    assert.equal(expectFixed(ID, ignored), `${BOTH}\n${ignored}`);
    const header = `-- Migration: add nickname\n-- Author: me\n${ALTER}\n`;
    assert.equal(expectFixed(ID, header), `-- Migration: add nickname\n-- Author: me\n${BOTH}\n${ALTER}\n`);
    const goose = `-- +goose Up\n-- add a column\n${ALTER}\n`;
    assert.equal(expectFixed(ID, goose, { path: 'db/migrations/00001_x.sql' }), `-- +goose Up\n${BOTH}\n-- add a column\n${ALTER}\n`);
    const drizzle = `CREATE TABLE t (id int);\n--> statement-breakpoint\n${ALTER}\n`;
    assert.equal(expectFixed(ID, drizzle), `${BOTH}\n${drizzle}`);
  });
  it('uses the lockTimeout option, ignoring a value that is not a duration', () => {
    const config = (v: unknown) => ({ ...defaultConfig(), rules: { [ID]: { options: { lockTimeout: v } } } });
    assert.equal(expectFixed(ID, ALTER, { config: config('2s') }), `SET lock_timeout = '2s';\nSET statement_timeout = '15min';\n${ALTER}`);
    assert.equal(expectFixed(ID, ALTER, { config: config("1s'; DROP TABLE x; --") }), `${BOTH}\n${ALTER}`);
  });
  it('names statement_timeout too where it is missing at the same statement: one finding, one fix for both', () => {
    const [f] = expectFires(ID, ALTER);
    assert.equal(f.fixes[0].title, "Add SET lock_timeout = '5s' and SET statement_timeout = '15min'");
    const statementOff = { config: { ...defaultConfig(), rules: { 'missing-statement-timeout': { severity: 'off' as const, options: {} } } } };
    assert.equal(expectFixed(ID, ALTER, statementOff), `SET lock_timeout = '5s';\n${ALTER}`);
    assert.equal(expectFixed(ID, `SET statement_timeout = '1h';\n${ALTER}`), `SET lock_timeout = '5s';\nSET statement_timeout = '1h';\n${ALTER}`);
    // Indented first statement: both inserted lines keep its indent.
    assert.equal(expectFixed(ID, `  ${ALTER}`), `  SET lock_timeout = '5s';\n  SET statement_timeout = '15min';\n  ${ALTER}`);
  });
});
