import { relationName, unwrap, unwrapAll } from '../parse/ast';
import { EVENTS_PARTITIONED } from './docs-setup';
import { isExistingTable } from './locks';
import { checksValidatedBefore } from './not-valid';
import { defineRule } from './types';

export default defineRule({
  id: 'attach-partition',
  category: 'safety',
  defaultSeverity: 'info',
  docs: {
    summary: 'ATTACH PARTITION scans the attached table under ACCESS EXCLUSIVE to check its rows fit the bound.',
    why:
      'Since PostgreSQL 12 the parent only takes SHARE UPDATE EXCLUSIVE, but the table being attached is locked ACCESS EXCLUSIVE and fully scanned to prove every row fits the partition bound (and a default partition is scanned too, for rows that now belong to the new partition). Before 12 the parent was locked ACCESS EXCLUSIVE as well.',
    instead:
      'Before attaching, add a CHECK constraint matching the bound with `NOT VALID` and `VALIDATE` it (SHARE UPDATE EXCLUSIVE, reads and writes go on); `ATTACH PARTITION` then skips the scan. Drop the CHECK afterwards.',
    lock: 'ACCESS EXCLUSIVE',
    setup: `${EVENTS_PARTITIONED}\nCREATE TABLE events_2024 (id bigint NOT NULL, at date NOT NULL);\nINSERT INTO events_2024 VALUES (3, '2024-02-01');`,
    bad: "ALTER TABLE events ATTACH PARTITION events_2024 FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');",
    good: [
      "ALTER TABLE events_2024 ADD CONSTRAINT events_2024_bound CHECK (at >= '2024-01-01' AND at < '2025-01-01') NOT VALID;",
      '-- in a later migration:',
      'ALTER TABLE events_2024 VALIDATE CONSTRAINT events_2024_bound;',
      "ALTER TABLE events ATTACH PARTITION events_2024 FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');",
      'ALTER TABLE events_2024 DROP CONSTRAINT events_2024_bound;',
    ].join('\n'),
  },
  statementKinds: ['AlterTableStmt'],
  checkStatement(stmt, ctx) {
    if (stmt.kind !== 'AlterTableStmt') return;
    const cmd = unwrapAll(stmt.node.cmds, 'AlterTableCmd').find((c) => c.subtype === 'AT_AttachPartition');
    if (!cmd) return;
    const parent = relationName(stmt.node.relation);
    const child = relationName(unwrap(cmd.def, 'PartitionCmd')?.name);
    // A table created in this file holds no rows to scan, and a validated CHECK lets PostgreSQL skip it.
    if (isExistingTable(child, stmt, ctx) && checksValidatedBefore(stmt, ctx, child).length === 0) {
      return { node: cmd, message: `ATTACH PARTITION scans ${child} under ACCESS EXCLUSIVE to check its rows: add a matching CHECK … NOT VALID and VALIDATE it first so the scan is skipped.` };
    }
    if (ctx.pgVersion < 12 && isExistingTable(parent, stmt, ctx)) return { node: cmd, message: `Before PostgreSQL 12, ATTACH PARTITION locks the parent ${parent} ACCESS EXCLUSIVE.` };
    return undefined;
  },
});
