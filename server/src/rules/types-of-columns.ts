/**
 * Column types as written in CREATE TABLE, ADD COLUMN and ALTER COLUMN … TYPE, with their text
 * ranges: the shared ground of the type-preference rules (bigint, identity, text, timestamptz,
 * jsonb, char) and their type-swap fixes.
 */
import type { ColumnDef, TypeName } from '@pgsql/types';
import { relationName, stringValue, unwrap, unwrapAll } from '../parse/ast';
import { fitted, MemoSlot, type Statement } from '../parse/parser';
import type { Fix, Report, RuleContext } from './types';

export interface ColumnSite {
  table: string;
  column: string;
  /** The ColumnDef node. */
  def: ColumnDef;
  typeName: TypeName;
  /** A full column definition (CREATE TABLE, ADD COLUMN) that may carry constraints; false for ALTER COLUMN … TYPE. */
  definition: boolean;
  /** Part of the primary key, inline or as a table constraint. */
  primaryKey: boolean;
}

/** Kept with the statement's cached parse (parser.ts): six rules read each statement's sites. */
const sitesSlot = new MemoSlot<readonly ColumnSite[]>('column sites');
const NO_SITES: readonly ColumnSite[] = [];

export function columnSites(stmt: Statement): readonly ColumnSite[] {
  // Only these statements write column types: the others need no slot.
  if (stmt.kind !== 'CreateStmt' && stmt.kind !== 'AlterTableStmt') return NO_SITES;
  let sites = sitesSlot.get(stmt);
  if (!sites) sitesSlot.set(stmt, (sites = fitted(sitesOf(stmt))));
  return sites;
}

function sitesOf(stmt: Statement): ColumnSite[] {
  if (stmt.kind === 'CreateStmt') {
    const table = relationName(stmt.node.relation);
    const elts = stmt.node.tableElts;
    const pk = new Set<string>();
    for (const k of unwrapAll(elts, 'Constraint')) if (k.contype === 'CONSTR_PRIMARY') for (const key of k.keys ?? []) pk.add(stringValue(key) ?? '');
    return unwrapAll(elts, 'ColumnDef').flatMap((def) => (def.typeName ? [site(table, def.colname ?? '', def, def.typeName, true, pk)] : []));
  }
  if (stmt.kind !== 'AlterTableStmt') return [];
  const table = relationName(stmt.node.relation);
  const out: ColumnSite[] = [];
  for (const cmd of unwrapAll(stmt.node.cmds, 'AlterTableCmd')) {
    const def = unwrap(cmd.def, 'ColumnDef');
    if (!def?.typeName) continue;
    if (cmd.subtype === 'AT_AddColumn') out.push(site(table, def.colname ?? '', def, def.typeName, true, new Set()));
    if (cmd.subtype === 'AT_AlterColumnType') out.push(site(table, cmd.name ?? '', def, def.typeName, false, new Set()));
  }
  return out;
}

function site(table: string, column: string, def: ColumnDef, typeName: TypeName, definition: boolean, tablePk: Set<string>): ColumnSite {
  const inlinePk = unwrapAll(def.constraints, 'Constraint').some((c) => c.contype === 'CONSTR_PRIMARY');
  return { table, column, def, typeName, definition, primaryKey: inlinePk || tablePk.has(column) };
}

/**
 * The built-in type's internal name (`int4`, `varchar`, `timestamp`, `serial`…), or undefined
 * for a type in a user schema. Written spellings are normalised by the parser (`integer` → `int4`).
 */
export function builtinType(typeName: TypeName | undefined): string | undefined {
  // Read in place, no array of the names: six rules ask this of every column site on every lint.
  const names = typeName?.names;
  if (names?.length === 2) return stringValue(names[0]) === 'pg_catalog' ? (stringValue(names[1]) ?? '') : undefined;
  return names?.length === 1 ? (stringValue(names[0]) ?? '') : undefined;
}

export function isArrayType(typeName: TypeName | undefined): boolean {
  return (typeName?.arrayBounds?.length ?? 0) > 0;
}

/** The type modifiers as written numbers, e.g. `[255]` for varchar(255). */
export function typeModifiers(typeName: TypeName | undefined): number[] {
  return (typeName?.typmods ?? []).map((m) => unwrap(m, 'A_Const')?.ival?.ival).filter((v): v is number => typeof v === 'number');
}

const IDENT = String.raw`(?:"(?:[^"]|"")*"|[A-Za-z_\u0080-\uffff][\w$\u0080-\uffff]*)`;
/** A type as written, without array bounds: multi-word names, schema, modifiers, time zone. */
const TYPE_TEXT = new RegExp(
  String.raw`(?:double\s+precision|(?:national\s+)?(?:character|char|bit)\s+varying|${IDENT}(?:\s*\.\s*${IDENT})*)` +
    String.raw`(?:\s*\([^()]*\))?(?:\s+with(?:out)?\s+time\s+zone)?`,
  'iy',
);

/** UTF-16 range of a column's type in the file, array bounds excluded. */
function typeRange(ctx: RuleContext, stmt: Statement, typeName: TypeName): { start: number; end: number } | undefined {
  if (typeof typeName?.location !== 'number' || typeName.location < 0) return undefined;
  const start = ctx.offsetOf(stmt, typeName.location);
  TYPE_TEXT.lastIndex = start;
  const m = TYPE_TEXT.exec(ctx.file.text);
  return m && start + m[0].length <= stmt.end ? { start, end: start + m[0].length } : undefined;
}

/** Where to report a column's type (the statement when the type cannot be located). */
function typeReport(ctx: RuleContext, stmt: Statement, site: ColumnSite): { start: number; end: number } {
  return typeRange(ctx, stmt, site.typeName) ?? { start: stmt.start, end: stmt.end };
}

/** Replaces the written type with `newType`; none when the type cannot be located exactly. */
function typeSwapFix(ctx: RuleContext, stmt: Statement, site: ColumnSite, newType: string, title = `Use ${newType}`): Fix[] {
  const range = typeRange(ctx, stmt, site.typeName);
  return range ? [{ title, edits: [{ ...range, newText: newType }] }] : [];
}

/** Said in the docs of each rule that uses typeFinding with schema advice. */
export const SCHEMA_ADVICE_NOTE = 'In a Prisma or Drizzle set the finding says what to change in schema.prisma or the Drizzle schema instead of offering an edit of the SQL, which the next generated migration would not keep.';

/** What to change in the ORM's schema for the better type, where the convention writes its SQL from one. */
export type SchemaAdvice = Partial<Record<'prisma' | 'drizzle', string>>;

/**
 * Prisma and Drizzle write their migrations from a schema, so the better type has to go there:
 * - `prisma migrate dev` applies the migrations to a shadow database and compares it with
 *   schema.prisma, then writes a migration for the difference
 *   (https://www.prisma.io/docs/orm/prisma-migrate/workflows/development-and-production): a type
 *   changed only in the SQL is changed back by the next migration.
 * - `drizzle-kit generate` compares the schema with the last snapshot in `meta/`
 *   (https://orm.drizzle.team/docs/drizzle-kit-generate): a type changed only in the SQL leaves
 *   both saying the old one.
 */
const WRITTEN_FROM: Record<'prisma' | 'drizzle', (advice: string) => string> = {
  prisma: (advice) => `Prisma writes this file from schema.prisma: ${advice}; changed only here, the next \`prisma migrate dev\` changes it back.`,
  drizzle: (advice) => `drizzle-kit writes this file from your schema: ${advice}; changed only here, the schema and its snapshot still say the old type.`,
};

/**
 * A finding on a column's type, with `newType` as its fix; where the convention writes the SQL
 * from a schema and `schema` says what to change there, that advice instead of an SQL edit.
 */
export function typeFinding(ctx: RuleContext, stmt: Statement, site: ColumnSite, message: string, newType: string, schema: SchemaAdvice, title?: string): Report {
  const orm = ctx.convention === 'prisma' || ctx.convention === 'drizzle' ? ctx.convention : undefined;
  const advice = orm && schema[orm];
  if (orm && advice) return { ...typeReport(ctx, stmt, site), message: `${message} ${WRITTEN_FROM[orm](advice)}` };
  return { ...typeReport(ctx, stmt, site), message, fixes: typeSwapFix(ctx, stmt, site, newType, title) };
}

/** Keys and the columns that hold them: where running out of 32-bit numbers hurts (prefer-bigint). */
export function isIdColumn(site: ColumnSite): boolean {
  return site.primaryKey || site.column === 'id' || site.column.endsWith('_id');
}

/** 16- and 32-bit integer types and their serial forms, with the 64-bit replacement. */
const WIDER: Record<string, string> = { int2: 'bigint', int4: 'bigint', serial: 'bigserial', serial4: 'bigserial', smallserial: 'bigserial', serial2: 'bigserial' };

/** The 64-bit type for an id column of 32 bits or fewer (prefer-bigint's finding), else undefined. */
export function widerId(site: ColumnSite): string | undefined {
  return isIdColumn(site) && !isArrayType(site.typeName) ? WIDER[builtinType(site.typeName) ?? ''] : undefined;
}

const SERIALS = new Set(['smallserial', 'serial2', 'serial', 'serial4', 'bigserial', 'serial8']);

/**
 * The one replacement a reviewer would pick for a serial id column, shared by prefer-bigint and
 * prefer-identity so that their fixes agree and applying one never brings back the other:
 * `bigint GENERATED BY DEFAULT AS IDENTITY` (64 bits, an identity, explicit ids still accepted like
 * serial). Undefined for other columns, and before PostgreSQL 10 (no identity columns).
 */
export function serialIdReplacement(ctx: RuleContext, site: ColumnSite): string | undefined {
  // Prisma takes the width from schema.prisma (Int or BigInt): an identity edited into its SQL keeps
  // the width, or the next generated migration changes the type back (typeFinding).
  if (!site.definition || !isIdColumn(site) || ctx.pgVersion < 10 || ctx.convention === 'prisma') return undefined;
  return SERIALS.has(builtinType(site.typeName) ?? '') ? 'bigint GENERATED BY DEFAULT AS IDENTITY' : undefined;
}

/** `users.email`, for messages. */
export function columnLabel(site: ColumnSite): string {
  return `${site.table}.${site.column}`;
}
