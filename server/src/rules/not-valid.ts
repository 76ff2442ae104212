/**
 * Shared by the constraint rules: find ADD CONSTRAINT subcommands that validate every row
 * under their lock, and the NOT VALID + VALIDATE split that avoids it.
 */
import type { Constraint, Node, RangeVar } from '@pgsql/types';
import type { ConstrType } from '@pgsql/types/enums';
import { normalizeName, relationName, unwrap, unwrapAll } from '../parse/ast';
import { runOrder, type ParsedFile, type Statement } from '../parse/parser';
import { fix, insertLineAfter } from './fixes';
import { alteredTableWithRows } from './locks';
import { alterTableCommands, quoteIdent, quoteRelation } from './tokens';
import type { Edit, Fix, RuleContext } from './types';

export interface AddedConstraint {
  constraint: Constraint;
  /** Index of the subcommand in the ALTER TABLE. */
  cmdIndex: number;
  table: string;
}

/** `ALTER TABLE … ADD CONSTRAINT` subcommands of one type on a table that existed before this file. */
export function constraintsAddedToExisting(stmt: Statement, ctx: RuleContext, contype: ConstrType): AddedConstraint[] {
  const table = stmt.kind === 'AlterTableStmt' ? alteredTableWithRows(stmt, ctx) : undefined;
  if (stmt.kind !== 'AlterTableStmt' || !table) return [];
  const out: AddedConstraint[] = [];
  (stmt.node.cmds ?? []).forEach((c, cmdIndex) => {
    const cmd = unwrap(c, 'AlterTableCmd');
    const constraint = cmd?.subtype === 'AT_AddConstraint' ? unwrap(cmd.def, 'Constraint') : undefined;
    if (constraint?.contype === contype) out.push({ constraint, cmdIndex, table });
  });
  return out;
}

/** The end (UTF-16) of an ALTER TABLE subcommand, where NOT VALID goes. */
export function commandEnd(ctx: RuleContext, stmt: Statement, cmdIndex: number): number | undefined {
  const run = alterTableCommands(ctx, stmt)?.[cmdIndex];
  return run && run.length > 0 ? run[run.length - 1].end : undefined;
}

/**
 * Adds NOT VALID at `at`; where the statement runs outside a transaction block, also
 * validates right after it (VALIDATE takes only SHARE UPDATE EXCLUSIVE once the lock is gone).
 * `validate` is the VALIDATE statement for a named constraint.
 */
export function notValidFix(ctx: RuleContext, stmt: Statement, at: number | undefined, validate: string | undefined): Fix[] {
  const notValid: Edit | undefined = at === undefined ? undefined : { start: at, end: at, newText: ' NOT VALID' };
  if (validate && !ctx.inTransaction(stmt) && stmt.scope === 'top') {
    return fix('Add NOT VALID, then VALIDATE in a separate statement', notValid, insertLineAfter(ctx, stmt, validate));
  }
  return fix('Add NOT VALID (VALIDATE CONSTRAINT in a later migration)', notValid);
}

/** `ALTER TABLE users VALIDATE CONSTRAINT name;` for a named constraint. */
export function validateStatement(table: RangeVar | undefined, conname: string | undefined): string | undefined {
  if (!conname) return undefined;
  return `ALTER TABLE ${quoteRelation(table)} VALIDATE CONSTRAINT ${quoteIdent(conname)};`;
}

export interface ValidatedCheck {
  name?: string;
  /** The CHECK expression, when this file added the constraint. */
  expr?: Node;
}

interface CheckIndex {
  /** Per table: validations in file order. */
  byTable: Map<string, { at: number; check: ValidatedCheck }[]>;
}

/** Built once per file: rules ask for every SET NOT NULL / ATTACH, and a rescan each time is quadratic. */
const indexes = new WeakMap<ParsedFile, CheckIndex>();

function checkIndex(file: ParsedFile): CheckIndex {
  let index = indexes.get(file);
  if (index) return index;
  index = { byTable: new Map() };
  const added = new Map<string, Node | undefined>();
  file.executed.forEach((s, at) => {
    if (s.kind !== 'AlterTableStmt') return;
    const table = normalizeName(relationName(s.node.relation));
    const push = (check: ValidatedCheck) => {
      const list = index!.byTable.get(table) ?? [];
      list.push({ at, check });
      index!.byTable.set(table, list);
    };
    for (const cmd of unwrapAll(s.node.cmds, 'AlterTableCmd')) {
      const k = unwrap(cmd.def, 'Constraint');
      if (cmd.subtype === 'AT_AddConstraint' && k?.contype === 'CONSTR_CHECK') {
        if (k.conname) added.set(`${table}.${k.conname}`, k.raw_expr);
        if (!k.skip_validation) push({ name: k.conname, expr: k.raw_expr });
      }
      if (cmd.subtype === 'AT_ValidateConstraint') push({ name: cmd.name, expr: added.get(`${table}.${cmd.name}`) });
    }
  });
  indexes.set(file, index);
  return index;
}

/**
 * CHECK constraints on `table` that statements before `stmt` validated: added without NOT VALID,
 * or named by VALIDATE CONSTRAINT. The basis of recipes that let PostgreSQL skip a scan.
 */
export function checksValidatedBefore(stmt: Statement, ctx: RuleContext, table: string): ValidatedCheck[] {
  const index = checkIndex(ctx.file);
  // A statement of a function body or DO block counts at its enclosing statement's place.
  const self = runOrder(stmt.parent ?? stmt);
  return (index.byTable.get(normalizeName(table)) ?? []).filter((e) => e.at < self).map((e) => e.check);
}
