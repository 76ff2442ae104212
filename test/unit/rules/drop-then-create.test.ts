/**
 * `DROP … IF EXISTS x` followed by `CREATE … x` is a re-runnable pair for every kind of object
 * the idempotency rules know: the second run drops what the first created and creates it again.
 */
import * as assert from 'node:assert/strict';
import { lintText } from '../../../server/src/engine';

const PAIRS: [string, string, string][] = [
  ['create-table-without-if-not-exists', 'DROP TABLE IF EXISTS report_cache;', 'CREATE TABLE report_cache (id bigint PRIMARY KEY, body jsonb);'],
  ['create-index-without-if-not-exists', 'DROP INDEX IF EXISTS orders_status_idx;', 'CREATE INDEX orders_status_idx ON orders (status);'],
  ['create-view-without-guard', 'DROP VIEW IF EXISTS active_users;', 'CREATE VIEW active_users AS SELECT id FROM users WHERE active;'],
  ['create-trigger-without-or-replace', 'DROP TRIGGER IF EXISTS set_updated_at ON orders;', 'CREATE TRIGGER set_updated_at BEFORE UPDATE ON orders FOR EACH ROW EXECUTE FUNCTION touch();'],
  ['create-policy-without-drop', 'DROP POLICY IF EXISTS own_rows ON notes;', 'CREATE POLICY own_rows ON notes USING (owner = current_user);'],
  ['create-function-without-or-replace', 'DROP FUNCTION IF EXISTS touch();', "CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN NEW.updated_at := now(); RETURN NEW; END $$;"],
  ['create-type-without-guard', 'DROP TYPE IF EXISTS order_state;', "CREATE TYPE order_state AS ENUM ('new', 'paid');"],
];

const ids = (sql: string, rule: string) => lintText(sql, { path: 'db/init/01_schema.sql' }).findings.filter((f) => f.ruleId === rule).map((f) => f.ruleId);

describe('DROP … IF EXISTS then CREATE is re-runnable', () => {
  for (const [rule, drop, create] of PAIRS) {
    it(`${rule}: fires on the CREATE alone, not after the DROP`, () => {
      assert.deepEqual(ids(create, rule), [rule]);
      assert.deepEqual(ids(`${drop}\n${create}`, rule), []);
      // A DROP after the CREATE does not make the CREATE re-runnable.
      assert.deepEqual(ids(`${create}\n${drop}`, rule), [rule]);
    });
  }
});
