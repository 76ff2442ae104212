import { relationName, unwrap } from '../parse/ast';
import { USERS_TABLE } from './docs-setup';
import { fix, hasOwnRange, wrapInExceptionBlock } from './fixes';
import { removedBefore } from './guards';
import { alterTableSubcommands } from './tokens';
import { defineRule, type Report } from './types';

export default defineRule({
  id: 'add-column-without-if-not-exists',
  category: 'idempotency',
  defaultSeverity: 'warning',
  squawk: ['prefer-robust-stmts'],
  docs: {
    summary: 'ALTER TABLE … ADD COLUMN fails when the migration runs again: add IF NOT EXISTS.',
    why: 'A second run fails with `column "…" of relation "…" already exists`. This holds even when the table is created earlier in the same file: on the second run `CREATE TABLE IF NOT EXISTS` is a no-op and the column is already there.',
    instead: 'Write `ADD COLUMN IF NOT EXISTS`. It compares only the name: an existing column of another type or default is left as it is, so change an existing column with its own `ALTER COLUMN` statement. `ALTER TYPE … ADD ATTRIBUTE` has no IF NOT EXISTS: wrap it in a `DO` block that catches `duplicate_column`.',
    lock: 'ACCESS EXCLUSIVE',
    setup: USERS_TABLE,
    bad: 'ALTER TABLE users ADD COLUMN last_login_at timestamptz;',
    good: 'ALTER TABLE users ADD COLUMN IF NOT EXISTS last_login_at timestamptz;',
  },
  statementKinds: ['AlterTableStmt'],
  checkStatement(stmt, ctx) {
    if (stmt.kind !== 'AlterTableStmt') return;
    const table = relationName(stmt.node.relation);
    const reports: Report[] = [];
    for (const sub of alterTableSubcommands(ctx, stmt)) {
      const { cmd, index } = sub;
      if (cmd?.subtype !== 'AT_AddColumn' || cmd.missing_ok) continue;
      const col = unwrap(cmd.def, 'ColumnDef');
      if (!col || removedBefore(ctx, stmt, { kind: 'column', name: `${table}.${col.colname}`, table, cmdIndex: index })) continue;
      if (stmt.node.objtype === 'OBJECT_TYPE') {
        // ALTER TYPE … ADD ATTRIBUTE has no IF NOT EXISTS: ignore the duplicate instead.
        reports.push({
          start: sub.start,
          end: sub.end,
          message: `ADD ATTRIBUTE ${col.colname} fails if ${table} already has it, and has no IF NOT EXISTS: wrap it in a DO block that catches duplicate_column.`,
          fixes: fix('Wrap in a DO block that ignores duplicate_column', wrapInExceptionBlock(ctx, stmt, 'duplicate_column')),
        });
        continue;
      }
      // The column definition's location is its name: IF NOT EXISTS goes right before it.
      const at = hasOwnRange(stmt) && col.location !== undefined && col.location >= 0 ? ctx.offsetOf(stmt, col.location) : undefined;
      reports.push({
        start: sub.start,
        end: sub.end,
        message: `ADD COLUMN ${col.colname} fails if ${table} already has the column: add IF NOT EXISTS.`,
        fixes: fix('Add IF NOT EXISTS', at === undefined ? undefined : { start: at, end: at, newText: 'IF NOT EXISTS ' }),
      });
    }
    return reports;
  },
});
