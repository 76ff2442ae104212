import { alterCommands } from '../parse/ast';
import { isNewColumn } from './new-objects';
import { defineRule, type Report } from './types';

export default defineRule({
  id: 'drop-column',
  category: 'safety',
  defaultSeverity: 'error',
  destructive: true,
  squawk: ['ban-drop-column'],
  docs: {
    summary: 'Dropping a column loses its data and breaks running code that still reads it.',
    why: 'The values are gone for good (a rollback cannot bring them back), and every deployed instance, queued job or older image that still selects or writes the column fails from the moment the migration commits. Keep `DROP COLUMN` out of normal feature pull requests: remove a column only after no deployed code uses it. Takes an ACCESS EXCLUSIVE lock on the table (the drop itself is quick: the space is reclaimed by later rewrites).',
    instead: 'Contract in stages: stop reading the column in one release, stop writing it in the next (make it nullable or give it a default first), back the data up if it might be needed, then drop it in its own reviewed migration. Where the team classifies migrations, mark that one as dangerous.',
    lock: 'ACCESS EXCLUSIVE',
    setup: 'CREATE TABLE users (id bigint PRIMARY KEY, email text NOT NULL, legacy_name text);',
    bad: 'ALTER TABLE users DROP COLUMN legacy_name;',
    good: '-- Its own migration, after no deployed code reads or writes the column:\n-- lens-ignore drop-column -- unused since release 42, backed up to the archive bucket\nALTER TABLE users DROP COLUMN legacy_name;',
  },
  statementKinds: ['AlterTableStmt'],
  checkStatement(stmt, ctx) {
    const reports: Report[] = [];
    for (const { table, cmd } of alterCommands(stmt.node, 'AT_DropColumn')) {
      if (isNewColumn(ctx, table, cmd.name ?? '', stmt)) continue;
      const cascade = cmd.behavior === 'DROP_CASCADE' ? ' CASCADE also drops the views, indexes and constraints that use it.' : '';
      reports.push({ node: cmd, message: `Dropping ${table}.${cmd.name} loses its data and breaks code that still uses it.${cascade}` });
    }
    return reports;
  },
});
