import * as assert from 'node:assert/strict';
import { defaultConfig } from '../../../server/src/config';
import { expectDocsExamples, expectFires, expectFixed, expectQuiet } from './harness';

const ID = 'create-trigger-without-or-replace';
const TRIGGER = 'CREATE TRIGGER tr BEFORE UPDATE ON app.users FOR EACH ROW EXECUTE FUNCTION touch();';
const pg13 = { config: { ...defaultConfig(), postgresVersion: 13 } };

describe(ID, () => {
  it('follows its docs examples', () => expectDocsExamples(ID));
  it('fires on CREATE TRIGGER without OR REPLACE, even on a table created earlier in the file', () => {
    expectFires(ID, TRIGGER);
    expectFires(ID, `CREATE TABLE IF NOT EXISTS app.users (id int);\n${TRIGGER}`);
  });
  it('is quiet with OR REPLACE or after DROP TRIGGER (IF EXISTS) of the same trigger on the same table', () => {
    expectQuiet(ID, TRIGGER.replace('CREATE', 'CREATE OR REPLACE'));
    expectQuiet(ID, `DROP TRIGGER IF EXISTS tr ON app.users;\n${TRIGGER}`);
    expectQuiet(ID, `DROP TABLE IF EXISTS app.users;\nCREATE TABLE app.users (id int);\n${TRIGGER}`);
  });
  it('is not guarded by a DROP of the same trigger name on another table', () => {
    expectFires(ID, `DROP TRIGGER IF EXISTS tr ON app.orders;\n${TRIGGER}`);
    expectFires(ID, `DROP TRIGGER IF EXISTS other ON app.users;\n${TRIGGER}`);
  });
  it('fixes with OR REPLACE on PostgreSQL 14+', () => {
    assert.equal(expectFixed(ID, TRIGGER), TRIGGER.replace('CREATE', 'CREATE OR REPLACE'));
  });
  it('fixes with DROP TRIGGER IF EXISTS before PostgreSQL 14', () => {
    const [f] = expectFires(ID, TRIGGER, pg13);
    assert.match(f.message, /PostgreSQL 13/);
    assert.equal(expectFixed(ID, `  ${TRIGGER}`, pg13), `  DROP TRIGGER IF EXISTS tr ON app.users;\n  ${TRIGGER}`);
  });
  it('uses DROP TRIGGER IF EXISTS for constraint triggers, which cannot be replaced', () => {
    const sql = 'CREATE CONSTRAINT TRIGGER "Check" AFTER INSERT ON t DEFERRABLE FOR EACH ROW EXECUTE FUNCTION chk();';
    assert.equal(expectFixed(ID, sql), `DROP TRIGGER IF EXISTS "Check" ON t;\n${sql}`);
  });
});
