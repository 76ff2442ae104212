import { alterCommands, unwrap } from '../parse/ast';
import { USERS_TABLE } from './docs-setup';
import { typeNameOf } from './columns';
import { alteredTableWithRows } from './locks';
import { defineRule, type Report } from './types';

/** Target types some old types convert to without a rewrite (binary-coercible or only relaxing a limit). */
const MAYBE_FREE: Record<string, string> = {
  text: 'varchar, varchar(n) or char → text',
  varchar: 'varchar(n) → varchar(m) with m ≥ n, or → unbounded varchar',
  numeric: 'numeric(p,s) → numeric(p2,s) with p2 ≥ p, or → unbounded numeric',
  bit: 'varbit(n) → varbit(m) with m ≥ n',
  varbit: 'varbit(n) → varbit(m) with m ≥ n',
  inet: 'cidr → inet',
  timestamp: 'timestamptz → timestamp when the session TimeZone is UTC (PostgreSQL 12+)',
  timestamptz: 'timestamp → timestamptz when the session TimeZone is UTC (PostgreSQL 12+)',
};

export default defineRule({
  id: 'change-column-type',
  category: 'safety',
  defaultSeverity: 'warning',
  destructive: true,
  squawk: ['changing-column-type'],
  docs: {
    summary: 'ALTER COLUMN … TYPE usually rewrites the table and its indexes under ACCESS EXCLUSIVE.',
    why:
      'Changing a column\'s type takes ACCESS EXCLUSIVE and, unless the old and new types are binary-coercible, rewrites every row and rebuilds every index on the table: reads and writes wait for all of it. Safe exceptions that only take the lock briefly: `varchar(n)` → `varchar(m)` with m ≥ n, `varchar` → `text`, `numeric(p,s)` → `numeric(p2,s)` with p2 ≥ p, `cidr` → `inet`. A `USING` clause always rewrites. Old application versions may also break on the new type.',
    instead:
      'For a safe widening, keep it (it is brief) with a short `lock_timeout`. Otherwise expand/backfill/contract: add a new column with the new type, write to both, backfill in batches, switch reads, then drop the old column in a later release.',
    lock: 'ACCESS EXCLUSIVE',
    setup: USERS_TABLE,
    bad: 'ALTER TABLE users ALTER COLUMN name TYPE varchar(200);',
    good: 'ALTER TABLE users ADD COLUMN display_name varchar(200);\n-- backfill in batches, switch the application, then drop `name` in a later release',
  },
  statementKinds: ['AlterTableStmt'],
  checkStatement(stmt, ctx) {
    if (stmt.kind !== 'AlterTableStmt') return;
    const table = alteredTableWithRows(stmt, ctx);
    if (!table) return;
    const reports: Report[] = [];
    for (const { cmd } of alterCommands(stmt.node, 'AT_AlterColumnType')) {
      const col = unwrap(cmd.def, 'ColumnDef');
      const target = typeNameOf(col) ?? '';
      const head = `Changing the type of ${table}.${cmd.name} takes ACCESS EXCLUSIVE`;
      if (col?.raw_default) reports.push({ node: cmd, message: `${head} and, with USING, rewrites the table and its indexes.` });
      else if (MAYBE_FREE[target]) reports.push({ node: cmd, message: `${head}. It rewrites the table and its indexes unless the change is binary-coercible (${MAYBE_FREE[target]}): then it is brief. Otherwise add a new column and backfill.` });
      else reports.push({ node: cmd, message: `${head} and rewrites the table and its indexes: add a new column, backfill, and switch over instead.` });
    }
    return reports;
  },
});
