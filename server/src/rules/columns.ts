/** Facts about a column definition (`ColumnDef`) that several safety rules need. */
import type { ColumnDef, Constraint } from '@pgsql/types';
import type { ConstrType } from '@pgsql/types/enums';
import { stringValue, unwrap, unwrapAll } from '../parse/ast';
import type { Statement } from '../parse/parser';

const SERIAL_TYPES = new Set(['serial', 'serial4', 'bigserial', 'serial8', 'smallserial', 'serial2']);

/** The last part of the column's type name, e.g. `int4`, `bigserial`, `varchar`. */
export function typeNameOf(col: ColumnDef | undefined): string | undefined {
  return stringValue(col?.typeName?.names?.slice(-1)[0]);
}

export function isSerial(col: ColumnDef | undefined): boolean {
  return SERIAL_TYPES.has(typeNameOf(col) ?? '');
}

export function constraintOf(col: ColumnDef | undefined, contype: ConstrType): Constraint | undefined {
  return unwrapAll(col?.constraints, 'Constraint').find((k) => k.contype === contype);
}

/** The column gets a value for existing rows by itself: a default, identity, generation or serial. */
export function fillsExistingRows(col: ColumnDef | undefined): boolean {
  return isSerial(col) || (['CONSTR_DEFAULT', 'CONSTR_IDENTITY', 'CONSTR_GENERATED'] as const).some((t) => constraintOf(col, t));
}

/** `ALTER TABLE … ADD COLUMN` definitions of a statement. */
export function addedColumns(stmt: Statement): ColumnDef[] {
  if (stmt.kind !== 'AlterTableStmt') return [];
  return unwrapAll(stmt.node.cmds, 'AlterTableCmd')
    .filter((cmd) => cmd.subtype === 'AT_AddColumn')
    .map((cmd) => unwrap(cmd.def, 'ColumnDef'))
    .filter((def): def is ColumnDef => !!def);
}
