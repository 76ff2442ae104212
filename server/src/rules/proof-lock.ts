import { defineRule } from './types';

/** Found by the lock trace (preview/prove/trace.ts): this file holds the id, severity and docs. */
export default defineRule({
  id: 'proof-lock',
  category: 'safety',
  defaultSeverity: 'warning',
  runTime: 'proof',
  docs: {
    summary: 'Observed in PostgreSQL: the statement takes a lock that blocks traffic on an existing table for long (a rewrite) or from SQL the static rules cannot read.',
    why: 'Each statement is run on top of the earlier migrations in PGlite and rolled back; `pg_locks` and `relfilenode` show its locks and rewrites. A lock the static rules already report is not reported again, so this finds what they cannot see: DDL run by a function, a `DO` block building SQL, a rewrite PostgreSQL decides on. Run by the editor\'s lock trace and by `migration-lens check --trace`.',
    instead: 'Take the lock for a short time (add the column without a volatile default, backfill in batches, then set the default), or run the statement when the table is idle and say so in a suppression comment.',
    lock: 'ACCESS EXCLUSIVE',
    setup: "CREATE TABLE users (id bigint PRIMARY KEY, name text);\nINSERT INTO users SELECT g, 'user ' || g FROM generate_series(1, 1000) g;\nCREATE FUNCTION add_audit_column(t text) RETURNS void LANGUAGE plpgsql AS $$ BEGIN EXECUTE format('ALTER TABLE %I ADD COLUMN audited_at timestamptz DEFAULT clock_timestamp()', t); END $$;",
    bad: "SELECT add_audit_column('users');",
    good: "ALTER TABLE users ADD COLUMN IF NOT EXISTS audited_at timestamptz;\n-- then backfill in batches, and set the default for new rows:\nALTER TABLE users ALTER COLUMN audited_at SET DEFAULT now();",
  },
});
