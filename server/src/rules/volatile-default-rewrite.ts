import type { ColumnDef, Node } from '@pgsql/types';
import { relationName, stringValue, unwrap, walkNodes } from '../parse/ast';
import { USERS_TABLE } from './docs-setup';
import { addedColumns, constraintOf, isSerial } from './columns';
import { mayHaveRows } from './locks';
import { defineRule, type Report } from './types';

/** Built-in functions marked VOLATILE that turn up in column defaults. */
const VOLATILE_FUNCTIONS = new Set([
  'random',
  'random_normal',
  'gen_random_uuid',
  'uuidv4',
  'uuidv7',
  'uuid_generate_v1',
  'uuid_generate_v1mc',
  'uuid_generate_v4',
  'gen_random_bytes',
  'clock_timestamp',
  'timeofday',
  'nextval',
  'txid_current',
  'pg_current_xact_id',
]);

/** The first volatile function an expression calls, if any (depth-first, in source order). */
function volatileCall(expr: unknown): string | undefined {
  let found: string | undefined;
  walkNodes(expr, (node) => {
    // Every object of the tree is visited; only a `{ FuncCall }` wrapper holds a call.
    const call = unwrap(node as Node, 'FuncCall');
    const name = call ? stringValue(call.funcname?.slice(-1)[0])?.toLowerCase() : undefined;
    if (name && VOLATILE_FUNCTIONS.has(name)) found = `${name}()`;
    return found === undefined;
  });
  return found;
}

/** Why adding this column rewrites the table, or undefined. */
export function rewriteReason(col: ColumnDef, pgVersion: number): string | undefined {
  if (isSerial(col)) return 'a serial column fills every existing row from its sequence';
  if (constraintOf(col, 'CONSTR_IDENTITY')) return 'an identity column fills every existing row from its sequence';
  const generated = constraintOf(col, 'CONSTR_GENERATED');
  // PostgreSQL 18 made generated columns VIRTUAL by default; STORED ones are computed for every row.
  if (generated && generated.generated_kind !== 'v') return 'a stored generated column is computed for every existing row';
  const def = constraintOf(col, 'CONSTR_DEFAULT');
  if (!def) return undefined;
  const volatile = volatileCall(def.raw_expr);
  if (volatile) return `the volatile default ${volatile} is evaluated for every existing row`;
  const isNull = unwrap(def.raw_expr, 'A_Const')?.isnull;
  if (pgVersion < 11 && !isNull) return 'before PostgreSQL 11 any default is written into every existing row';
  return undefined;
}

/**
 * What to do instead. "A generated column cannot be written to directly", so it cannot be added
 * empty and backfilled (https://www.postgresql.org/docs/18/ddl-generated-columns.html). PostgreSQL
 * 18's VIRTUAL ones are computed when read, with nothing to write, but cannot be indexed (the
 * "Virtual generated columns" commit, https://www.postgresql.org/message-id/E1tgK6H-005ooT-PA%40gemulon.postgresql.org);
 * else a plain column that a trigger keeps up to date can be backfilled.
 */
function insteadOf(col: ColumnDef, pgVersion: number): string {
  if (!constraintOf(col, 'CONSTR_GENERATED')) return 'Add it without the default, SET DEFAULT, then backfill in batches.';
  const plain = 'add a plain column that a trigger fills for new rows, and backfill it in batches';
  return pgVersion >= 18 ? `A generated column cannot be backfilled: make it VIRTUAL (nothing stored, but it cannot be indexed), or ${plain}.` : `A generated column cannot be backfilled: ${plain}.`;
}

export default defineRule({
  id: 'volatile-default-rewrite',
  category: 'safety',
  defaultSeverity: 'warning',
  destructive: true,
  squawk: ['adding-field-with-default'],
  docs: {
    summary: 'Adding this column rewrites the whole table under ACCESS EXCLUSIVE.',
    why:
      'Since PostgreSQL 11 a constant (or stable, like `now()`) default is stored once in the catalog and `ADD COLUMN` is instant. A volatile default (`random()`, `gen_random_uuid()`, `clock_timestamp()`), a serial or identity column, or a stored generated column must be computed for each row, so PostgreSQL rewrites the table and its indexes while holding ACCESS EXCLUSIVE: reads and writes wait for the rewrite. Before 11, any non-NULL default rewrote the table.',
    instead:
      'Expand/backfill/contract: add the column without the default, `ALTER COLUMN … SET DEFAULT` (applies to new rows only, no rewrite), backfill existing rows in batches in later migrations, then tighten constraints. A generated column cannot be written, so it cannot be backfilled: on PostgreSQL 18 make it `VIRTUAL` (computed when read, nothing stored, not indexable), or add a plain column that a trigger fills for new rows and backfill it in batches.',
    lock: 'ACCESS EXCLUSIVE',
    setup: USERS_TABLE,
    bad: 'ALTER TABLE users ADD COLUMN api_key uuid DEFAULT gen_random_uuid();',
    good: 'ALTER TABLE users ADD COLUMN api_key uuid;\nALTER TABLE users ALTER COLUMN api_key SET DEFAULT gen_random_uuid();\n-- backfill existing rows in batches in a later migration',
  },
  statementKinds: ['AlterTableStmt'],
  checkStatement(stmt, ctx) {
    if (stmt.kind !== 'AlterTableStmt') return;
    if (!mayHaveRows(relationName(stmt.node.relation), stmt, ctx)) return;
    const reports: Report[] = [];
    for (const col of addedColumns(stmt)) {
      const reason = rewriteReason(col, ctx.pgVersion);
      if (reason) reports.push({ node: col, message: `ADD COLUMN ${col.colname} rewrites ${relationName(stmt.node.relation)} under ACCESS EXCLUSIVE: ${reason}. ${insteadOf(col, ctx.pgVersion)}` });
    }
    return reports;
  },
});
