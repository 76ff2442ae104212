import { relationName } from '../parse/ast';
import { concurrentlyReport } from './concurrently';
import { USERS_TABLE } from './docs-setup';
import { insertAfterPrefix } from './fixes';
import { locksOnExisting } from './locks';
import { defineRule } from './types';

export default defineRule({
  id: 'create-index-not-concurrently',
  category: 'safety',
  defaultSeverity: 'warning',
  squawk: ['require-concurrent-index-creation'],
  docs: {
    summary: 'CREATE INDEX on an existing table blocks every write until the index is built: use CONCURRENTLY.',
    why: 'A plain `CREATE INDEX` takes a SHARE lock on the table for the whole build: reads go on, but every INSERT, UPDATE and DELETE waits, for minutes on a large table. An index on a table created earlier in the same file is fine (nobody is writing to it yet), and so is one on a table the same file drops.',
    instead:
      'Write `CREATE INDEX CONCURRENTLY`: it takes SHARE UPDATE EXCLUSIVE, which lets writes through, at the cost of two table scans. It cannot run inside a transaction block, so the migration must run outside one (see `concurrently-in-transaction`). If a concurrent build fails it leaves an INVALID index behind, and `IF NOT EXISTS` then hides it: check `pg_index.indisvalid` and drop the leftover before retrying. Partitioned tables: create the index `ON ONLY` the parent, build each partition\'s index concurrently, then `ALTER INDEX … ATTACH PARTITION`.',
    lock: 'SHARE',
    setup: USERS_TABLE,
    bad: 'CREATE INDEX users_name_idx ON users (name);',
    good: 'CREATE INDEX CONCURRENTLY users_name_idx ON users (name);',
  },
  statementKinds: ['IndexStmt'],
  checkStatement(stmt, ctx) {
    if (stmt.kind !== 'IndexStmt' || stmt.node.concurrent || locksOnExisting(stmt, ctx).length === 0) return;
    const table = relationName(stmt.node.relation);
    const edit = insertAfterPrefix(ctx, stmt, /CREATE\s+(?:UNIQUE\s+)?INDEX/i, ' CONCURRENTLY');
    return concurrentlyReport(stmt, ctx, `CREATE INDEX on existing table ${table} blocks writes (SHARE lock) for the whole build: use CREATE INDEX CONCURRENTLY.`, edit);
  },
});
