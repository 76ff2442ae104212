import { relationName } from '../parse/ast';
import { USERS_TABLE } from './docs-setup';
import { fix, insertAfterPrefix } from './fixes';
import { removedBefore } from './guards';
import { defineRule } from './types';

export default defineRule({
  id: 'create-index-without-if-not-exists',
  category: 'idempotency',
  defaultSeverity: 'warning',
  squawk: ['prefer-robust-stmts'],
  docs: {
    summary: 'CREATE INDEX fails when the migration runs again: add IF NOT EXISTS.',
    why: [
      'A second run fails with `relation "…" already exists`. An index without a name is worse: every run silently adds another copy (`t_a_idx1`, `t_a_idx2`, …), each slowing down writes.',
      '',
      'An index created earlier in the same file still needs the guard: on the second run the earlier statement is a no-op and this one fails. A `DROP INDEX IF EXISTS` of the same index (or a drop of its table) earlier in the file counts as a guard.',
    ].join('\n'),
    instead: [
      'Name the index and write `CREATE INDEX IF NOT EXISTS name ON …`. IF NOT EXISTS only compares the name, not the definition.',
      '',
      '**CONCURRENTLY caveat:** a `CREATE INDEX CONCURRENTLY` that fails (deadlock, unique violation, cancelled) leaves an INVALID index behind. `IF NOT EXISTS` then sees the name and skips, and the index is never used. After a failed concurrent build check `SELECT indexrelid::regclass FROM pg_index WHERE NOT indisvalid;` and `DROP INDEX CONCURRENTLY` the invalid index before re-running.',
    ].join('\n'),
    lock: 'SHARE',
    setup: USERS_TABLE,
    bad: 'CREATE INDEX users_name_idx ON users (name);',
    good: 'CREATE INDEX IF NOT EXISTS users_name_idx ON users (name);',
  },
  statementKinds: ['IndexStmt'],
  checkStatement(stmt, ctx) {
    const n = stmt.node;
    if (stmt.kind !== 'IndexStmt' || n.if_not_exists) return;
    const table = relationName(n.relation);
    if (!n.idxname) {
      return { message: `This unnamed index on ${table} is created again on every run (a duplicate each time): give it a name and add IF NOT EXISTS.` };
    }
    if (removedBefore(ctx, stmt, { kind: 'index', name: n.relation?.schemaname ? `${n.relation.schemaname}.${n.idxname}` : n.idxname, table })) return;
    const edit = insertAfterPrefix(ctx, stmt, /CREATE\s+(?:UNIQUE\s+)?INDEX(?:\s+CONCURRENTLY)?/i, ' IF NOT EXISTS');
    const caveat = n.concurrent ? ' After a failed concurrent build, drop the INVALID index first (pg_index.indisvalid).' : '';
    return { message: `CREATE INDEX ${n.idxname} fails if the index already exists: add IF NOT EXISTS.${caveat}`, fixes: fix('Add IF NOT EXISTS', edit) };
  },
});
