/**
 * Lock and rewrite trace of one file: every statement runs on top of the files before it, which
 * are committed first (locks they took are released, so pg_locks shows only the statement's own),
 * and everything is rolled back afterwards.
 *
 * Each statement is traced on its own first (one savepoint, rolled back): a lock the file's
 * earlier statements already hold would not show again if they ran before it. A statement that
 * needs its file's earlier statements (an index on a column added above) is traced after them;
 * its locks then include theirs, which the file's transaction still holds while it runs.
 */
import type { PGlite, Results } from '@electric-sql/pglite';
import { blocksWrites, lockRank } from '../../rules/locks';
import { plpgsqlBody, type ParsedFile } from '../../parse/parser';
import type { LockMode } from '../../rules/types';
import type { FilePlan, Unit } from '../plan';
import { LineIndex } from '../../parse/positions';
import type { RollbackLeftovers, SessionMark } from '../rollback-leftovers';
import type { PreviewRunner } from '../runner';
import type { PreviewInput } from '../types';
import { execUnits, findingAt, runnableUnits, USER_NAMESPACE, type RunAgain } from './statements';
import { TraceMemo, type AfterEarlier, type Observed } from './trace-memo';
import { PROOF_RULES, type ProofFinding, type ProofResult, type StatementTrace, type TracedLock } from './types';

interface Relation {
  name: string;
  kind: TracedLock['kind'];
  node: string;
}

const KINDS: Record<string, TracedLock['kind']> = {
  r: 'table', p: 'partitioned table', m: 'materialized view', v: 'view', i: 'index', I: 'index', S: 'sequence', f: 'foreign table',
};
const RELKINDS = `c.relkind IN ('r', 'p', 'm', 'v', 'i', 'I', 'S', 'f') AND ${USER_NAMESPACE}`;

const RELATIONS = `SELECT c.oid::int AS oid, CASE WHEN n.nspname = 'public' THEN '' ELSE n.nspname || '.' END || c.relname AS name,
    c.relkind AS kind, c.relfilenode::text AS node
  FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
  WHERE ${RELKINDS}`;

/**
 * The locks this session holds on the relations that existed before the file (`oids`), with each
 * one's storage now (null: it is gone). Only locked relations can have new storage: PostgreSQL
 * gives a relation a new relfilenode only under a lock its transaction holds until it ends
 * (RelationSetNewRelfilenumber: "Caller must already hold exclusive lock on the relation",
 * src/backend/utils/cache/relcache.c, used by TRUNCATE, REINDEX and ALTER SEQUENCE; the rewrite of
 * ALTER TABLE and REFRESH MATERIALIZED VIEW swaps the files of a table it locked, finish_heap_swap
 * in commands/cluster.c), and a relation is dropped under AccessExclusiveLock. So one query over
 * pg_locks replaces listing every relation after each statement (which took most of a trace).
 */
function lockedQuery(oids: Iterable<number>): string {
  return `SELECT l.relation::int AS oid, l.mode, c.relfilenode::text AS node
  FROM pg_catalog.pg_locks l
    LEFT JOIN (pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace) ON c.oid = l.relation AND ${RELKINDS}
  WHERE l.locktype = 'relation' AND l.pid = pg_catalog.pg_backend_pid() AND l.granted
    AND l.relation = ANY ('{${[...oids].join(',')}}'::pg_catalog.oid[])`;
}

const ROLLBACK_OBSERVE = 'ROLLBACK TO SAVEPOINT lens_observe; RELEASE SAVEPOINT lens_observe';

type Held = Set<string>; // `${oid} ${mode}`

/** Locks held on pre-existing relations (lockedQuery), and the storage of each locked one now (null: gone). */
interface Locked {
  keys: Held;
  nodes: Map<number, string | null>;
}

/** One trace: its database, the file, the relations that existed before it, and what earlier traces left to reuse. */
interface Tracing {
  db: PGlite;
  plan: FilePlan;
  /** The file's lines, indexed once (a statement's line; lineColumn per statement scanned the whole file each time). */
  lines: LineIndex;
  existing: Map<number, Relation>;
  /** Runs lockedQuery of `existing`. */
  locked: string;
  memo: TraceMemo;
  /** The database the earlier files left (PreviewRunner.appliedKey). */
  state: string;
  leftovers: RollbackLeftovers;
  /** The session's state as the next statement starts: a statement rolled back is undone to it (rollback-leftovers.ts). */
  session: SessionMark;
}

/** Per worker (its runner): what one trace keeps for the next. */
const memos = new WeakMap<PreviewRunner, TraceMemo>();

/**
 * lockedQuery, prepared once per trace: planning it (its join and its list of relations) cost
 * ten times what running it does, and it runs after every statement.
 */
const PREPARED = 'lens_trace_locked';

export async function traceFile(runner: PreviewRunner, input: PreviewInput, path: string): Promise<ProofResult> {
  const t0 = performance.now();
  const index = input.files.findIndex((f) => f.path === path);
  if (index < 0) throw new Error(`trace: ${path} is not a file of the set`);
  // The traced file's own CREATE EXTENSION needs the extension loaded when PGlite boots.
  const prefix = await runner.run({ ...input, files: input.files.slice(0, index) }, { introspect: false, extensionsOf: [input.files[index]] });
  if (!prefix.ok) return { kind: 'trace', ok: false, error: prefix.error, findings: [], traces: [], ms: performance.now() - t0 };
  await runner.commitApplied();
  const db = runner.database;
  const plan = runner.planned(path, input.files[index].text);
  if (!memos.has(runner)) memos.set(runner, new TraceMemo());
  const { leftovers } = runner;
  const existing = await relations(db);
  const query = lockedQuery(existing.keys());
  // The session as the trace starts, PREPARED included: a traced statement's leftovers are undone to it (rollback-leftovers.ts).
  const session = await leftovers.mark(db, await db.exec(`PREPARE ${PREPARED} AS ${query}; SAVEPOINT lens_trace${leftovers.markSql}`));
  let prepared = true;
  try {
    const t: Tracing = { db, plan, lines: new LineIndex(plan.text), existing, locked: `EXECUTE ${PREPARED}`, memo: memos.get(runner)!, state: runner.appliedKey(), leftovers, session };
    let traces: StatementTrace[];
    try {
      traces = await traceStatements(t);
    } catch (e) {
      // A traced statement ran DEALLOCATE (prepared statements outlive a rollback): trace again
      // without it (what was traced so far is in the memo).
      if ((e as { code?: string }).code !== '26000' || !(e as Error).message.includes(PREPARED)) throw e;
      prepared = false;
      session.prepared = session.prepared.filter((k) => !k.startsWith(`${PREPARED} `));
      traces = await traceStatements({ ...t, locked: query });
    }
    return { kind: 'trace', ok: true, findings: [], traces, ms: performance.now() - t0 };
  } finally {
    // A traced statement removed what an earlier file prepared or locked: the next run starts afresh.
    if (!(await leftovers.rollBackTo(db, 'lens_trace', session, true))) await runner.close();
    else if (prepared) await db.exec(`DEALLOCATE ${PREPARED}`);
  }
}

async function traceStatements(t: Tracing): Promise<StatementTrace[]> {
  const runnable = runnableUnits(t.plan).map(({ unit, stmt }) => ({ unit, parsed: stmt !== undefined, plpgsql: stmt?.kind === 'CreateFunctionStmt' && plpgsqlBody(stmt) !== undefined }));
  const traces: (StatementTrace | undefined)[] = [];
  for (let u = 0; u < runnable.length; u++) traces.push(await traceAlone(t, runnable[u].unit, u));
  await traceAfterEarlier(t, runnable, traces);
  return traces as StatementTrace[];
}

/** How a statement's note starts when PostgreSQL refused it. */
const NOT_TRACED = 'Not traced: ';

/** Whether PostgreSQL refused the statement when it was traced. */
const failed = (trace: StatementTrace): boolean => trace.note?.startsWith(NOT_TRACED) ?? false;

function traceBase(t: Tracing, unit: Unit): StatementTrace {
  return { start: unit.start, end: unit.end, line: t.lines.positionAt(unit.start).line + 1, locks: [], rewrites: [], rebuiltIndexes: [] };
}

/**
 * The statement's trace on its own; undefined when it needs its file's earlier statements (see
 * traceAfterEarlier). Its text and the earlier files decide it: kept in the memo.
 */
async function traceAlone(t: Tracing, unit: Unit, u: number): Promise<StatementTrace | undefined> {
  const base = traceBase(t, unit);
  if (unit.sql !== t.plan.text.slice(unit.start, unit.end)) {
    // CONCURRENTLY was blanked for the preview: run inside a transaction, it would show the plain form's lock.
    return { ...base, note: 'CONCURRENTLY runs outside a transaction block: not traced (it takes SHARE UPDATE EXCLUSIVE and waits for running transactions).' };
  }
  let alone = t.memo.aloneOf(t.state, unit.sql);
  if (!alone) t.memo.keepAlone(t.state, unit.sql, (alone = (await observe(t, unit))[0]));
  // PostgreSQL's parser refused it: the earlier statements cannot change that.
  if ('error' in alone) return u === 0 || alone.syntax ? { ...base, note: `${NOT_TRACED}${alone.error}` } : undefined;
  return { ...base, ...alone };
}

/**
 * The statements that failed alone (`traces[u]` undefined), each traced after the file's earlier
 * statements. Those run once, in order, as the walk reaches each such statement (not again for
 * each one: a file of n statements that build on each other cost n²/2 runs, and a 5,000-line file
 * never finished within the time limit); rolled back at the end. A statement whose trace the last
 * trace of this file made, with every statement before it unchanged, takes that trace over, and
 * the earlier statements run only up to the first one traced anew.
 */
async function traceAfterEarlier(t: Tracing, runnable: Omit<RunAgain, 'traced'>[], traces: (StatementTrace | undefined)[]): Promise<void> {
  if (traces.every((x) => x !== undefined)) return;
  const units = runnable.map((x) => x.unit);
  const { taken, keep } = t.memo.reuse(t.state, t.plan.path, units.map((x) => x.sql));
  const { db, plan } = t;
  const session = t.session;
  await db.exec('SAVEPOINT lens_trace_seq');
  try {
    let ran = 0;
    /** The locks as statement `ran` starts, when known: the statement before it was just traced, and kept. */
    let holding: Locked | undefined;
    for (let u = 0; u < units.length; u++) {
      if (traces[u]) continue;
      const base = traceBase(t, units[u]);
      const known = taken.get(u);
      if (known) {
        traces[u] = { ...base, ...known };
        continue;
      }
      if (ran < u) {
        await execUnits(db, plan, runnable.slice(ran, u).map((x, k) => ({ ...x, traced: !failed(traces[ran + k]!) })));
        ran = u;
        holding = undefined;
      }
      // What the earlier statements hold stays held in the file's transaction while this one runs:
      // named as held, not counted as this statement's own (a plain UPDATE after an ALTER TABLE takes ROW EXCLUSIVE).
      let before = holding;
      if (!before) {
        // The earlier statements just run may have prepared or locked something: kept until lens_trace_seq's end.
        const results = await db.exec(`${t.locked}${t.leftovers.markSql}`);
        [before, t.session] = [lockedOf(results[0].rows as LockedRow[]), await t.leftovers.mark(db, results)];
      }
      // Kept when it runs (as execUnits would run it for the next statement): the locks it leaves are the next one's `before`.
      const [after, held] = await observe(t, units[u], before, true);
      if (held) [ran, holding] = [u + 1, held];
      const traced: AfterEarlier = 'error' in after ? { note: `${NOT_TRACED}${after.error}`, locks: [], rewrites: [], rebuiltIndexes: [] } : { ...after, held: strongestLocks(before.keys, new Set(), atStart(t.existing, before)), withEarlier: true };
      keep(u, traced);
      traces[u] = { ...base, ...traced };
    }
  } finally {
    await t.leftovers.rollBackTo(db, 'lens_trace_seq', session, true);
    t.session = session;
  }
}

/**
 * Runs the statement behind a savepoint: what it locked beyond what was held `before` it (none
 * when traced alone), and what it rewrote. Three PGlite calls: the savepoint, the statement, and
 * the lock query with the savepoint's end. The savepoint is rolled back, or with `keep` released
 * when the statement ran: then the locks held after it come back too (the next statement's `before`).
 */
async function observe(t: Tracing, unit: Unit, before?: Locked, keep = false): Promise<[Observed, Locked | undefined]> {
  const { db } = t;
  await db.exec('SAVEPOINT lens_observe');
  try {
    await db.exec(unit.sql);
  } catch (e) {
    await t.leftovers.rollBackTo(db, 'lens_observe', t.session, true);
    return [{ error: (e as Error).message, ...(parserRefused(e) ? { syntax: true } : {}) }, undefined];
  }
  let results: Results[];
  try {
    // The session's state after the statement comes in the same call: kept with it, or undone with its rollback.
    results = await db.exec(`${t.locked}; ${keep ? 'RELEASE SAVEPOINT lens_observe' : ROLLBACK_OBSERVE}${t.leftovers.markSql}`);
  } catch (e) {
    await db.exec(ROLLBACK_OBSERVE);
    throw e;
  }
  const rows = results[0].rows as LockedRow[];
  if (keep) t.session = await t.leftovers.mark(db, results);
  else await t.leftovers.undo(db, t.session, results);
  const start = atStart(t.existing, before);
  const after = lockedOf(rows);
  const locks = strongestLocks(after.keys, before?.keys ?? new Set(), start);
  const kept = keep ? after : undefined;
  if (truncates(t.plan, unit)) return [{ locks, rewrites: [], rebuiltIndexes: [] }, kept];
  const moved = [...after.nodes].flatMap(([oid, node]) => {
    const r = start.get(oid);
    return r && r.node !== '0' && node !== null && node !== r.node ? [r] : [];
  });
  const names = (rs: Relation[]): string[] => rs.map((r) => r.name).sort();
  return [{ locks, rewrites: names(moved.filter((r) => r.kind !== 'index')), rebuiltIndexes: names(moved.filter((r) => r.kind === 'index')) }, kept];
}

/**
 * An error of PostgreSQL's raw parser (scan.l, gram.y) on the statement's own text, not on SQL
 * it runs (that error would carry a context): no earlier statement can change it.
 */
function parserRefused(e: unknown): boolean {
  const err = e as { file?: string; where?: string; internalQuery?: string };
  return (err.file === 'scan.l' || err.file === 'gram.y') && !err.where && !err.internalQuery;
}

/**
 * The pre-existing relations as a statement starts, with their storage then: as at the trace's
 * start, less those the earlier statements dropped, with the storage of those they locked (only
 * those can have new storage: lockedQuery).
 */
function atStart(existing: Map<number, Relation>, before: Locked | undefined): Map<number, Relation> {
  if (!before?.nodes.size) return existing;
  const out = new Map<number, Relation>();
  for (const [oid, r] of existing) {
    const node = before.nodes.get(oid);
    if (node !== null) out.set(oid, node === undefined ? r : { ...r, node });
  }
  return out;
}

/** The strongest of `keys` per pre-existing relation, leaving out `already`: strongest first. */
function strongestLocks(keys: Held, already: Held, existing: Map<number, Relation>): TracedLock[] {
  const strongest = new Map<number, LockMode>();
  for (const key of keys) {
    if (already.has(key)) continue;
    const [oid, mode] = splitHeld(key);
    if (!existing.has(oid)) continue;
    const prev = strongest.get(oid);
    if (!prev || lockRank(mode) > lockRank(prev)) strongest.set(oid, mode);
  }
  const locks = [...strongest].map(([oid, mode]) => ({ relation: existing.get(oid)!.name, kind: existing.get(oid)!.kind, mode }));
  return locks.sort((a, b) => lockRank(b.mode) - lockRank(a.mode) || (a.relation < b.relation ? -1 : 1));
}

/** TRUNCATE gives a table new storage too, but empties it: not a rewrite of its rows. */
function truncates(plan: FilePlan, unit: Unit): boolean {
  return plan.parsed.statements.some((s) => s.start === unit.start && s.kind === 'TruncateStmt');
}

async function relations(db: PGlite): Promise<Map<number, Relation>> {
  const { rows } = await db.query<{ oid: number; name: string; kind: string; node: string }>(RELATIONS);
  return new Map(rows.map((r) => [r.oid, { name: r.name, kind: KINDS[r.kind], node: r.node }]));
}

interface LockedRow {
  oid: number;
  mode: string;
  node: string | null;
}

function lockedOf(rows: LockedRow[]): Locked {
  return { keys: new Set(rows.map((r) => `${r.oid} ${lockMode(r.mode)}`)), nodes: new Map(rows.map((r) => [r.oid, r.node])) };
}

function splitHeld(key: string): [number, LockMode] {
  const space = key.indexOf(' ');
  return [Number(key.slice(0, space)), key.slice(space + 1) as LockMode];
}

/** `AccessExclusiveLock` → `ACCESS EXCLUSIVE`. */
function lockMode(pgMode: string): LockMode {
  return pgMode.replace(/Lock$/, '').replace(/([a-z])([A-Z])/g, '$1 $2').toUpperCase() as LockMode;
}

/** What other sessions cannot do while the lock is held. */
export function lockBlocks(mode: LockMode): string {
  if (mode === 'ACCESS EXCLUSIVE') return 'blocks reads and writes';
  if (mode === 'EXCLUSIVE') return 'blocks writes and SELECT … FOR UPDATE; plain reads go on';
  if (blocksWrites(mode)) return 'blocks writes (INSERT, UPDATE, DELETE); reads go on';
  if (mode === 'SHARE UPDATE EXCLUSIVE') return 'blocks other schema changes, VACUUM and index builds; reads and writes go on';
  if (mode === 'ROW EXCLUSIVE' || mode === 'ROW SHARE') return 'blocks only schema changes that need SHARE or stronger (e.g. CREATE INDEX); reads and writes go on';
  return 'blocks only ACCESS EXCLUSIVE (DROP, most ALTER TABLE); reads and writes go on';
}

/** `ACCESS EXCLUSIVE users · rewrite`: the inlay/CodeLens label of a statement's trace. */
export function traceLabel(t: StatementTrace): string {
  if (t.note) return t.note.startsWith('CONCURRENTLY') ? 'not traced (CONCURRENTLY)' : 'not traced';
  if (!t.locks.length && !t.rewrites.length) return 'no locks on existing objects';
  const tables = t.locks.filter((l) => l.kind !== 'index' && l.kind !== 'sequence');
  const named = (tables.length ? tables : t.locks).slice(0, 3).map((l) => `${l.mode} ${l.relation}`);
  // `+N`: every other relation the hover lists (indexes included), so the two counts agree.
  const shown = [named.join(' · ') + (t.locks.length > named.length ? ` +${t.locks.length - named.length}` : '')];
  // `rewrite` alone when the rewritten tables are the ones named before it.
  const unnamed = t.rewrites.filter((r) => !tables.slice(0, 3).some((l) => l.relation === r));
  if (t.rewrites.length) shown.push(unnamed.length ? `rewrite ${t.rewrites.join(', ')}` : 'rewrite');
  else if (t.rebuiltIndexes.length) shown.push(`rebuild ${t.rebuiltIndexes.join(', ')}`);
  return shown.join(' · ');
}

/** What an inlay hint's label starts with. */
export const HINT_PREFIX = '🔒 ';
/** VS Code cuts inlay hints longer than this (`editor.inlayHints.maximumLength`, 43 by default), counted in UTF-16 units, the 🔒 (two) included. */
export const HINT_MAX = 43;
const HINT_ROOM = HINT_MAX - HINT_PREFIX.length;

/**
 * `traceLabel` for an inlay hint: when it would not fit, the strongest lock alone, `+N` for the
 * others, and `rewrite`; the hint's tooltip and the hover list them all.
 */
export function traceHintLabel(t: StatementTrace): string {
  const full = traceLabel(t);
  if (full.length <= HINT_ROOM || !t.locks.length) return cut(full, HINT_ROOM);
  const strongest = t.locks[0]; // strongest first
  const more = t.locks.length > 1 ? ` +${t.locks.length - 1}` : '';
  const tail = t.rewrites.length ? ' · rewrite' : t.rebuiltIndexes.length ? ' · rebuild' : '';
  // A long relation name gives way first, so that the mode, the count and the rewrite stay readable.
  const room = HINT_ROOM - `${strongest.mode} ${more}${tail}`.length;
  const name = strongest.relation.length <= room ? strongest.relation : `${strongest.relation.slice(0, Math.max(1, room - 1))}…`;
  return cut(`${strongest.mode} ${name}${more}${tail}`, HINT_ROOM);
}

function cut(label: string, room: number): string {
  return label.length <= room ? label : `${label.slice(0, room - 1)}…`;
}

/** Statements whose effects the static rules cannot see: they run SQL written elsewhere (a string, a function body). */
const OPAQUE = new Set(['DoStmt', 'CallStmt', 'SelectStmt', 'ExecuteStmt']);

/**
 * Whether a static safety finding already reported a traced statement: its offsets overlap the
 * statement's. The one rule for the editor (lsp/trace.ts) and `check --trace` (cli/proofs.ts).
 */
export function reportedBy(statics: { start: number; end: number }[]): (start: number, end: number) => boolean {
  return (start, end) => statics.some((f) => f.start < end && start < f.end);
}

/**
 * A lock that stops traffic on a table that existed before the file is a finding when it is held
 * for long (the table or one of its indexes is rewritten) or comes from SQL the static rules
 * cannot read (a DO block, a function call), unless a static rule already reported the
 * statement (`reported(start, end)`). A brief ACCESS EXCLUSIVE for a catalog-only change (ADD
 * COLUMN without a default) is what a safe migration does, so it alone is not a finding.
 */
export function traceFindings(path: string, file: ParsedFile, traces: StatementTrace[], reported: (start: number, end: number) => boolean): ProofFinding[] {
  const out: ProofFinding[] = [];
  for (const t of traces) {
    const strong = t.locks.filter((l) => (l.kind === 'materialized view' ? l.mode === 'ACCESS EXCLUSIVE' : blocksWrites(l.mode)) && (l.kind === 'table' || l.kind === 'partitioned table' || l.kind === 'materialized view'));
    if (!strong.length || reported(t.start, t.end)) continue;
    const kind = file.statements.find((s) => s.start === t.start)?.kind ?? '';
    if (!t.rewrites.length && !t.rebuiltIndexes.length && !OPAQUE.has(kind)) continue;
    const what = strong.map((l) => `${l.mode} on ${l.kind} ${l.relation} (${lockBlocks(l.mode)})`).join('; ');
    const rewrite = t.rewrites.length ? ` and rewrites ${t.rewrites.join(', ')}` : t.rebuiltIndexes.length ? ` and rebuilds ${t.rebuiltIndexes.join(', ')}` : '';
    out.push(findingAt(PROOF_RULES.trace, path, file.text, t.start, t.end, 'warning', `Observed in PostgreSQL: this statement takes ${what}${rewrite}, until its transaction ends.`));
  }
  return out;
}
