/**
 * In the style of ESLint's RuleTester: every rule's bad docs example gives exactly these findings,
 * each with its message, line, column, end line and end column (1-based, UTF-16 columns, as the
 * CLI prints them), and no others. Each expectation was reviewed by eye: the comment shows the
 * text it underlines (a subcommand, a column's type, or the statement's head).
 * Statement rules run on the default test path (an init-sorted set, so idempotency findings are
 * warnings there), header rules with the header preset on; layout rules on their file listing.
 */
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { regionOf } from '../../../server/src/cli/location';
import { ALL_RULES, RULES_BY_ID } from '../../../server/src/rules/index';
import { cleanTemp, materialize, setFindings } from '../layout/helpers';
import { findingsOf } from './harness';
import { HEADER_ON } from './header-fixtures';

type Expected = [line: number, column: number, endLine: number, endColumn: number, message: string];
type ExpectedInFile = [file: string, line: number, column: number, endLine: number, endColumn: number, message: string];

/**
 * unlintable-file's example is a description (a 20 MB dump), not a file: the engine tests cover it.
 * The run-time rules (apply-…, proof-…) have no check on the text: their examples run on PGlite,
 * in the preview and proof tests (test/unit/preview, test/unit/cli/check*.test.ts), and the lock
 * test checks proof-lock's example.
 */
const DESCRIBED_ONLY = new Set(['unlintable-file', ...ALL_RULES.filter((r) => r.runTime).map((r) => r.id)]);

const STATEMENT_RULES: Record<string, Expected[]> = {
  'syntax-error': [
    [1, 8, 1, 13, "syntax error at or near \"TABEL\""], // "TABEL"
  ],
  'unlintable-file': [
  ],
  'apply-error': [],
  'apply-note': [],
  'proof-idempotency': [],
  'proof-round-trip': [],
  'proof-drift': [],
  'proof-lock': [],
  'empty-migration': [
    [1, 1, 1, 1, "This migration has no statements."], // ""
  ],
  'unused-ignore': [
    [1, 1, 1, 50, "lens-ignore create-table-without-if-not-exists suppresses nothing here."], // "-- lens-ignore create-table-without-if-not-exists"
  ],
  'create-table-without-if-not-exists': [
    [1, 1, 1, 43, "CREATE TABLE users fails if the table already exists: add IF NOT EXISTS."], // "CREATE TABLE users (id bigint PRIMARY KEY)"
  ],
  'create-index-without-if-not-exists': [
    [1, 1, 1, 44, "CREATE INDEX users_name_idx fails if the index already exists: add IF NOT EXISTS."], // "CREATE INDEX users_name_idx ON users (name)"
  ],
  'create-schema-without-guard': [
    [1, 1, 1, 22, "CREATE SCHEMA billing fails if the schema already exists: add IF NOT EXISTS."], // "CREATE SCHEMA billing"
  ],
  'create-sequence-without-guard': [
    [1, 1, 1, 46, "CREATE SEQUENCE invoice_number_seq fails if the sequence already exists: add IF NOT EXISTS."], // "CREATE SEQUENCE invoice_number_seq START 1000"
  ],
  'create-extension-without-guard': [
    [1, 1, 1, 26, "CREATE EXTENSION pgcrypto fails if the extension is already installed: add IF NOT EXISTS."], // "CREATE EXTENSION pgcrypto"
  ],
  'create-view-without-guard': [
    [1, 1, 1, 77, "CREATE VIEW named_users fails if the view already exists: use CREATE OR REPLACE VIEW."], // "CREATE VIEW named_users AS SELECT id, name FROM users WHERE name IS NOT NULL"
  ],
  'create-type-without-guard': [
    [1, 1, 1, 42, "CREATE TYPE mood AS ENUM fails if the type already exists, and has no IF NOT EXISTS: wrap it in a DO block that catches duplicate_object."], // "CREATE TYPE mood AS ENUM ('happy', 'sad')"
  ],
  'create-function-without-or-replace': [
    [1, 1, 1, 124, "CREATE FUNCTION touch_updated_at fails if it already exists: use CREATE OR REPLACE FUNCTION."], // "CREATE FUNCTION touch_updated_at() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN NEW.updated_at := now(); RETURN NEW; END $$"
  ],
  'create-trigger-without-or-replace': [
    [1, 1, 1, 99, "CREATE TRIGGER users_touch ON users fails if the trigger already exists: use CREATE OR REPLACE TRIGGER."], // "CREATE TRIGGER users_touch BEFORE UPDATE ON users FOR EACH ROW EXECUTE FUNCTION touch_updated_at()"
  ],
  'create-policy-without-drop': [
    [1, 1, 1, 61, "CREATE POLICY own_rows ON notes fails if the policy already exists: put DROP POLICY IF EXISTS before it."], // "CREATE POLICY own_rows ON notes USING (owner = current_user)"
  ],
  'add-column-without-if-not-exists': [
    [1, 19, 1, 55, "ADD COLUMN last_login_at fails if users already has the column: add IF NOT EXISTS."], // "ADD COLUMN last_login_at timestamptz"
  ],
  'add-constraint-without-drop-if-exists': [
    [1, 20, 1, 75, "ADD CONSTRAINT orders_total_positive fails if orders already has it: put ALTER TABLE … DROP CONSTRAINT IF EXISTS orders_total_positive before it."], // "ADD CONSTRAINT orders_total_positive CHECK (total >= 0)"
  ],
  'drop-without-if-exists': [
    [1, 1, 1, 27, "DROP INDEX users_email_idx fails once it is gone (the second run): add IF EXISTS."], // "DROP INDEX users_email_idx"
  ],
  'insert-without-on-conflict': [
    [1, 1, 1, 54, "INSERT INTO roles runs again on a re-run: add ON CONFLICT … DO NOTHING, or guard the rows with WHERE NOT EXISTS."], // "INSERT INTO roles (name) VALUES ('admin'), ('member')"
  ],
  'alter-enum-add-value-without-if-not-exists': [
    [1, 1, 1, 45, "ADD VALUE 'refunded' fails if order_status already has it: add IF NOT EXISTS."], // "ALTER TYPE order_status ADD VALUE 'refunded'"
  ],
  'create-index-not-concurrently': [
    [1, 1, 1, 44, "CREATE INDEX on existing table users blocks writes (SHARE lock) for the whole build: use CREATE INDEX CONCURRENTLY. This set applies all files in one transaction: run it as a separate step outside the migration run."], // "CREATE INDEX users_name_idx ON users (name)"
  ],
  'drop-index-not-concurrently': [
    [1, 1, 1, 27, "DROP INDEX locks the table ACCESS EXCLUSIVE (reads and writes queue behind it): use DROP INDEX CONCURRENTLY. This set applies all files in one transaction: run it as a separate step outside the migration run."], // "DROP INDEX users_email_idx"
  ],
  'concurrently-in-transaction': [
    [2, 1, 2, 57, "CREATE INDEX CONCURRENTLY cannot run inside a transaction block, and this statement runs in one: the migration fails. This set applies all files in one transaction: run it as a separate step outside the migration run."], // "CREATE INDEX CONCURRENTLY users_name_idx ON users (name)"
  ],
  'reindex-not-concurrently': [
    [1, 1, 1, 30, "REINDEX blocks writes (SHARE on the table) and queries using the index (ACCESS EXCLUSIVE on it): use REINDEX CONCURRENTLY. This set applies all files in one transaction: run it as a separate step outside the migration run."], // "REINDEX INDEX users_email_idx"
  ],
  'refresh-matview-not-concurrently': [
    [1, 1, 1, 38, "REFRESH MATERIALIZED VIEW user_emails blocks every read of the view (ACCESS EXCLUSIVE): use CONCURRENTLY (needs a unique index on the view)."], // "REFRESH MATERIALIZED VIEW user_emails"
  ],
  'detach-partition-not-concurrently': [
    [1, 20, 1, 48, "DETACH PARTITION locks events ACCESS EXCLUSIVE: every query on it waits. Use DETACH PARTITION … CONCURRENTLY. This set applies all files in one transaction: run it as a separate step outside the migration run."], // "DETACH PARTITION events_2023"
  ],
  'attach-partition': [
    [1, 20, 1, 97, "ATTACH PARTITION scans events_2024 under ACCESS EXCLUSIVE to check its rows: add a matching CHECK … NOT VALID and VALIDATE it first so the scan is skipped."], // "ATTACH PARTITION events_2024 FOR VALUES FROM ('2024-01-01') TO ('2025-01-01')"
  ],
  'vacuum-full-or-cluster': [
    [1, 1, 1, 31, "CLUSTER rewrites the table under ACCESS EXCLUSIVE: reads and writes wait for the whole rewrite. Use pg_repack outside the migration."], // "CLUSTER users USING users_pkey"
  ],
  'foreign-key-not-valid-missing': [
    [1, 20, 1, 98, "Adding foreign key orders_user_id_fkey scans orders while writes to it and to users wait: add it NOT VALID, then VALIDATE CONSTRAINT separately."], // "ADD CONSTRAINT orders_user_id_fkey FOREIGN KEY (user_id) REFERENCES users (id)"
  ],
  'check-constraint-not-valid-missing': [
    [1, 19, 1, 77, "Adding CHECK constraint users_email_has_at scans users under ACCESS EXCLUSIVE: add it NOT VALID, then VALIDATE CONSTRAINT separately."], // "ADD CONSTRAINT users_email_has_at CHECK (email LIKE '%@%')"
  ],
  'validate-in-same-transaction': [
    [2, 19, 2, 57, "VALIDATE CONSTRAINT users_email_has_at runs in the same transaction as the NOT VALID that added it: the lock taken then is still held during the scan. Validate in a later migration."], // "VALIDATE CONSTRAINT users_email_has_at"
  ],
  'unique-constraint-without-index': [
    [1, 19, 1, 64, "Adding a UNIQUE constraint builds its index while users is locked ACCESS EXCLUSIVE: create the unique index CONCURRENTLY, then ADD CONSTRAINT … UNIQUE USING INDEX."], // "ADD CONSTRAINT users_email_key UNIQUE (email)"
  ],
  'add-primary-key-on-existing-table': [
    [1, 23, 1, 43, "ADD PRIMARY KEY builds its index while audit_log is locked ACCESS EXCLUSIVE: create a unique index CONCURRENTLY, then ADD CONSTRAINT … PRIMARY KEY USING INDEX."], // "ADD PRIMARY KEY (id)"
  ],
  'exclusion-constraint': [
    [1, 22, 1, 92, "Adding an EXCLUDE constraint builds its index and checks every row of bookings under ACCESS EXCLUSIVE, with no online alternative."], // "ADD CONSTRAINT bookings_no_overlap EXCLUDE USING gist (during WITH &&)"
  ],
  'set-not-null-on-existing-column': [
    [1, 19, 1, 50, "SET NOT NULL on users.email scans the table under ACCESS EXCLUSIVE: add CHECK (email IS NOT NULL) NOT VALID, VALIDATE it, then SET NOT NULL."], // "ALTER COLUMN email SET NOT NULL"
  ],
  'add-required-column': [
    [1, 19, 1, 48, "ADD COLUMN plan NOT NULL without a DEFAULT fails if users has rows: add a DEFAULT, or add it nullable, backfill, then set NOT NULL."], // "ADD COLUMN plan text NOT NULL"
  ],
  'volatile-default-rewrite': [
    [1, 19, 1, 68, "ADD COLUMN api_key rewrites users under ACCESS EXCLUSIVE: the volatile default gen_random_uuid() is evaluated for every existing row. Add it without the default, SET DEFAULT, then backfill in batches."], // "ADD COLUMN api_key uuid DEFAULT gen_random_uuid()"
  ],
  'change-column-type': [
    [1, 19, 1, 54, "Changing the type of users.name takes ACCESS EXCLUSIVE. It rewrites the table and its indexes unless the change is binary-coercible (varchar(n) → varchar(m) with m ≥ n, or → unbounded varchar): then it is brief. Otherwise add a new column and backfill."], // "ALTER COLUMN name TYPE varchar(200)"
  ],
  'missing-lock-timeout': [
    [1, 1, 1, 43, "This statement takes ACCESS EXCLUSIVE on users with neither lock_timeout nor statement_timeout set: while it waits for the lock, every query on the table queues behind it, and if it runs long, the table stays locked for all of it. Add SET lock_timeout = '5s'; and SET statement_timeout = '15min'; at the top of the migration."], // "ALTER TABLE users ADD COLUMN nickname text"
  ],
  'missing-statement-timeout': [
    [2, 1, 2, 77, "This statement takes ACCESS EXCLUSIVE on users with no statement_timeout set: if it runs long, the table stays locked for all of it. Add SET statement_timeout = '15min'; at the top of the migration."], // "ALTER TABLE users ADD CONSTRAINT users_email_has_at CHECK (email LIKE '%@%')"
  ],
  'holding-access-exclusive': [
    [2, 1, 2, 33, "This changes data of users while users is still locked ACCESS EXCLUSIVE (taken on line 1): every query on it waits until COMMIT. Take that lock last, or move this to another transaction."], // "UPDATE users SET nickname = name"
  ],
  'many-tables-locked': [
    [3, 1, 3, 49, "This transaction now holds write-blocking locks on 3 existing tables (users, orders, invoices) until COMMIT: split it."], // "ALTER TABLE invoices ADD COLUMN archived boolean"
  ],
  'multiple-alter-table': [
    [2, 1, 2, 75, "Another ALTER TABLE on users right after the previous one: combine them into one statement (one pass over the table instead of two)."], // "ALTER TABLE users ADD CONSTRAINT users_name_len CHECK (length(name) < 200)"
  ],
  'column-does-not-exist': [
    [3, 40, 3, 45, "Column email does not exist on users at this point: it was renamed to login in line 2."], // "email"
  ],
  'object-dropped-earlier': [
    [3, 13, 3, 22, "audit_log was dropped in line 2 and is not created again before this statement."], // "audit_log"
  ],
  'column-added-twice': [
    [2, 33, 2, 38, "Column total is added to invoices again: it was added in line 1."], // "total"
  ],
  'alter-domain-add-constraint': [
    [1, 1, 1, 88, "Adding a constraint to domain email_address scans every column using it while writes to those tables wait (SHARE): add it NOT VALID, then VALIDATE."], // "ALTER DOMAIN email_address ADD CONSTRAINT email_address_has_at CHECK (VALUE LIKE '%@%')"
  ],
  'rename-column': [
    [1, 1, 1, 55, "Renaming users.email to email_address breaks running code that still uses email: add the new column and drop the old one in a later release."], // "ALTER TABLE users RENAME COLUMN email TO email_address"
  ],
  'rename-table': [
    [1, 1, 1, 37, "Renaming table users to accounts breaks running code that still uses users: keep a view named users until old code is gone."], // "ALTER TABLE users RENAME TO accounts"
  ],
  'drop-column': [
    [1, 19, 1, 42, "Dropping users.legacy_name loses its data and breaks code that still uses it."], // "DROP COLUMN legacy_name"
  ],
  'drop-table': [
    [1, 1, 1, 27, "Dropping legacy_sessions loses the data and breaks code that still uses it."], // "DROP TABLE legacy_sessions"
  ],
  'drop-schema': [
    [1, 1, 1, 28, "DROP SCHEMA billing CASCADE drops every object in it with its data; drop its tables in reviewed steps, then the empty schema without CASCADE."], // "DROP SCHEMA billing CASCADE"
  ],
  'drop-database': [
    [1, 1, 1, 25, "DROP DATABASE legacy_app destroys the whole database: do it by hand after a backup, not in a migration."], // "DROP DATABASE legacy_app"
  ],
  'drop-not-null': [
    [1, 19, 1, 51, "users.email may now hold NULL: code that assumes a value breaks on the first NULL."], // "ALTER COLUMN email DROP NOT NULL"
  ],
  'too-many-findings': [
    [201, 1, 201, 26, '1 more finding in this file is not shown (1 drop-table): at most 200 of each rule and 1000 in all are listed (the options of too-many-findings).'], // the 201st "DROP TABLE IF EXISTS t200"
  ],
  'truncate': [
    [1, 1, 1, 18, "TRUNCATE deletes every row of sessions."], // "TRUNCATE sessions"
  ],
  'delete-or-update-without-where': [
    [1, 1, 1, 31, "UPDATE without a condition changes every row of users: add a WHERE clause."], // "UPDATE users SET plan = 'free'"
  ],
  'transaction-nesting': [
    [1, 1, 1, 6, "Under the init-sorted convention the runner applies every file inside one transaction: this BEGIN is ignored and its COMMIT ends the runner's transaction early. Remove BEGIN/COMMIT."], // "BEGIN"
  ],
  'uncommitted-transaction': [
    [1, 1, 1, 6, "This transaction is never committed: add COMMIT at the end of the file."], // "BEGIN"
  ],
  'enum-value-removal-or-reorder': [
    [2, 1, 2, 42, "Recreating enum mood (renamed old type): rows holding a value left out fail the cast or are lost, and moving each column to the new type rewrites its table under ACCESS EXCLUSIVE. Only add values."], // "CREATE TYPE mood AS ENUM ('sad', 'happy')"
  ],
  'prefer-bigint': [
    [1, 25, 1, 31, "orders.id is a 32-bit (or smaller) id: use bigint GENERATED BY DEFAULT AS IDENTITY before the table grows; widening later rewrites the table."], // "serial"
    [1, 57, 1, 64, "orders.customer_id is a 32-bit (or smaller) id: use bigint before the table grows; widening later rewrites the table."], // "integer"
  ],
  'prefer-identity': [
    [1, 25, 1, 34, "orders.id uses a serial type: prefer bigint GENERATED BY DEFAULT AS IDENTITY."], // "bigserial"
  ],
  'prefer-text': [
    [1, 50, 1, 62, "users.email is varchar(255): prefer text with CHECK (char_length(email) <= 255); changing a varchar limit later locks the table."], // "varchar(255)"
  ],
  'prefer-timestamptz': [
    [1, 56, 1, 65, "events.created_at is timestamp without time zone: prefer timestamptz."], // "timestamp"
  ],
  'prefer-jsonb': [
    [1, 53, 1, 57, "events.payload is json: prefer jsonb."], // "json"
  ],
  'ban-char': [
    [1, 30, 1, 37, "countries.code is char(n), padded with spaces: use text."], // "char(2)"
  ],
  'foreign-key-without-index': [
    [1, 73, 1, 83, "No index on orders (customer_id) for its foreign key to customers: deletes and key updates on customers scan orders."], // "REFERENCES"
  ],
  'identifier-too-long': [
    [1, 14, 1, 84, "Identifier is 70 bytes: PostgreSQL keeps its first 63 and stores it as \"customer_subscription_invoice_adjustments_by_billing_period_and\" (with only a NOTICE). SQL naming it in full still reaches it; code comparing names as text (pg_constraint, an ORM's schema diff) does not."], // "customer_subscription_invoice_adjustments_by_billing_period_and_region"
  ],
  'mixed-schema-and-data': [
    [2, 1, 2, 50, "This migration mixes 1 schema change with 1 data change to existing tables: move the data changes to their own migration."], // "UPDATE users SET plan = 'free' WHERE plan IS NULL"
  ],
  'header-missing': [
    [1, 1, 1, 1, "This migration has no header block."], // ""
  ],
  'header-field-missing': [
    [1, 4, 1, 64, "Header field \"IMPACT\" is missing."], // "============================================================"
    [1, 4, 1, 64, "Header field \"DATA RISK\" is missing."], // "============================================================"
    [1, 4, 1, 64, "Header field \"ROLLBACK STRATEGY\" is missing."], // "============================================================"
    [1, 4, 1, 64, "Header field \"Safe to re-run\" is missing."], // "============================================================"
    [5, 4, 5, 40, "Header field \"PURPOSE\" is still a placeholder: fill it in."], // "PURPOSE: <why this migration exists>"
  ],
  'header-migration-name': [
    [1, 15, 1, 36, "Header says Migration: 202601010000_old_copy, but this migration is 202604211430_add_user_preferences."], // "202601010000_old_copy"
  ],
  'header-date-format': [
    [1, 10, 1, 20, "Header Date \"21/04/2026\" is not a valid YYYY-MM-DD HH:mm."], // "21/04/2026"
  ],
  'header-data-risk': [
    [1, 15, 1, 19, "DATA RISK none needs a brief justification."], // "none"
    [1, 15, 1, 19, "DATA RISK says none, but the migration is destructive (drop-column)."], // "none"
  ],
  'dangerous-migration-undeclared': [
    [2, 19, 2, 42, "Destructive change (drop-column) needs `Type: Dangerous migration` in the header and a DANGEROUS CHANGE REVIEW section. Destructive rules here: drop-column."], // "DROP COLUMN legacy_flag"
  ],
  'rerun-claim-contradicted': [
    [2, 1, 2, 57, "The header claims \"Safe to re-run\", but this statement is not idempotent (create-table-without-if-not-exists)."], // "CREATE TABLE user_preferences (user_id uuid PRIMARY KEY)"
  ],
};

const SET_RULES: Record<string, ExpectedInFile[]> = {
  'missing-down-migration': [
    ['migrations/002_create_orders.up.sql', 1, 1, 1, 33, "002_create_orders.up.sql has no down file: add 002_create_orders.down.sql so that a rollback can undo it."], // "CREATE TABLE orders (id bigint);"
  ],
  'down-does-not-parse': [
    ['migrations/001_create_users.down.sql', 1, 6, 1, 11, "Down migration 001_create_users.down.sql does not parse: syntax error at or near \"TABEL\""], // "TABEL"
  ],
  'duplicate-migration-number': [
    ['db/002_add_orders.sql', 1, 1, 1, 10, "Migration number 002 is also used by 002_add_refunds.sql: give one of them the next free number."], // "SELECT 1;"
    ['db/002_add_refunds.sql', 1, 1, 1, 10, "Migration number 002 is also used by 002_add_orders.sql: give one of them the next free number."], // "SELECT 1;"
  ],
  'gap-in-numbering': [
    ['db/005_add_refunds.sql', 1, 1, 1, 10, "Numbering jumps from 002 to 005 before 005_add_refunds.sql (missing: 3 to 4)."], // "SELECT 1;"
  ],
  'journal-missing-file': [
    ['drizzle/meta/_journal.json', 1, 176, 1, 199, "The journal lists 0001_add_orders, but 0001_add_orders.sql does not exist: drizzle-kit migrate will stop here."], // "\"tag\":\"0001_add_orders\""
  ],
  'file-missing-from-journal': [
    ['drizzle/0001_add_orders.sql', 1, 1, 1, 33, "0001_add_orders.sql is not in meta/_journal.json: drizzle-kit migrate will never apply it (the schema checks skip it until it is listed)."], // "CREATE TABLE orders (id bigint);"
  ],
  'migration-tool-refuses': [
    ['db/migration/V2__index_t.sql', 1, 37, 1, 79, 'Flyway refuses V2__index_t.sql: it mixes statements it runs in a transaction with one it cannot ("Detected both transactional and non-transactional statements within the same migration"). Move this statement to its own script, or set executeInTransaction=false in V2__index_t.sql.conf.'], // "CREATE INDEX CONCURRENTLY t_a_idx ON t (a)"
  ],
  'prisma-folder-name': [
    ['prisma/migrations/10_add_refunds/migration.sql', 1, 1, 1, 34, "Migration folder 10_add_refunds sorts before 1_init by name, so Prisma applies it first although its number comes after: give the numbers one width."], // "CREATE TABLE refunds (id bigint);"
  ],
  'file-not-in-order': [
    ['supabase/migrations/20240201120000_add_refunds.sql', 1, 1, 1, 10, "20240201120000_add_refunds.sql is new but runs before 20240301120000_add_orders.sql, which is already on main: rename it so that it sorts last."], // "SELECT 1;"
  ],
  'migration-edited-after-commit': [
    ['prisma/migrations/20240301120000_add_email/migration.sql', 1, 1, 1, 50, "20240301120000_add_email/migration.sql is already on main and has been edited since: databases that applied it will not see the change. Restore it and write a new migration."], // "ALTER TABLE users ADD COLUMN email text NOT NULL;"
  ],
};

describe('every rule on its bad docs example (RuleTester style)', () => {
  after(cleanTemp);

  it('covers every registered rule', () => {
    const covered = [...Object.keys(STATEMENT_RULES), ...Object.keys(SET_RULES)].sort();
    assert.deepEqual(covered, ALL_RULES.map((r) => r.id).sort());
  });

  for (const [id, expected] of Object.entries(STATEMENT_RULES)) {
    it(id, () => {
      const rule = RULES_BY_ID.get(id)!;
      const bad = rule.docs.bad;
      const doc = TextDocument.create('file:///bad.sql', 'sql', 0, bad);
      const found = findingsOf(id, bad, rule.category === 'header' ? HEADER_ON : {}).map((f): Expected => {
        const r = regionOf(doc, f.start, f.end);
        return [r.line, r.column, r.endLine, r.endColumn, f.message];
      });
      if (DESCRIBED_ONLY.has(id)) assert.deepEqual(found, [], `${id}: its example is prose, or runs on PGlite`);
      else assert.ok(expected.length > 0, `${id}: its bad example must fire it`);
      assert.deepEqual(found, expected);
    });
  }

  for (const [id, expected] of Object.entries(SET_RULES)) {
    it(id, () => {
      const root = materialize(RULES_BY_ID.get(id)!.docs.bad);
      const found = setFindings(id, root).map((f): ExpectedInFile => {
        const r = regionOf(TextDocument.create('file:///f', 'sql', 0, readFileSync(f.path, 'utf8')), f.start, f.end);
        return [relative(root, f.path), r.line, r.column, r.endLine, r.endColumn, f.message];
      });
      assert.ok(expected.length > 0, `${id}: its bad listing must fire it`);
      assert.deepEqual(found, expected);
    });
  }
});
