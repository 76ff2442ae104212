import type { AlterTableCmd } from '@pgsql/types';
import { alterCommands, unwrap } from '../parse/ast';
import type { StatementOf } from '../parse/parser';
import { judged, setView } from '../navigation/checks';
import { typeText } from '../navigation/events';
import { USERS_TABLE } from './docs-setup';
import { typeNameOf } from './columns';
import { alteredTableWithRows } from './locks';
import { defineRule, type Report, type RuleContext } from './types';

/** Target types some old types convert to without a rewrite (binary-coercible or only relaxing a limit). */
const MAYBE_FREE: Record<string, string> = {
  text: 'varchar or varchar(n) → text',
  varchar: 'varchar(n) → varchar(m) with m ≥ n, or → unbounded varchar',
  numeric: 'numeric(p,s) → numeric(p2,s) with p2 ≥ p, or → unbounded numeric',
  bit: 'varbit(n) → varbit(m) with m ≥ n',
  varbit: 'varbit(n) → varbit(m) with m ≥ n',
  inet: 'cidr → inet',
  timestamp: 'timestamp(p) → timestamp(q) with q ≥ p; timestamptz → timestamp when the session TimeZone is UTC (PostgreSQL 12+)',
  timestamptz: 'timestamptz(p) → timestamptz(q) with q ≥ p; timestamp → timestamptz when the session TimeZone is UTC (PostgreSQL 12+)',
};

export default defineRule({
  id: 'change-column-type',
  category: 'safety',
  defaultSeverity: 'warning',
  destructive: true,
  squawk: ['changing-column-type'],
  docs: {
    summary: 'ALTER COLUMN … TYPE usually rewrites the table and its indexes under ACCESS EXCLUSIVE.',
    why:
      'Changing a column\'s type takes ACCESS EXCLUSIVE and, unless the old and new types are binary-coercible, rewrites every row and rebuilds every index on the table: reads and writes wait for all of it. Safe exceptions that only take the lock briefly: `varchar(n)` → `varchar(m)` with m ≥ n, `varchar` → `text`, `text` → unbounded `varchar`, `numeric(p,s)` → `numeric(p2,s)` with p2 ≥ p, `timestamp(p)` → `timestamp(q)` with q ≥ p, `cidr` → `inet`. When the earlier migrations give the column\'s type, such a change is not reported, and any other change is reported as a rewrite; otherwise the message lists the exceptions. A `USING` clause always rewrites. Old application versions may also break on the new type.',
    instead:
      'For a safe widening, keep it (it is brief) with a short `lock_timeout`. Otherwise expand/backfill/contract: add a new column with the new type, write to both, backfill in batches, switch reads, then drop the old column in a later release.',
    lock: 'ACCESS EXCLUSIVE',
    setup: USERS_TABLE,
    bad: 'ALTER TABLE users ALTER COLUMN name TYPE varchar(200);',
    good: 'ALTER TABLE users ADD COLUMN display_name varchar(200);\n-- backfill in batches, switch the application, then drop `name` in a later release',
  },
  statementKinds: ['AlterTableStmt'],
  checkStatement(stmt, ctx) {
    if (stmt.kind !== 'AlterTableStmt') return;
    const table = alteredTableWithRows(stmt, ctx);
    if (!table) return;
    const reports: Report[] = [];
    for (const { cmd } of alterCommands(stmt.node, 'AT_AlterColumnType')) {
      const col = unwrap(cmd.def, 'ColumnDef');
      const target = typeNameOf(col) ?? '';
      const old = col?.raw_default || col?.collClause ? undefined : typeBefore(ctx, stmt, cmd);
      const free = old === undefined ? undefined : rewriteFree(old, typeText(col?.typeName));
      if (free === true) continue;
      const head = `Changing the type of ${table}.${cmd.name}${free === false ? ` from ${shown(old!)} to ${shown(typeText(col?.typeName))}` : ''} takes ACCESS EXCLUSIVE`;
      if (col?.raw_default) reports.push({ node: cmd, message: `${head} and, with USING, rewrites the table and its indexes.` });
      else if (free === undefined && MAYBE_FREE[target]) reports.push({ node: cmd, message: `${head}. It rewrites the table and its indexes unless the change is binary-coercible (${MAYBE_FREE[target]}): then it is brief. Otherwise add a new column and backfill.` });
      else reports.push({ node: cmd, message: `${head} and rewrites the table and its indexes: add a new column, backfill, and switch over instead.` });
    }
    return reports;
  },
});

/**
 * The column's type just before this statement, as the earlier migrations and statements of the
 * set wrote it (the schema timeline); undefined when unknown: a column the migrations do not
 * create, or a set where dynamic SQL or a file that does not parse may have changed it unseen.
 */
function typeBefore(ctx: RuleContext, stmt: StatementOf<'AlterTableStmt'>, cmd: AlterTableCmd): string | undefined {
  const view = setView(ctx);
  if (view.quiet) return undefined;
  const index = ctx.file.statements.indexOf(stmt);
  if (index < 0) return undefined; // inside a DO block, which may guard it
  const timeline = view.timeline;
  const alter = timeline.byFile[view.index].find(
    (o) => o.event.stmt === index && o.event.event === 'alter' && o.object.kind === 'column' && o.name === cmd.name && o.event.attrs?.change?.startsWith('TYPE') && judged(o),
  );
  if (!alter?.object.created) return undefined;
  return timeline.attrAt(alter.object, 'type', { file: view.index, stmt: index });
}

/** A type as typeText writes it: `varchar(255)`, `numeric(10,2)`, `app.status[]`. */
interface ParsedType {
  base: string;
  mods: number[];
  array: boolean;
}

/** Spellings of one built-in type that typeText leaves apart (a name written without pg_catalog's keyword form, a serial's column type). */
const ALIASES: Record<string, string> = {
  int: 'integer',
  int4: 'integer',
  int8: 'bigint',
  int2: 'smallint',
  serial: 'integer',
  serial4: 'integer',
  bigserial: 'bigint',
  serial8: 'bigint',
  smallserial: 'smallint',
  serial2: 'smallint',
  bpchar: 'char',
  decimal: 'numeric',
  float8: 'double precision',
  float4: 'real',
  bool: 'boolean',
};

const BUILTIN = new Set(['smallint', 'integer', 'bigint', 'real', 'double precision', 'numeric', 'boolean', 'text', 'varchar', 'char', 'bytea', 'date', 'time', 'timetz', 'timestamp', 'timestamptz', 'interval', 'uuid', 'json', 'jsonb', 'inet', 'cidr', 'varbit', 'bit', 'money', 'xml']);

function parseType(text: string): ParsedType | undefined {
  const m = /^([a-z_][a-z0-9_ .]*?)(?:\(([0-9, ]+)\))?((?:\[\])*)$/i.exec(text.trim());
  if (!m) return undefined;
  const base = m[1].toLowerCase();
  return { base: ALIASES[base] ?? base, mods: m[2] ? m[2].split(',').map(Number) : [], array: m[3].length > 0 };
}

/** A type as PostgreSQL names it (`serial` is an integer column, `decimal` a numeric). */
function shown(text: string): string {
  const t = parseType(text);
  return t ? `${t.base}${t.mods.length ? `(${t.mods.join(',')})` : ''}${t.array ? '[]' : ''}` : text;
}

/** Types whose modifier only limits values, and whose support function drops a cast that cannot fail or round (max: the modifier that means no limit). */
const LIMIT_TYPES: Record<string, number> = { varchar: Infinity, varbit: Infinity, timestamp: 6, timestamptz: 6, time: 6, timetz: 6 };

/**
 * Whether ALTER COLUMN … TYPE from `oldText` to `newText` (no USING, no COLLATE) leaves the table
 * as it is: true when PostgreSQL skips the rewrite, false when it rewrites, undefined when that
 * depends on something not known here (a user type, an array, the session TimeZone).
 *
 * PostgreSQL rewrites unless the conversion, after the planner's simplification, is the column
 * itself under a RelabelType (binary-coercible types) or an unconstrained domain
 * (ATColumnChangeRequiresRewrite, src/backend/commands/tablecmds.c). The length coercions of
 * varchar, varbit, numeric and the time types have support functions (varchar_support in
 * src/backend/utils/adt/varchar.c, varbit_support, numeric_support, timestamp_support and
 * time_support via TemporalSimplify) that turn a cast which cannot change a value into a
 * RelabelType: a larger or no limit, for numeric the same scale and no smaller precision.
 * varchar and text are binary-coercible both ways; cidr → inet too (pg_cast.dat). See also
 * https://www.postgresql.org/docs/current/sql-altertable.html (Notes: "a table rewrite is not
 * needed … text to varchar (or vice versa) without rebuilding the indexes").
 */
export function rewriteFree(oldText: string, newText: string): boolean | undefined {
  const from = parseType(oldText);
  const to = parseType(newText);
  if (!from || !to) return undefined;
  const same = from.base === to.base && from.array === to.array && from.mods.join() === to.mods.join();
  if (same) return true;
  if (from.array || to.array || !BUILTIN.has(from.base) || !BUILTIN.has(to.base)) return undefined;
  if (from.base === to.base) {
    const limit = LIMIT_TYPES[from.base];
    if (limit !== undefined) {
      const [was, now] = [from.mods[0], to.mods[0]];
      return now === undefined || now >= limit || (was !== undefined && now >= was);
    }
    if (from.base === 'numeric') {
      if (to.mods.length === 0) return true;
      if (from.mods.length === 0) return false;
      return (to.mods[1] ?? 0) === (from.mods[1] ?? 0) && to.mods[0] >= from.mods[0];
    }
    return undefined; // char(n), bit(n), interval fields: not worked out here
  }
  if (from.base === 'varchar' && to.base === 'text') return true;
  if (from.base === 'text' && to.base === 'varchar') return to.mods.length === 0;
  if (from.base === 'cidr' && to.base === 'inet') return true;
  // timestamp ↔ timestamptz: no rewrite when the session TimeZone is UTC (PostgreSQL 12+), unknown here.
  if (['timestamp', 'timestamptz'].includes(from.base) && ['timestamp', 'timestamptz'].includes(to.base)) return undefined;
  return false;
}
