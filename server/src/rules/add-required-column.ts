import { unwrapAll } from '../parse/ast';
import { addedColumns, fillsExistingRows } from './columns';
import { alteredTableWithRows } from './locks';
import { defineRule, type Report } from './types';

export default defineRule({
  id: 'add-required-column',
  category: 'safety',
  defaultSeverity: 'error',
  destructive: true,
  squawk: ['adding-required-field'],
  docs: {
    summary: 'ADD COLUMN … NOT NULL without a DEFAULT fails on a table that has rows.',
    why: 'Existing rows would get NULL in the new column, so PostgreSQL rejects the statement (`column contains null values`) on any non-empty table: it works in development and fails in production. It takes ACCESS EXCLUSIVE either way. Not reported when the table was emptied earlier in the same transaction (`TRUNCATE t`, or `DELETE FROM t` without a condition), and the same holds for the other rules about existing rows (`set-not-null-on-existing-column`, the NOT VALID rules, rewrites), nor on a table the same file drops.',
    instead:
      'Give it a constant DEFAULT (no rewrite since PostgreSQL 11), or expand/backfill/contract: add the column nullable, backfill in batches, switch the application, then make it NOT NULL (see `set-not-null-on-existing-column`).',
    lock: 'ACCESS EXCLUSIVE',
    // Empty so that the lock test's run of `bad` succeeds; with rows it fails, which is the hazard.
    setup: 'CREATE TABLE users (id bigint PRIMARY KEY, email text);',
    bad: 'ALTER TABLE users ADD COLUMN plan text NOT NULL;',
    good: "ALTER TABLE users ADD COLUMN plan text NOT NULL DEFAULT 'free';",
  },
  statementKinds: ['AlterTableStmt'],
  checkStatement(stmt, ctx) {
    if (stmt.kind !== 'AlterTableStmt') return;
    const table = alteredTableWithRows(stmt, ctx);
    if (!table) return;
    const reports: Report[] = [];
    for (const col of addedColumns(stmt)) {
      if (fillsExistingRows(col)) continue;
      const required = unwrapAll(col.constraints, 'Constraint').some((k) => k.contype === 'CONSTR_NOTNULL' || k.contype === 'CONSTR_PRIMARY');
      if (required) reports.push({ node: col, message: `ADD COLUMN ${col.colname} NOT NULL without a DEFAULT fails if ${table} has rows: add a DEFAULT, or add it nullable, backfill, then set NOT NULL.` });
    }
    return reports;
  },
});
