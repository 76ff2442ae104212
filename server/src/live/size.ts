/**
 * Size-aware risk: the estimated rows (`pg_class.reltuples`, the planner's estimate, no scan) and
 * bytes (`pg_total_relation_size`: heap, indexes and TOAST) of the tables a pending migration locks
 * or rewrites, folded into the lock and rewrite findings: the figures in the message, and the
 * severity raised for a big table and lowered for a small one (config `live`).
 */
import type { ResolvedConfig } from '../config-model';
import type { Finding } from '../engine';
import type { ParsedFile, Statement } from '../parse/parser';
import { statementAt } from '../parse/statements';
import { lockOf, strongestMode, type RelationLock } from '../rules/locks';
import type { Severity } from '../rules/types';
import type { LiveDb } from './connection';

export interface TableSize {
  /** As the migration names it (`orders`, `shop.orders`), or the index's table for an index. */
  name: string;
  /** The planner's estimate; undefined when the table was never analyzed (reltuples = -1). */
  rows?: number;
  bytes: number;
}

/**
 * Sizes of the named relations as the database resolves them (search_path applies); an index
 * name resolves to its table. Names the database does not know are left out.
 */
export async function tableSizes(db: LiveDb, names: string[]): Promise<Map<string, TableSize>> {
  const unique = [...new Set(names)];
  if (!unique.length) return new Map();
  // to_regclass() returns NULL (no error) for a name that does not exist; an index maps to its table.
  const rows = await db.query<{ name: string; rows: string; bytes: string }>(
    `SELECT q.name, t.reltuples::bigint::text AS rows, pg_total_relation_size(t.oid)::text AS bytes
       FROM unnest($1::text[]) AS q(name)
       JOIN pg_catalog.pg_class c ON c.oid = to_regclass(q.name)
       JOIN pg_catalog.pg_class t ON t.oid = COALESCE((SELECT i.indrelid FROM pg_catalog.pg_index i WHERE i.indexrelid = c.oid), c.oid)`,
    [unique.map(sqlName)],
  );
  const out = new Map<string, TableSize>();
  for (const r of rows) {
    const original = unique.find((n) => sqlName(n) === r.name) ?? r.name;
    const estimate = Number(r.rows);
    out.set(original, { name: original, rows: estimate < 0 ? undefined : estimate, bytes: Number(r.bytes) });
  }
  return out;
}

/** A name from the AST (already folded: `orders`, or `Orders` when it was quoted) as a quoted SQL name. */
function sqlName(name: string): string {
  return name.split('.').map((p) => `"${p.replace(/"/g, '""')}"`).join('.');
}

/** `12.4 M rows, 4.1 GB`; `rows unknown (never analyzed), 16 kB`. */
export function formatSize(s: TableSize): string {
  const rows = s.rows === undefined ? 'rows unknown (never analyzed)' : `${formatCount(s.rows)} row${s.rows === 1 ? '' : 's'}`;
  return `${rows}, ${formatBytes(s.bytes)}`;
}

export function formatCount(n: number): string {
  if (n < 1000) return String(n);
  if (n < 1e6) return `${trim(n / 1e3)} k`;
  if (n < 1e9) return `${trim(n / 1e6)} M`;
  return `${trim(n / 1e9)} G`;
}

export function formatBytes(n: number): string {
  const units = ['bytes', 'kB', 'MB', 'GB', 'TB'];
  let v = n;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return i === 0 ? `${n} bytes` : `${trim(v)} ${units[i]}`;
}

function trim(v: number): string {
  return v >= 100 ? v.toFixed(0) : v.toFixed(1).replace(/\.0$/, '');
}

type SizeClass = 'large' | 'small' | 'medium';

function sizeClass(s: TableSize, live: ResolvedConfig['live']): SizeClass {
  if ((s.rows ?? 0) >= live.largeRows || s.bytes >= live.largeBytes) return 'large';
  if (s.rows !== undefined && s.rows < live.smallRows && s.bytes < live.smallBytes) return 'small';
  return 'medium';
}

const LADDER: Severity[] = ['hint', 'info', 'warning', 'error'];

/** The locks a finding's statement takes on tables (the ones sizes are asked for). */
export function lockedTables(file: ParsedFile, f: Finding): { stmt: Statement; locks: RelationLock[] } | undefined {
  if (f.category !== 'safety') return undefined;
  const stmt = statementAt(file, f.statement?.start ?? f.start);
  if (!stmt) return undefined;
  const locks = lockOf(stmt).filter((l) => l.target !== 'domain');
  return locks.length ? { stmt, locks } : undefined;
}

/**
 * The finding with the sizes of the tables its statement locks: message extended, severity one
 * step up for a big table (at most error), one step down for a small one (at least hint).
 * Unchanged when no locked table is in the database (created by a pending migration).
 */
export function withSize(f: Finding, locks: RelationLock[], sizes: Map<string, TableSize>, live: ResolvedConfig['live']): Finding & { size?: { table: string; rows?: number; bytes: number; class: SizeClass } } {
  const known = locks.map((l) => ({ lock: l, size: sizes.get(l.name) })).filter((x): x is { lock: RelationLock; size: TableSize } => !!x.size);
  if (!known.length) return f;
  // The biggest table decides.
  known.sort((a, b) => b.size.bytes - a.size.bytes);
  const { lock, size } = known[0];
  const cls = sizeClass(size, live);
  const rank = LADDER.indexOf(f.severity);
  const severity = cls === 'large' ? LADDER[Math.min(rank + 1, LADDER.length - 1)] : cls === 'small' ? LADDER[Math.max(rank - 1, 0)] : f.severity;
  const mode = strongestMode(known.filter((k) => k.size === size).map((k) => k.lock.mode)) ?? lock.mode;
  const why = cls === 'large' ? ': a big table' : cls === 'small' ? ': a small table' : '';
  return {
    ...f,
    severity,
    message: `${f.message} [live: ${mode} on ${lock.target === 'index' ? `the table of ${lock.name}` : lock.name} (${formatSize(size)})${why}]`,
    size: { table: lock.name, rows: size.rows, bytes: size.bytes, class: cls },
  };
}
