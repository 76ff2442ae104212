import { relationName, unwrap, unwrapAll } from '../parse/ast';
import { concurrentlyReport } from './concurrently';
import { EVENTS_PARTITIONED } from './docs-setup';
import { isExistingTable } from './locks';
import { defineRule } from './types';

export default defineRule({
  id: 'detach-partition-not-concurrently',
  category: 'safety',
  defaultSeverity: 'warning',
  docs: {
    summary: 'DETACH PARTITION locks the partitioned table ACCESS EXCLUSIVE: use DETACH PARTITION … CONCURRENTLY (PostgreSQL 14+).',
    why: 'A plain `DETACH PARTITION` takes ACCESS EXCLUSIVE on the parent table and the partition: every query on any partition waits behind it.',
    instead: 'On PostgreSQL 14+, write `ALTER TABLE parent DETACH PARTITION child CONCURRENTLY` (outside a transaction block; not possible while the parent has a default partition). It takes SHARE UPDATE EXCLUSIVE; if it is interrupted, finish it with `DETACH PARTITION … FINALIZE`.',
    lock: 'ACCESS EXCLUSIVE',
    setup: EVENTS_PARTITIONED,
    bad: 'ALTER TABLE events DETACH PARTITION events_2023;',
    good: 'ALTER TABLE events DETACH PARTITION events_2023 CONCURRENTLY;',
  },
  statementKinds: ['AlterTableStmt'],
  checkStatement(stmt, ctx) {
    if (stmt.kind !== 'AlterTableStmt') return;
    const cmd = unwrapAll(stmt.node.cmds, 'AlterTableCmd').find((c) => c.subtype === 'AT_DetachPartition');
    if (!cmd || unwrap(cmd.def, 'PartitionCmd')?.concurrent) return;
    const parent = relationName(stmt.node.relation);
    if (!isExistingTable(parent, stmt, ctx)) return;
    const message = `DETACH PARTITION locks ${parent} ACCESS EXCLUSIVE: every query on it waits.`;
    if (ctx.pgVersion < 14) return { node: cmd, message: `${message} DETACH … CONCURRENTLY needs PostgreSQL 14; until then detach in a quiet period with a short lock_timeout.` };
    // DETACH PARTITION stands alone in its ALTER TABLE, so CONCURRENTLY goes at the very end.
    return { ...concurrentlyReport(stmt, ctx, `${message} Use DETACH PARTITION … CONCURRENTLY.`, { start: stmt.end, end: stmt.end, newText: ' CONCURRENTLY' }), node: cmd };
  },
});
