import { relationName, unwrap, unwrapAll } from '../parse/ast';
import { USERS_TABLE } from './docs-setup';
import { mayHaveRows } from './locks';
import { commandEnd, constraintsAddedToExisting, notValidFix, validateStatement } from './not-valid';
import { defineRule, type Report } from './types';

export default defineRule({
  id: 'foreign-key-not-valid-missing',
  category: 'safety',
  defaultSeverity: 'warning',
  destructive: true,
  squawk: ['adding-foreign-key-constraint'],
  docs: {
    summary: 'Adding a foreign key checks every existing row while both tables are locked against writes: add it NOT VALID, then VALIDATE.',
    why: '`ADD FOREIGN KEY` takes SHARE ROW EXCLUSIVE on the table and on the referenced table, then scans the whole table to check every row: writes to both tables wait for the scan.',
    instead:
      'Add the constraint with `NOT VALID` (a brief lock; new rows are checked from then on), then `ALTER TABLE … VALIDATE CONSTRAINT` in a later migration or transaction: validation takes only SHARE UPDATE EXCLUSIVE, so writes go on during the scan. For a new column with `REFERENCES`, add the column first, then the constraint NOT VALID.',
    lock: 'SHARE ROW EXCLUSIVE',
    setup: `${USERS_TABLE}\nCREATE TABLE orders (id bigint PRIMARY KEY, user_id bigint);\nINSERT INTO orders VALUES (1, 1), (2, 2);`,
    bad: 'ALTER TABLE orders ADD CONSTRAINT orders_user_id_fkey FOREIGN KEY (user_id) REFERENCES users (id);',
    good: 'ALTER TABLE orders ADD CONSTRAINT orders_user_id_fkey FOREIGN KEY (user_id) REFERENCES users (id) NOT VALID;\n-- in a later migration:\nALTER TABLE orders VALIDATE CONSTRAINT orders_user_id_fkey;',
  },
  statementKinds: ['AlterTableStmt'],
  checkStatement(stmt, ctx) {
    if (stmt.kind !== 'AlterTableStmt') return;
    const reports: Report[] = [];
    for (const added of constraintsAddedToExisting(stmt, ctx, 'CONSTR_FOREIGN')) {
      if (added.constraint.skip_validation) continue;
      reports.push({
        node: added.constraint,
        message: `Adding foreign key${added.constraint.conname ? ` ${added.constraint.conname}` : ''} scans ${added.table} while writes to it and to ${relationName(added.constraint.pktable)} wait: add it NOT VALID, then VALIDATE CONSTRAINT separately.`,
        fixes: notValidFix(ctx, stmt, commandEnd(ctx, stmt, added.cmdIndex), validateStatement(stmt.node.relation, added.constraint.conname)),
      });
    }
    // `ADD COLUMN … REFERENCES` validates too, and has no NOT VALID form.
    if (mayHaveRows(relationName(stmt.node.relation), stmt, ctx)) {
      for (const cmd of unwrapAll(stmt.node.cmds, 'AlterTableCmd')) {
        const col = cmd.subtype === 'AT_AddColumn' ? unwrap(cmd.def, 'ColumnDef') : undefined;
        if (!col || !unwrapAll(col.constraints, 'Constraint').some((k) => k.contype === 'CONSTR_FOREIGN' && !k.skip_validation)) continue;
        reports.push({ node: col, message: `ADD COLUMN ${col.colname} … REFERENCES validates the new foreign key under SHARE ROW EXCLUSIVE: add the column first, then the constraint NOT VALID.` });
      }
    }
    return reports;
  },
});
