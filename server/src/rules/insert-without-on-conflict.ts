import type { Node, SelectStmt } from '@pgsql/types';
import { relationName, unwrap } from '../parse/ast';
import { fix } from './fixes';
import { removedBefore } from './guards';
import { statementTokens, type Token } from './tokens';
import { defineRule, type Edit } from './types';

export default defineRule({
  id: 'insert-without-on-conflict',
  category: 'idempotency',
  defaultSeverity: 'warning',
  docs: {
    summary: 'INSERT adds the rows again (or fails on a unique key) when the migration runs again: add ON CONFLICT or a NOT EXISTS guard.',
    why: [
      'Seed and reference data must not duplicate: the second run of an `INSERT` either fails with `duplicate key value violates unique constraint` or, without a unique key, quietly inserts every row a second time.',
      '',
      'A table created earlier in the same file does not make the INSERT safe: with `CREATE TABLE IF NOT EXISTS` the rows from the first run are still there. Emptying the table earlier in the file (`TRUNCATE`, `DELETE FROM`) or dropping and recreating it does, and counts as a guard.',
    ].join('\n'),
    instead: [
      'Add `ON CONFLICT DO NOTHING` (or `ON CONFLICT (key) DO UPDATE SET … = EXCLUDED.…` to keep the rows current); the quick fix puts it before any `RETURNING`. ON CONFLICT only helps when a primary key or unique constraint covers the natural key of the rows: with generated ids and no unique key nothing ever conflicts.',
      '',
      'Without such a key, write `INSERT … SELECT … WHERE NOT EXISTS (SELECT 1 FROM t WHERE …)`, which counts as guarded.',
    ].join('\n'),
    lock: 'ROW EXCLUSIVE',
    setup: 'CREATE TABLE roles (name text PRIMARY KEY);',
    bad: "INSERT INTO roles (name) VALUES ('admin'), ('member');",
    good: "INSERT INTO roles (name) VALUES ('admin'), ('member') ON CONFLICT (name) DO NOTHING;",
  },
  statementKinds: ['InsertStmt'],
  checkStatement(stmt, ctx) {
    if (stmt.kind !== 'InsertStmt') return;
    const n = stmt.node;
    if (n.onConflictClause) return;
    const table = relationName(n.relation);
    if (hasNotExistsGuard(unwrap(n.selectStmt, 'SelectStmt')) || removedBefore(ctx, stmt, { kind: 'rows', name: table, table })) return;
    return {
      message: `INSERT INTO ${table} runs again on a re-run: add ON CONFLICT … DO NOTHING, or guard the rows with WHERE NOT EXISTS.`,
      fixes: fix('Add ON CONFLICT DO NOTHING', onConflictEdit(statementTokens(ctx, stmt))),
    };
  },
});

/** `INSERT … SELECT … WHERE NOT EXISTS (…)`, also under AND or inside a UNION branch. */
function hasNotExistsGuard(select: SelectStmt | undefined): boolean {
  // Iterative: a chain of thousands of UNIONs nests as deep, and must not exhaust the stack.
  const stack: (SelectStmt | undefined)[] = [select];
  while (stack.length) {
    const s = stack.pop();
    if (!s) return false;
    if (s.larg || s.rarg) stack.push(s.rarg, s.larg);
    else if (!containsNotExists(s.whereClause)) return false;
  }
  return true;
}

function containsNotExists(expr: Node | undefined): boolean {
  const b = unwrap(expr, 'BoolExpr');
  if (!b) return false;
  if (b.boolop === 'NOT_EXPR') return unwrap(b.args?.[0], 'SubLink')?.subLinkType === 'EXISTS_SUBLINK';
  return b.boolop === 'AND_EXPR' && (b.args ?? []).some((arg) => containsNotExists(arg));
}

/** ON CONFLICT goes after the rows and before RETURNING (at the top nesting level). */
function onConflictEdit(tokens: Token[]): Edit | undefined {
  if (tokens.length === 0) return undefined;
  let returning = -1;
  tokens.forEach((t, i) => {
    if (t.depth === 0 && t.upper === 'RETURNING') returning = i;
  });
  const after = returning > 0 ? tokens[returning - 1] : tokens[tokens.length - 1];
  return { start: after.end, end: after.end, newText: ' ON CONFLICT DO NOTHING' };
}
