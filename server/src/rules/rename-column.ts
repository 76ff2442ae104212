import { relationName } from '../parse/ast';
import { isNewColumn } from './new-objects';
import { defineRule } from './types';

export default defineRule({
  id: 'rename-column',
  category: 'safety',
  defaultSeverity: 'warning',
  squawk: ['renaming-column'],
  docs: {
    summary: 'Renaming a column breaks every running query that still uses the old name.',
    why: 'The application instances deployed before this migration (and queued worker jobs, and an image you roll back to) still read and write the old name: they fail with `column does not exist` from the moment the migration commits. A rollback to an older image is safe only when the older code can read the newer schema. The rename itself is quick but takes an ACCESS EXCLUSIVE lock on the table.',
    instead: 'Expand and contract: add the new column, write to both (or backfill with a trigger), switch reads to the new column, and drop the old one in a later release once no deployed code uses it. For a pure rename, a view with the old column names can keep old readers working during the rollout.',
    lock: 'ACCESS EXCLUSIVE',
    setup: 'CREATE TABLE users (id bigint PRIMARY KEY, email text NOT NULL);',
    bad: 'ALTER TABLE users RENAME COLUMN email TO email_address;',
    good: 'ALTER TABLE users ADD COLUMN email_address text;\n-- backfill, switch the code to email_address, drop email in a later release',
  },
  statementKinds: ['RenameStmt'],
  checkStatement(stmt, ctx) {
    if (stmt.kind !== 'RenameStmt') return;
    const n = stmt.node;
    if (n.renameType !== 'OBJECT_COLUMN') return;
    const table = relationName(n.relation);
    if (isNewColumn(ctx, table, n.subname ?? '', stmt)) return;
    return { message: `Renaming ${table}.${n.subname} to ${n.newname} breaks running code that still uses ${n.subname}: add the new column and drop the old one in a later release.` };
  },
});
