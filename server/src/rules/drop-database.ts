import { defineRule } from './types';

export default defineRule({
  id: 'drop-database',
  category: 'safety',
  defaultSeverity: 'error',
  destructive: true,
  squawk: ['ban-drop-database'],
  docs: {
    summary: 'DROP DATABASE in a migration destroys a whole database.',
    why: 'Every table and row in the database is gone, with no way back short of a backup restore. It does not belong in a migration that runs automatically on deploy (recreating production data is not a rollback strategy). It cannot run inside a transaction block, so it also breaks runners that wrap each file in one.',
    instead: 'Drop databases by hand, after a backup, outside the migration history. In a migration, at most stop new connections to it.',
    bad: 'DROP DATABASE legacy_app;',
    good: 'REVOKE CONNECT ON DATABASE legacy_app FROM PUBLIC;',
  },
  statementKinds: ['DropdbStmt'],
  checkStatement(stmt) {
    if (stmt.kind !== 'DropdbStmt') return;
    return { message: `DROP DATABASE ${stmt.node.dbname} destroys the whole database: do it by hand after a backup, not in a migration.` };
  },
});
