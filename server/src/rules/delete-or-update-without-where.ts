import type { Node } from '@pgsql/types';
import { relationName, unwrap, unwrapAll } from '../parse/ast';
import { isNew } from './new-objects';
import { defineRule } from './types';

export default defineRule({
  id: 'delete-or-update-without-where',
  category: 'safety',
  defaultSeverity: 'warning',
  destructive: true,
  docs: {
    summary: 'UPDATE or DELETE without WHERE changes every row of the table.',
    why: 'Usually a forgotten condition. Even when intended, one statement over the whole table holds row locks on every row until the migration commits (writers to those rows wait), produces a dead tuple per row (bloat, a long vacuum), and cannot be undone without a backup. It takes a ROW EXCLUSIVE lock on the table.',
    instead: 'Write the condition, even when it selects most rows (`WHERE plan IS NULL`), and backfill large tables in batches outside the schema migration (the team practice: backfills come with a plan). A table created earlier in the same file can be updated freely. An UPDATE that fills a column added earlier in the same file is a backfill and must touch every row: the finding says so and asks for batches on a big table, not for a condition.',
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
      const added = filled.filter((c) => isNew(ctx, 'column', `${table}.${c}`, stmt));
      if (added.length > 0) {
        return {
          message: `Backfill of ${added.join(', ')}, added earlier in this file: it rewrites every row of ${table} in one transaction, holding their row locks until COMMIT. On a big table, backfill in batches (UPDATE … WHERE id BETWEEN …) in separate transactions.`,
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
