import { relationName, unwrap } from '../parse/ast';
import { fix, insertStatementBefore } from './fixes';
import { removedBefore } from './guards';
import { alterTableSubcommands, quoteIdent, quoteRelation } from './tokens';
import { defineRule, type Report } from './types';

export default defineRule({
  id: 'add-constraint-without-drop-if-exists',
  category: 'idempotency',
  defaultSeverity: 'warning',
  squawk: ['prefer-robust-stmts'],
  docs: {
    summary: 'ALTER TABLE … ADD CONSTRAINT fails when the migration runs again: DROP CONSTRAINT IF EXISTS first.',
    why: [
      'A second run fails with `constraint "…" for relation "…" already exists`; there is no `ADD CONSTRAINT IF NOT EXISTS`. The usual practice for re-runnable files: for a constraint that may already exist, `DROP CONSTRAINT IF EXISTS` first, then add the intended definition. A table created earlier in the same file does not help: on the second run its `CREATE TABLE IF NOT EXISTS` is a no-op and the constraint is still there.',
      '',
      'An unnamed constraint (`ADD CHECK (…)`, `ADD FOREIGN KEY …`) cannot be guarded at all: PostgreSQL makes up a new name on every run, so each run adds another copy (or fails, for a second primary key). Name it.',
    ].join('\n'),
    instead: [
      'Put `ALTER TABLE t DROP CONSTRAINT IF EXISTS name;` before the ADD (the quick fix inserts it), or as an earlier subcommand of the same ALTER TABLE. A re-run then also applies a changed definition.',
      '',
      'Mind what the drop and re-add cost on a big table: the new constraint is validated again (use `NOT VALID` and a separate `VALIDATE CONSTRAINT`), and a primary key or unique constraint that foreign keys reference cannot be dropped without CASCADE. For those, a `DO` block that checks `pg_constraint` is the better guard (and counts as one).',
    ].join('\n'),
    lock: 'ACCESS EXCLUSIVE',
    setup: "CREATE TABLE orders (id bigint PRIMARY KEY, total numeric NOT NULL);\nINSERT INTO orders VALUES (1, 10), (2, 25);",
    bad: 'ALTER TABLE orders ADD CONSTRAINT orders_total_positive CHECK (total >= 0);',
    good: 'ALTER TABLE orders DROP CONSTRAINT IF EXISTS orders_total_positive;\nALTER TABLE orders ADD CONSTRAINT orders_total_positive CHECK (total >= 0);',
  },
  statementKinds: ['AlterTableStmt'],
  checkStatement(stmt, ctx) {
    if (stmt.kind !== 'AlterTableStmt') return;
    const table = relationName(stmt.node.relation);
    const reports: Report[] = [];
    for (const sub of alterTableSubcommands(ctx, stmt)) {
      const { cmd, index } = sub;
      const con = cmd?.subtype === 'AT_AddConstraint' ? unwrap(cmd.def, 'Constraint') : undefined;
      if (!con) continue;
      if (!con.conname) {
        reports.push({ start: sub.start, end: sub.end, message: `This unnamed constraint on ${table} cannot be guarded: every run adds another copy. Name it, and DROP CONSTRAINT IF EXISTS that name first.` });
        continue;
      }
      if (removedBefore(ctx, stmt, { kind: 'constraint', name: `${table}.${con.conname}`, table, cmdIndex: index })) continue;
      const drop = `ALTER TABLE ${quoteRelation(stmt.node.relation)} DROP CONSTRAINT IF EXISTS ${quoteIdent(con.conname)};`;
      reports.push({
        start: sub.start,
        end: sub.end,
        message: `ADD CONSTRAINT ${con.conname} fails if ${table} already has it: put ALTER TABLE … DROP CONSTRAINT IF EXISTS ${con.conname} before it.`,
        fixes: fix('Insert DROP CONSTRAINT IF EXISTS before it', insertStatementBefore(ctx, stmt, drop)),
      });
    }
    return reports;
  },
});
