import type { Node } from '@pgsql/types';
import { relationName, unwrap, unwrapAll } from '../parse/ast';
import { isNew, isNewColumn } from './new-objects';
import { defineRule } from './types';

export default defineRule({
  id: 'delete-or-update-without-where',
  category: 'safety',
  defaultSeverity: 'warning',
  destructive: true,
  docs: {
    summary: 'UPDATE or DELETE without WHERE changes every row of the table.',
    why: 'Usually a forgotten condition. Even when intended, one statement over the whole table holds row locks on every row until the migration commits (writers to those rows wait), produces a dead tuple per row (bloat, a long vacuum), and cannot be undone without a backup. It takes a ROW EXCLUSIVE lock on the table.',
    instead: 'Write the condition, even when it selects most rows (`WHERE plan IS NULL`), and backfill large tables in batches outside the schema migration (the team practice: backfills come with a plan). A table created earlier in the same file can be updated freely. So can a column added earlier in the same file: filling it is a backfill (expand, backfill, then SET NOT NULL), which must touch every row and overwrites nothing, so it is not reported; its lock cost is `holding-access-exclusive`\'s. Where the file is applied again (init-sorted sets, repeatable migrations), a column added with `IF NOT EXISTS` holds data by the next run, and the UPDATE would overwrite it every time: that backfill needs a condition (`WHERE col IS NULL`).',
    lock: 'ROW EXCLUSIVE',
    setup: 'CREATE TABLE users (id bigint PRIMARY KEY, plan text);',
    bad: "UPDATE users SET plan = 'free';",
    good: "UPDATE users SET plan = 'free' WHERE plan IS NULL;",
  },
  statementKinds: ['UpdateStmt', 'DeleteStmt'],
  checkStatement(stmt, ctx) {
    if (stmt.kind !== 'UpdateStmt' && stmt.kind !== 'DeleteStmt') return;
    if (stmt.node.whereClause && !isConstantTrue(stmt.node.whereClause)) return;
    const table = relationName(stmt.node.relation);
    if (isNew(ctx, 'table', table, stmt)) return;
    if (stmt.kind === 'UpdateStmt') {
      const filled = unwrapAll(stmt.node.targetList, 'ResTarget').map((t) => t.name).filter((c): c is string => typeof c === 'string');
      if (filled.length > 0 && filled.every((c) => ctx.createdEarlierInFile('column', `${table}.${c}`, stmt))) {
        // A backfill: the columns were empty (or their default) until this file added them. Where
        // the file is re-applied, a column added IF NOT EXISTS holds data on every later run.
        const guarded = ctx.idempotencyExpected ? filled.filter((c) => !isNewColumn(ctx, table, c, stmt)) : [];
        if (guarded.length === 0) return;
        const names = guarded.join(', ');
        return {
          message: `${names} ${guarded.length > 1 ? 'are' : 'is'} added with IF NOT EXISTS and this file is applied again: from the second run on, this UPDATE overwrites what ${names} then ${guarded.length > 1 ? 'hold' : 'holds'} in every row of ${table}. Fill only the rows not yet filled (WHERE … IS NULL).`,
        };
      }
    }
    const verb = stmt.kind === 'UpdateStmt' ? 'UPDATE' : 'DELETE';
    return { message: `${verb} without a condition changes every row of ${table}: add a WHERE clause.` };
  },
});

/** `WHERE true`: a condition in name only. */
function isConstantTrue(expr: Node): boolean {
  return unwrap(expr, 'A_Const')?.boolval?.boolval === true;
}
