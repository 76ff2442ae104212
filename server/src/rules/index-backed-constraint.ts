/**
 * Shared by `unique-constraint-without-index` and `add-primary-key-on-existing-table`: the
 * recipe that builds the index CONCURRENTLY first, then attaches it with `USING INDEX`.
 */
import type { ColumnDef, Constraint, RangeVar } from '@pgsql/types';
import { stringValue, unwrap, unwrapAll } from '../parse/ast';
import type { Statement } from '../parse/parser';
import { inTransactionBlock } from './concurrently';
import { fix, hasOwnRange } from './fixes';
import { alteredTableWithRows } from './locks';
import { constraintsAddedToExisting, type AddedConstraint } from './not-valid';
import { quoteIdent, quoteRelation } from './tokens';
import type { Fix, RuleContext } from './types';

/** UNIQUE / PRIMARY KEY constraints added to an existing table that build their own index. */
export function indexBuildingConstraints(stmt: Statement, ctx: RuleContext, contype: 'CONSTR_UNIQUE' | 'CONSTR_PRIMARY'): AddedConstraint[] {
  return constraintsAddedToExisting(stmt, ctx, contype).filter((a) => !a.constraint.indexname);
}

/** `ADD COLUMN … UNIQUE` / `ADD COLUMN … PRIMARY KEY` on a table that may hold rows: the index is built under ACCESS EXCLUSIVE too. */
export function columnsAddedWithIndex(stmt: Statement, ctx: RuleContext, contype: 'CONSTR_UNIQUE' | 'CONSTR_PRIMARY'): { column: string; col: ColumnDef; table: string; cmdIndex: number }[] {
  const table = stmt.kind === 'AlterTableStmt' ? alteredTableWithRows(stmt, ctx) : undefined;
  if (stmt.kind !== 'AlterTableStmt' || !table) return [];
  const out: { column: string; col: ColumnDef; table: string; cmdIndex: number }[] = [];
  (stmt.node.cmds ?? []).forEach((c, cmdIndex) => {
    const cmd = unwrap(c, 'AlterTableCmd');
    const col = cmd?.subtype === 'AT_AddColumn' ? unwrap(cmd.def, 'ColumnDef') : undefined;
    if (col && unwrapAll(col.constraints, 'Constraint').some((k) => k.contype === contype)) out.push({ column: col.colname ?? '', col, table, cmdIndex });
  });
  return out;
}

/** The name PostgreSQL gives an unnamed constraint: `users_email_key`, `users_pkey`. */
function constraintName(table: RangeVar | undefined, k: Constraint): string {
  if (k.conname) return k.conname;
  if (k.contype === 'CONSTR_PRIMARY') return `${table?.relname}_pkey`;
  return `${table?.relname}_${(k.keys ?? []).map((key) => stringValue(key)).join('_')}_key`;
}

/**
 * Replaces `ALTER TABLE t ADD [CONSTRAINT c] UNIQUE (cols)` with the index built concurrently
 * and the constraint attached to it. Only for a lone subcommand with plain columns, where the
 * statement can run outside a transaction block.
 */
export function usingIndexFix(stmt: Statement, ctx: RuleContext, added: AddedConstraint): Fix[] {
  const k = added.constraint;
  const plain = !k.including?.length && !k.options?.length && !k.indexspace && !k.deferrable && !k.nulls_not_distinct && k.keys?.length;
  if (!plain || stmt.kind !== 'AlterTableStmt' || (stmt.node.cmds ?? []).length !== 1 || !hasOwnRange(stmt) || inTransactionBlock(stmt, ctx)) return [];
  const table = quoteRelation(stmt.node.relation);
  const name = quoteIdent(constraintName(stmt.node.relation, k));
  const columns = (k.keys ?? []).map((c) => quoteIdent(stringValue(c) ?? '')).join(', ');
  const kind = k.contype === 'CONSTR_PRIMARY' ? 'PRIMARY KEY' : 'UNIQUE';
  // libpg_query leaves `inh` out when ONLY was written.
  const only = stmt.node.relation?.inh ? '' : 'ONLY ';
  const text = [`CREATE UNIQUE INDEX CONCURRENTLY ${name} ON ${table} (${columns});`, `ALTER TABLE ${only}${table} ADD CONSTRAINT ${name} ${kind} USING INDEX ${name}`].join('\n');
  return fix(`Build the index CONCURRENTLY, then ADD CONSTRAINT … ${kind} USING INDEX`, { start: stmt.start, end: stmt.end, newText: text });
}
