/** Facts about a column definition (`ColumnDef`) that several safety rules need. */
import type { PgNode } from '../parse/ast';

const SERIAL_TYPES = new Set(['serial', 'serial4', 'bigserial', 'serial8', 'smallserial', 'serial2']);

/** The last part of the column's type name, e.g. `int4`, `bigserial`, `varchar`. */
export function typeNameOf(col: PgNode): string | undefined {
  return col?.typeName?.names?.slice(-1)[0]?.String?.sval;
}

export function isSerial(col: PgNode): boolean {
  return SERIAL_TYPES.has(typeNameOf(col) ?? '');
}

export function constraintOf(col: PgNode, contype: string): PgNode | undefined {
  return (col?.constraints ?? []).find((k: PgNode) => k.Constraint?.contype === contype)?.Constraint;
}

/** The column gets a value for existing rows by itself: a default, identity, generation or serial. */
export function fillsExistingRows(col: PgNode): boolean {
  return isSerial(col) || ['CONSTR_DEFAULT', 'CONSTR_IDENTITY', 'CONSTR_GENERATED'].some((t) => constraintOf(col, t));
}

/** `ALTER TABLE … ADD COLUMN` definitions of a statement. */
export function addedColumns(stmt: { kind: string; node: PgNode }): PgNode[] {
  if (stmt.kind !== 'AlterTableStmt') return [];
  return (stmt.node.cmds ?? []).filter((c: PgNode) => c.AlterTableCmd?.subtype === 'AT_AddColumn').map((c: PgNode) => c.AlterTableCmd.def?.ColumnDef).filter(Boolean);
}
