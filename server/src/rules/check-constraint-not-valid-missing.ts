import { USERS_TABLE } from './docs-setup';
import { commandEnd, constraintsAddedToExisting, notValidFix, validateStatement } from './not-valid';
import { defineRule } from './types';

export default defineRule({
  id: 'check-constraint-not-valid-missing',
  category: 'safety',
  defaultSeverity: 'warning',
  destructive: true,
  squawk: ['constraint-missing-not-valid'],
  docs: {
    summary: 'Adding a CHECK constraint scans every row under ACCESS EXCLUSIVE: add it NOT VALID, then VALIDATE.',
    why: '`ADD CONSTRAINT … CHECK` takes ACCESS EXCLUSIVE on the table and keeps it while it checks every existing row: reads and writes wait for the full scan, and the migration fails if one old row violates it.',
    instead:
      'Add the constraint with `NOT VALID` (brief lock, new and updated rows are checked from then on), fix old rows, then `VALIDATE CONSTRAINT` in a later migration or transaction: validation takes SHARE UPDATE EXCLUSIVE, so traffic goes on during the scan.',
    lock: 'ACCESS EXCLUSIVE',
    setup: USERS_TABLE,
    bad: "ALTER TABLE users ADD CONSTRAINT users_email_has_at CHECK (email LIKE '%@%');",
    good: "ALTER TABLE users ADD CONSTRAINT users_email_has_at CHECK (email LIKE '%@%') NOT VALID;\n-- in a later migration:\nALTER TABLE users VALIDATE CONSTRAINT users_email_has_at;",
  },
  statementKinds: ['AlterTableStmt'],
  checkStatement(stmt, ctx) {
    return constraintsAddedToExisting(stmt, ctx, 'CONSTR_CHECK')
      .filter((added) => !added.constraint.skip_validation)
      .map((added) => ({
        node: added.constraint,
        message: `Adding CHECK constraint${added.constraint.conname ? ` ${added.constraint.conname}` : ''} scans ${added.table} under ACCESS EXCLUSIVE: add it NOT VALID, then VALIDATE CONSTRAINT separately.`,
        fixes: notValidFix(ctx, stmt, commandEnd(ctx, stmt, added.cmdIndex), validateStatement(stmt.node.relation, added.constraint.conname)),
      }));
  },
});
