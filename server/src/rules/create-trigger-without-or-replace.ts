import { relationName } from '../parse/ast';
import { USERS_TABLE } from './docs-setup';
import { fix, insertAfterPrefix, insertStatementBefore } from './fixes';
import { removedBefore } from './guards';
import { quoteIdent, quoteRelation } from './tokens';
import { defineRule } from './types';

export default defineRule({
  id: 'create-trigger-without-or-replace',
  category: 'idempotency',
  defaultSeverity: 'warning',
  docs: {
    summary: 'CREATE TRIGGER fails when the migration runs again: use CREATE OR REPLACE TRIGGER (PostgreSQL 14+) or DROP TRIGGER IF EXISTS first.',
    why: 'A second run fails with `trigger "…" for relation "…" already exists`. A table created earlier in the same file does not help: on the second run its `CREATE TABLE IF NOT EXISTS` is a no-op and the trigger is still there.',
    instead: [
      'On PostgreSQL 14 and later write `CREATE OR REPLACE TRIGGER`. Before 14, and for constraint triggers (which OR REPLACE does not support), write `DROP TRIGGER IF EXISTS name ON table;` right before the CREATE; the quick fix picks the form from `postgresVersion`.',
      '',
      'A DROP of the same trigger on the same table (or of the table) earlier in the file counts as a guard. A DROP without IF EXISTS is reported by `drop-without-if-exists`, not here.',
    ].join('\n'),
    lock: 'SHARE ROW EXCLUSIVE',
    setup: `${USERS_TABLE}\nCREATE FUNCTION touch_updated_at() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;`,
    bad: 'CREATE TRIGGER users_touch BEFORE UPDATE ON users FOR EACH ROW EXECUTE FUNCTION touch_updated_at();',
    good: 'CREATE OR REPLACE TRIGGER users_touch BEFORE UPDATE ON users FOR EACH ROW EXECUTE FUNCTION touch_updated_at();',
  },
  statementKinds: ['CreateTrigStmt'],
  checkStatement(stmt, ctx) {
    if (stmt.kind !== 'CreateTrigStmt') return;
    const n = stmt.node;
    if (n.replace) return;
    const table = relationName(n.relation);
    if (removedBefore(ctx, stmt, { kind: 'trigger', name: `${table}.${n.trigname}`, table })) return;
    const message = `CREATE TRIGGER ${n.trigname} ON ${table} fails if the trigger already exists`;
    if (ctx.pgVersion >= 14 && !n.isconstraint) {
      return { message: `${message}: use CREATE OR REPLACE TRIGGER.`, fixes: fix('Use CREATE OR REPLACE TRIGGER', insertAfterPrefix(ctx, stmt, /CREATE/i, ' OR REPLACE')) };
    }
    const drop = `DROP TRIGGER IF EXISTS ${quoteIdent(n.trigname ?? '')} ON ${quoteRelation(n.relation)};`;
    const why = n.isconstraint ? 'constraint triggers cannot be replaced' : `PostgreSQL ${ctx.pgVersion} has no CREATE OR REPLACE TRIGGER`;
    return { message: `${message} (${why}): drop it first with DROP TRIGGER IF EXISTS.`, fixes: fix('Insert DROP TRIGGER IF EXISTS before it', insertStatementBefore(ctx, stmt, drop)) };
  },
});
