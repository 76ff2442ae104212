import { relationName } from '../parse/ast';
import { fix, insertAfterPrefix } from './fixes';
import { removedBefore } from './guards';
import { defineRule } from './types';

export default defineRule({
  id: 'create-table-without-if-not-exists',
  category: 'idempotency',
  defaultSeverity: 'warning',
  squawk: ['prefer-robust-stmts'],
  docs: {
    summary: 'CREATE TABLE fails when the migration runs again: add IF NOT EXISTS.',
    why: 'A second run of the file fails with `relation already exists`. Teams that re-apply every file on deploy or re-run a half-applied migration need each statement to be a no-op the second time.',
    instead: 'Write `CREATE TABLE IF NOT EXISTS`. Note it does not compare columns: an existing table with a different shape is left as it is. A `DROP TABLE IF EXISTS` of the same table earlier in the file also makes the CREATE re-runnable (the table is rebuilt from scratch each time, with its data: only for tables that hold nothing worth keeping, such as caches and staging tables).',
    bad: 'CREATE TABLE users (id bigint PRIMARY KEY);',
    good: 'CREATE TABLE IF NOT EXISTS users (id bigint PRIMARY KEY);',
  },
  statementKinds: ['CreateStmt'],
  checkStatement(stmt, ctx) {
    if (stmt.kind !== 'CreateStmt' || stmt.node.if_not_exists) return;
    if (removedBefore(ctx, stmt, { kind: 'table', name: relationName(stmt.node.relation) })) return;
    const edit = insertAfterPrefix(ctx, stmt, /CREATE\s+(?:(?:GLOBAL|LOCAL)\s+)?(?:(?:TEMP|TEMPORARY|UNLOGGED)\s+)?TABLE/i, ' IF NOT EXISTS');
    return { message: `CREATE TABLE ${relationName(stmt.node.relation)} fails if the table already exists: add IF NOT EXISTS.`, fixes: fix('Add IF NOT EXISTS', edit) };
  },
});
