import { USERS_TABLE } from './docs-setup';
import { hasOption, locksOnExisting } from './locks';
import { defineRule } from './types';

export default defineRule({
  id: 'vacuum-full-or-cluster',
  category: 'safety',
  defaultSeverity: 'warning',
  docs: {
    summary: 'VACUUM FULL and CLUSTER rewrite the whole table under ACCESS EXCLUSIVE: nothing can read or write it meanwhile.',
    why: '`VACUUM FULL` and `CLUSTER` copy the table into a new file and rebuild every index while holding ACCESS EXCLUSIVE: reads and writes wait for the full rewrite, and the copy needs as much free disk again.',
    instead:
      'Reclaim space online with `pg_repack` or `pg_squeeze`, outside the migration; a plain `VACUUM` (SHARE UPDATE EXCLUSIVE) makes dead space reusable without locking out traffic. `VACUUM` cannot run in a transaction block either; the bad example is `CLUSTER` so that the lock test can prove the lock.',
    lock: 'ACCESS EXCLUSIVE',
    setup: USERS_TABLE,
    bad: 'CLUSTER users USING users_pkey;',
    good: '-- Reclaim space online, outside the migration: pg_repack --table=users\nANALYZE users;',
  },
  statementKinds: ['ClusterStmt', 'VacuumStmt'],
  checkStatement(stmt, ctx) {
    if (stmt.kind === 'ClusterStmt') {
      if (stmt.node.relation && locksOnExisting(stmt, ctx).length === 0) return;
      return { message: 'CLUSTER rewrites the table under ACCESS EXCLUSIVE: reads and writes wait for the whole rewrite. Use pg_repack outside the migration.' };
    }
    if (stmt.kind !== 'VacuumStmt' || !stmt.node.is_vacuumcmd) return;
    const full = locksOnExisting(stmt, ctx).some((l) => l.mode === 'ACCESS EXCLUSIVE');
    // `VACUUM FULL` without a table list rewrites every table of the database.
    const everything = !stmt.node.rels?.length && hasOption(stmt.node.options, 'full');
    if (!full && !everything) return;
    return { message: 'VACUUM FULL rewrites the table under ACCESS EXCLUSIVE: reads and writes wait for the whole rewrite. Use pg_repack, or a plain VACUUM.' };
  },
});
