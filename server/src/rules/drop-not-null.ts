import { alterCommands } from '../parse/ast';
import { isNewColumn } from './new-objects';
import { defineRule, type Report } from './types';

export default defineRule({
  id: 'drop-not-null',
  category: 'safety',
  defaultSeverity: 'info',
  squawk: ['ban-drop-not-null'],
  docs: {
    summary: 'Dropping NOT NULL lets NULLs in where running code assumes there are none.',
    why: 'Code deployed before the migration (and older images you might roll back to) reads the column as always present; the first NULL written by new code can crash it. Once NULLs exist, putting the constraint back needs a backfill and a full-table validation. The statement takes an ACCESS EXCLUSIVE lock on the table, briefly (no scan).',
    instead: 'Make sure every reader tolerates NULL before the release that starts writing NULLs, or keep the column NOT NULL and write a sentinel or default value instead.',
    lock: 'ACCESS EXCLUSIVE',
    setup: 'CREATE TABLE users (id bigint PRIMARY KEY, email text NOT NULL);',
    bad: 'ALTER TABLE users ALTER COLUMN email DROP NOT NULL;',
    good: "ALTER TABLE users ALTER COLUMN email SET DEFAULT '';",
  },
  statementKinds: ['AlterTableStmt'],
  checkStatement(stmt, ctx) {
    const reports: Report[] = [];
    for (const { table, cmd } of alterCommands(stmt.node, 'AT_DropNotNull')) {
      if (isNewColumn(ctx, table, cmd.name ?? '', stmt)) continue;
      reports.push({ node: cmd, message: `${table}.${cmd.name} may now hold NULL: code that assumes a value breaks on the first NULL.` });
    }
    return reports;
  },
});
