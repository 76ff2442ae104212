import { concurrentlyReport } from './concurrently';
import { USERS_TABLE } from './docs-setup';
import { insertAfterPrefix } from './fixes';
import { hasOption, locksOnExisting } from './locks';
import { defineRule } from './types';

/** REINDEX kinds that take CONCURRENTLY (SYSTEM does not). */
const KINDS = new Set<string>(['REINDEX_OBJECT_INDEX', 'REINDEX_OBJECT_TABLE', 'REINDEX_OBJECT_SCHEMA', 'REINDEX_OBJECT_DATABASE']);

export default defineRule({
  id: 'reindex-not-concurrently',
  category: 'safety',
  defaultSeverity: 'warning',
  docs: {
    summary: 'REINDEX blocks writes to the table and every query that would use the index: use REINDEX CONCURRENTLY (PostgreSQL 12+).',
    why: 'A plain `REINDEX` takes a SHARE lock on the table (writes wait) and an ACCESS EXCLUSIVE lock on each index it rebuilds; since the planner locks every index of a table it plans for, even reads of the table queue behind it.',
    instead: 'Write `REINDEX INDEX CONCURRENTLY` / `REINDEX TABLE CONCURRENTLY` (PostgreSQL 12+, outside a transaction block). Before 12: `CREATE INDEX CONCURRENTLY` a copy, then drop the old index concurrently and rename the new one.',
    lock: 'SHARE',
    setup: USERS_TABLE,
    bad: 'REINDEX INDEX users_email_idx;',
    good: 'REINDEX INDEX CONCURRENTLY users_email_idx;',
  },
  statementKinds: ['ReindexStmt'],
  checkStatement(stmt, ctx) {
    if (stmt.kind !== 'ReindexStmt') return;
    if (!KINDS.has(stmt.node.kind ?? '')) return;
    if (hasOption(stmt.node.params, 'concurrently')) return;
    const onOne = stmt.node.kind === 'REINDEX_OBJECT_INDEX' || stmt.node.kind === 'REINDEX_OBJECT_TABLE';
    if (onOne && locksOnExisting(stmt, ctx).length === 0) return;
    const message = 'REINDEX blocks writes (SHARE on the table) and queries using the index (ACCESS EXCLUSIVE on it): use REINDEX CONCURRENTLY.';
    if (ctx.pgVersion < 12) return { message: `${message.replace(/: use .*$/, '.')} Before PostgreSQL 12, build a new index CONCURRENTLY and swap it in.` };
    const edit = insertAfterPrefix(ctx, stmt, /REINDEX\s+(?:\([^)]*\)\s*)?(?:INDEX|TABLE|SCHEMA|DATABASE)/i, ' CONCURRENTLY');
    return concurrentlyReport(stmt, ctx, message, edit);
  },
});
