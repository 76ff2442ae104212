import { concurrentlyReport } from './concurrently';
import { USERS_TABLE } from './docs-setup';
import { insertAfterPrefix } from './fixes';
import { locksOnExisting } from './locks';
import { defineRule } from './types';

export default defineRule({
  id: 'drop-index-not-concurrently',
  category: 'safety',
  defaultSeverity: 'warning',
  squawk: ['require-concurrent-index-deletion'],
  docs: {
    summary: 'DROP INDEX locks its table ACCESS EXCLUSIVE: use DROP INDEX CONCURRENTLY.',
    why: 'A plain `DROP INDEX` takes an ACCESS EXCLUSIVE lock on the index\'s table. The drop itself is quick, but it must first wait for every running query on the table, and every query that arrives meanwhile (reads included) queues behind it. Not reported when the same file drops the index\'s table, before or after (known from a CREATE INDEX in the file, or from the index\'s name: `orders_user_id_idx`): there is nothing left to protect.',
    instead: 'Write `DROP INDEX CONCURRENTLY` (one index per statement, no CASCADE, outside a transaction block): it waits for conflicting transactions without blocking new ones.',
    lock: 'ACCESS EXCLUSIVE',
    setup: USERS_TABLE,
    bad: 'DROP INDEX users_email_idx;',
    good: 'DROP INDEX CONCURRENTLY users_email_idx;',
  },
  statementKinds: ['DropStmt'],
  checkStatement(stmt, ctx) {
    if (stmt.kind !== 'DropStmt' || stmt.node.removeType !== 'OBJECT_INDEX' || stmt.node.concurrent) return;
    if (locksOnExisting(stmt, ctx).length === 0) return;
    const message = 'DROP INDEX locks the table ACCESS EXCLUSIVE (reads and writes queue behind it): use DROP INDEX CONCURRENTLY.';
    // CONCURRENTLY allows neither several indexes nor CASCADE.
    if ((stmt.node.objects ?? []).length !== 1 || stmt.node.behavior === 'DROP_CASCADE') {
      return { message: `${message} It takes one index per statement and no CASCADE.` };
    }
    return concurrentlyReport(stmt, ctx, message, insertAfterPrefix(ctx, stmt, /DROP\s+INDEX/i, ' CONCURRENTLY'));
  },
});
