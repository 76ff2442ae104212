/**
 * Pre-flight probes for a pending migration: would its statements fail on today's rows? Each probe
 * is one bounded read (`LIMIT 1`, or one aggregate) under the session's statement timeout, run
 * only on request. A probe that cannot decide (timeout, table not in the database yet) says so.
 */
import type { Constraint, RangeVar, TypeName } from '@pgsql/types';
import { quoteIdent, relationName, stringValue, unwrap, unwrapAll } from '../parse/ast';
import type { ByteMap } from '../parse/offsets';
import type { ParsedFile, Statement } from '../parse/parser';
import { LiveError, type LiveDb } from './connection';

type ProbeKind = 'not-null' | 'unique' | 'check' | 'type' | 'required-column';

interface Probe {
  kind: ProbeKind;
  /** The statement it is about (UTF-16 offsets in the file). */
  start: number;
  end: number;
  table: string;
  columns: string[];
  /** What the probe reads (shown with the result, so the user can run it too). */
  sql: string;
  /** Message when the probe finds a row. */
  failure: string;
}

export interface ProbeResult extends Omit<Probe, 'failure'> {
  /** `fail`: the statement will fail on today's rows; `pass`: it will not; `unknown`: the probe could not tell. */
  outcome: 'fail' | 'pass' | 'unknown';
  message: string;
}

/** The probes a file's statements call for (nothing is read yet). */
export function probesOf(file: ParsedFile): Probe[] {
  const bytes = file.bytes;
  const out: Probe[] = [];
  for (const stmt of file.statements) {
    const at = { start: stmt.start, end: stmt.end };
    if (stmt.kind === 'AlterTableStmt') {
      const rel = stmt.node.relation;
      const table = quoteRel(rel);
      const shown = relationName(rel);
      for (const cmd of unwrapAll(stmt.node.cmds, 'AlterTableCmd')) {
        const name = cmd.name ?? '';
        switch (cmd.subtype) {
          case 'AT_SetNotNull': {
            const col = quoteIdent(name);
            out.push({ kind: 'not-null', ...at, table: shown, columns: [name], sql: `SELECT 1 FROM ${table} WHERE ${col} IS NULL LIMIT 1`, failure: `will fail: column ${cmd.name} of ${shown} has NULLs` });
            break;
          }
          case 'AT_AddConstraint':
            out.push(...constraintProbes(unwrap(cmd.def, 'Constraint'), table, shown, at, stmt, bytes, file.text));
            break;
          case 'AT_AlterColumnType': {
            const def = unwrap(cmd.def, 'ColumnDef');
            if (!def?.typeName || def.raw_default) break; // USING: the expression decides, not probed
            const type = typeSql(def.typeName);
            if (!type) break;
            const col = quoteIdent(name);
            const len = charLimit(def.typeName);
            const sql = len !== undefined
              // An explicit cast to varchar(n) truncates; the ALTER's assignment cast fails instead: compare lengths.
              ? `SELECT 1 FROM ${table} WHERE char_length(${col}::text) > ${len} LIMIT 1`
              : `SELECT count(CAST(${col} AS ${type})) FROM ${table}`;
            out.push({ kind: 'type', ...at, table: shown, columns: [name], sql, failure: len !== undefined ? `will fail: a value of ${shown}.${cmd.name} is longer than ${len} characters` : `will fail: a value of ${shown}.${cmd.name} does not convert to ${shownType(type)}` });
            break;
          }
          case 'AT_AddColumn': {
            const def = unwrap(cmd.def, 'ColumnDef');
            const cons = unwrapAll(def?.constraints, 'Constraint');
            const notNull = cons.some((x) => x.contype === 'CONSTR_NOTNULL' || x.contype === 'CONSTR_PRIMARY');
            const hasDefault = cons.some((x) => x.contype === 'CONSTR_DEFAULT' || x.contype === 'CONSTR_IDENTITY' || x.contype === 'CONSTR_GENERATED') || !!def?.raw_default;
            if (def && notNull && !hasDefault && !cmd.missing_ok) {
              out.push({ kind: 'required-column', ...at, table: shown, columns: [def.colname ?? ''], sql: `SELECT 1 FROM ${table} LIMIT 1`, failure: `will fail: ${shown} has rows, and the new column ${def.colname} is NOT NULL without a default` });
            }
            break;
          }
        }
      }
    } else if (stmt.kind === 'IndexStmt' && stmt.node.unique && !stmt.node.whereClause) {
      const cols = (stmt.node.indexParams ?? []).map((p) => unwrap(p, 'IndexElem')?.name);
      if (cols.length && cols.every(Boolean)) {
        const rel = stmt.node.relation;
        out.push(uniqueProbe(quoteRel(rel), relationName(rel), cols as string[], at));
      }
    }
  }
  return out;
}

function constraintProbes(con: Constraint | undefined, table: string, shown: string, at: { start: number; end: number }, stmt: Statement, bytes: ByteMap, text: string): Probe[] {
  if (!con || con.skip_validation || con.indexname) return [];
  const keys = (con.keys ?? []).map((k) => stringValue(k)).filter((k): k is string => !!k);
  switch (con.contype) {
    case 'CONSTR_UNIQUE':
      return keys.length ? [uniqueProbe(table, shown, keys, at)] : [];
    case 'CONSTR_PRIMARY': {
      if (!keys.length) return [];
      const nulls = keys.map((k) => `${quoteIdent(k)} IS NULL`).join(' OR ');
      return [
        uniqueProbe(table, shown, keys, at),
        { kind: 'not-null', ...at, table: shown, columns: keys, sql: `SELECT 1 FROM ${table} WHERE ${nulls} LIMIT 1`, failure: `will fail: ${keys.join(', ')} of ${shown} has NULLs, and a primary key cannot` },
      ];
    }
    case 'CONSTR_CHECK': {
      const expr = checkExpression(text, bytes.toUtf16(stmt.locBase + (con.location ?? 0)));
      if (!expr) return [];
      return [{ kind: 'check', ...at, table: shown, columns: [], sql: `SELECT 1 FROM ${table} WHERE NOT (${expr}) LIMIT 1`, failure: `will fail: rows of ${shown} violate CHECK (${expr.replace(/\s+/g, ' ')})` }];
    }
  }
  return [];
}

function uniqueProbe(table: string, shown: string, cols: string[], at: { start: number; end: number }): Probe {
  const list = cols.map(quoteIdent).join(', ');
  // Rows with a NULL key never clash (NULLS DISTINCT, the default).
  const notNull = cols.map((c) => `${quoteIdent(c)} IS NOT NULL`).join(' AND ');
  return {
    kind: 'unique', ...at, table: shown, columns: cols,
    sql: `SELECT 1 FROM ${table} WHERE ${notNull} GROUP BY ${list} HAVING count(*) > 1 LIMIT 1`,
    failure: `will fail: ${shown} has duplicate (${cols.join(', ')}) values`,
  };
}

/** Runs the probes one by one; each is a single read-only query bounded by the statement timeout. */
export async function runProbes(db: LiveDb, probes: Probe[]): Promise<ProbeResult[]> {
  const out: ProbeResult[] = [];
  for (const p of probes) {
    const { failure, ...rest } = p;
    try {
      const rows = await db.query(p.sql);
      const found = p.kind === 'type' && p.sql.startsWith('SELECT count(') ? false : rows.length > 0;
      out.push({ ...rest, outcome: found ? 'fail' : 'pass', message: found ? failure : `passes on today's rows: ${describe(p)}` });
    } catch (e) {
      const err = e as LiveError;
      if (err.code === '42P01' || err.code === '42703') {
        out.push({ ...rest, outcome: 'unknown', message: `not probed: ${p.table} or its column is not in the database yet (made by a pending migration)` });
      } else if (err.kind === 'timeout') {
        out.push({ ...rest, outcome: 'unknown', message: `not decided: the probe ran past the statement timeout (${err.message})` });
      } else if (p.kind === 'type' && /^22/.test(err.code ?? '')) {
        // Data exception while converting: the ALTER would hit the same value.
        out.push({ ...rest, outcome: 'fail', message: `${failure} (${err.message.replace(/^.*?: /, '')})` });
      } else {
        out.push({ ...rest, outcome: 'unknown', message: `not decided: ${err.message}` });
      }
    }
  }
  return out;
}

function describe(p: Probe): string {
  switch (p.kind) {
    case 'not-null': return `no NULL in ${p.columns.join(', ')} of ${p.table}`;
    case 'unique': return `no duplicate (${p.columns.join(', ')}) in ${p.table}`;
    case 'check': return `every row of ${p.table} satisfies the CHECK`;
    case 'type': return `every value of ${p.table}.${p.columns[0]} fits the new type`;
    case 'required-column': return `${p.table} is empty`;
  }
}

function quoteRel(rv: RangeVar | undefined): string {
  const relname = quoteIdent(rv?.relname ?? '');
  return rv?.schemaname ? `${quoteIdent(rv.schemaname)}.${relname}` : relname;
}

/** `pg_catalog.varchar(10)`, `numeric(12,2)[]`, from a TypeName node. */
function typeSql(tn: TypeName): string | undefined {
  const names = (tn.names ?? []).map((n) => stringValue(n)).filter((n): n is string => !!n);
  if (!names.length) return undefined;
  const mods = (tn.typmods ?? []).map((m) => {
    const ival = unwrap(m, 'A_Const')?.ival;
    return ival?.ival ?? (ival ? 0 : undefined);
  });
  if (mods.some((m) => m === undefined)) return undefined;
  const base = names.map((n) => quoteIdent(n)).join('.') + (mods.length ? `(${mods.join(',')})` : '');
  return base + '[]'.repeat((tn.arrayBounds ?? []).length);
}

/** The type as people write it: `pg_catalog.int4` → `integer`. */
function shownType(sql: string): string {
  const m = /^pg_catalog\.(\w+)(.*)$/.exec(sql);
  if (!m) return sql;
  const names: Record<string, string> = {
    int2: 'smallint', int4: 'integer', int8: 'bigint', float4: 'real', float8: 'double precision', bool: 'boolean',
    varchar: 'varchar', bpchar: 'char', numeric: 'numeric', timestamptz: 'timestamptz', timestamp: 'timestamp', interval: 'interval',
  };
  return (names[m[1]] ?? m[1]) + m[2];
}

/** n of `varchar(n)` / `char(n)` (not arrays), where a cast would truncate instead of failing. */
function charLimit(tn: TypeName): number | undefined {
  const last = stringValue((tn.names ?? []).slice(-1)[0]);
  if (!last || !['varchar', 'bpchar'].includes(last) || (tn.arrayBounds ?? []).length) return undefined;
  const n = unwrap(tn.typmods?.[0], 'A_Const')?.ival?.ival;
  return typeof n === 'number' ? n : undefined;
}

/** The text between the parentheses of the CHECK starting at or after `from`. */
function checkExpression(text: string, from: number): string | undefined {
  const m = /\bcheck\s*\(/i.exec(text.slice(from));
  if (!m) return undefined;
  let i = from + m.index + m[0].length;
  const start = i;
  let depth = 1;
  while (i < text.length && depth > 0) {
    const ch = text[i];
    if (ch === "'" || ch === '"') {
      const close = text.indexOf(ch, i + 1);
      if (close < 0) return undefined;
      i = close + 1;
      continue;
    }
    if (ch === '(') depth++;
    else if (ch === ')') depth--;
    i++;
  }
  return depth === 0 ? text.slice(start, i - 1).trim() : undefined;
}
