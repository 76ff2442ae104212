/**
 * Applies migrations to an in-memory PGlite and introspects the result. Runs inside the preview
 * worker (or in-process in tests); keeps PGlite alive between runs so that a re-run applies only
 * from the first changed file.
 *
 * How a run is laid out in PostgreSQL: after the baseline (preset, setupSql) is committed, one
 * long transaction holds every file, each behind `SAVEPOINT lens_f<i>`. That gives, cheaply:
 * - the runner's semantics per file: an atomic file (per-file and all modes) rolls back to its
 *   savepoint on error; a statement-by-statement file (none mode, a file with its own BEGIN/COMMIT
 *   or with CONCURRENTLY) keeps the statements before the error, as autocommit would;
 * - "the schema as of the last good file" after an error, even in all mode (where a server would
 *   roll back every file: the result says so in a note, but an empty tree would help nobody);
 * - incremental re-runs: ROLLBACK TO SAVEPOINT lens_f<k> and apply from k (measured in
 *   bench/preview.mjs against dumpDataDir/loadDataDir snapshots, which need a new PGlite); what
 *   a rollback leaves in the session (prepared statements, advisory locks) is undone after each
 *   of the runner's own rollbacks (rollback-leftovers.ts);
 * - origins: each file's subtransaction has its own XID, so the `xmin` of a catalog row names the
 *   file that wrote it (introspect.ts).
 * A new enum value cannot be used before it is committed; where the team's runner commits after
 * it, so does the preview (a checkpoint: files before it can no longer be rolled back, a re-run
 * from there starts cold).
 */
import { createHash } from 'node:crypto';
import type { PGlite } from '@electric-sql/pglite';
import type { TransactionMode } from '../layout/conventions';
import type { Statement } from '../parse/parser';
import { createPGlite } from './boot';
import { extensionOptions, requestedExtensions } from './extensions';
import { introspect, type OriginOf } from './introspect';
import { planFile, type FilePlan, type Unit } from './plan';
import { RollbackLeftovers, type SessionMark } from './rollback-leftovers';
import { identifierOffset, statementMentioning } from './mentions';
import { codePointToUtf16, lineColumn, tokenEnd } from '../parse/positions';
import { SUPABASE_EXTENSIONS, SUPABASE_SETUP_SQL } from './presets/supabase';
import { emptySchema, type Origin } from './schema-model';
import type { ApplyError, FileOutcome, PreviewFile, PreviewInput, PreviewNote, PreviewResult, RunStep } from './types';

type ProgressListener = (path: string, start: number, end: number) => void;

/** How one run reports and stops (see run()). */
export interface RunOptions {
  introspect?: boolean;
  extensionsOf?: PreviewFile[];
  onStep?: (step: RunStep) => void;
  /** Asked before each file; the worker answers after a turn of its event loop (worker.ts). */
  cancelled?: () => boolean | Promise<boolean>;
}

export interface RunnerOptions {
  /** Where a fresh PGlite data directory is cached between processes (boot.ts); none: always initdb. */
  cacheDir?: string;
  /** A private folder of this worker's for PGlite's data directory on disk (boot.ts, createPGlite); none: in memory. */
  dataDir?: string;
}

/** What the previous run left behind for file i. */
interface AppliedFile {
  plan: FilePlan;
  /** XID of the file's subtransaction: catalog rows with this xmin or later (until the next file's) are its. */
  mark: number;
  notes: PreviewNote[];
  ok: boolean;
  /** The session's state at the file's savepoint, which a rollback there does not restore (rollback-leftovers.ts). */
  session: SessionMark;
}

/** Where a statement-by-statement file can return to after an error (see recover()). */
interface RecoveryPoint {
  savepoint: string;
  unit: number;
  session: SessionMark;
}

const SETUP_PATH = 'preview.setupSql';

export class PreviewRunner {
  private db?: PGlite;
  /** Identity of what the PGlite instance was booted with: a different one needs a new instance. */
  private bootKey = '';
  private loaded = new Set<string>();
  private applied: AppliedFile[] = [];
  /** Files before this index were committed by a checkpoint: a re-run from them starts cold. */
  private floor = 0;
  private plans = new Map<string, FilePlan>();
  /** PGlite stopped answering during this run (seen at a statement). */
  private stopped = false;
  /** What rollbacks leave in this session (prepared statements, advisory locks): the runner's, the trace's and the proofs'. */
  readonly leftovers = new RollbackLeftovers();

  constructor(
    private readonly onProgress: ProgressListener = () => {},
    private readonly opts: RunnerOptions = {},
  ) {}

  /**
   * `introspect: false` skips reading the schema (a proof that reads it its own way).
   * `extensionsOf`: more files whose extensions must be loadable (the file a trace runs after these).
   * `onStep`: where the run is (progress). `cancelled`: asked before each file; once true, the
   * run stops there, between two files, so the session holds exactly the files before it.
   */
  async run(input: PreviewInput, opts: RunOptions = {}): Promise<PreviewResult> {
    const t0 = performance.now();
    const plans = input.files.map((f) => this.plan(f.path, f.text));
    const extra = (opts.extensionsOf ?? []).map((f) => this.plan(f.path, f.text));
    this.plans = new Map([...plans, ...extra].map((p) => [planKey(p.path, p.text), p])); // only the current texts stay cached
    const wanted = requestedExtensions([...plans, ...extra].map((p) => p.parsed));
    if (input.preset === 'supabase') SUPABASE_EXTENSIONS.forEach((e) => wanted.add(e));

    let start = this.reusablePrefix(input, plans, wanted);
    // A rolled-back file removed session state that an earlier file made (a DEALLOCATE): only a fresh start has it again.
    if (start !== undefined && start < this.applied.length && !(await this.leftovers.rollBackTo(this.db!, `lens_f${start}`, this.applied[start].session, true))) start = undefined;
    let bootMs = 0;
    let setupError: ApplyError | undefined;
    if (start === undefined) {
      start = 0;
      opts.onStep?.({ phase: 'boot' });
      const b0 = performance.now();
      setupError = await this.boot(input, wanted);
      bootMs = performance.now() - b0;
    }
    this.applied.length = start;
    for (const p of [...plans, ...extra]) this.leftovers.watch(p.text, p); // what this run and a trace after it run

    const a0 = performance.now();
    const outcomes: FileOutcome[] = plans.map((p, i) => ({ path: p.path, status: i < start! ? 'applied' : 'pending', ms: 0 }));
    let error = setupError;
    let answering = true;
    let cancelledAt: number | undefined;
    this.stopped = false;
    for (let i = start; i < plans.length && !error && answering; i++) {
      if (await opts.cancelled?.()) {
        cancelledAt = i;
        break;
      }
      opts.onStep?.({ phase: 'apply', index: i, total: plans.length, path: plans[i].path });
      const f0 = performance.now();
      error = await this.applyFile(i, plans[i], input.files[i].transaction ?? input.transaction);
      answering = !this.stopped && (await this.answering());
      if (!answering) error ??= stoppedAnswering(plans[i], this.mentionsProgram(plans[i]));
      outcomes[i] = { path: plans[i].path, status: error ? 'failed' : 'applied', ms: performance.now() - f0 };
    }
    const applyMs = performance.now() - a0;
    const notes = this.applied.flatMap((a) => a.notes);
    if (!answering) await this.close(); // the next run boots a new instance

    const i0 = performance.now();
    const reads = opts.introspect !== false && answering && cancelledAt === undefined;
    if (reads) opts.onStep?.({ phase: 'introspect' });
    const schema = reads ? await introspect(this.db!, this.originResolver()) : emptySchema();
    const introspectMs = performance.now() - i0;
    if (error && input.transaction === 'all' && !setupError) {
      notes.push({
        ...at(plans[0], 0, 0),
        severity: 'info',
        message: 'This set applies every file in one transaction: on a server, the error rolls back all of them. The preview shows the schema as of the last good file.',
      });
    }
    return {
      ok: !error && cancelledAt === undefined, error, files: outcomes, schema, notes, reusedFiles: start,
      timings: { bootMs, applyMs, introspectMs, totalMs: performance.now() - t0 },
      ...(cancelledAt === undefined ? {} : { cancelledAt }),
    };
  }

  /**
   * Whether PGlite still answers queries. After a COPY … PROGRAM run where the plan cannot see it
   * (a function's body, SQL built at run time), every later query returns nothing, without an
   * error. One query per file: a fraction of a millisecond.
   */
  private async answering(): Promise<boolean> {
    const [probe] = await this.db!.exec('SELECT 1 AS answering');
    return probe?.rows.length === 1;
  }

  /** The live database, after a run (for the proofs in prove/). */
  get database(): PGlite {
    if (!this.db) throw new Error('preview: no database before the first run');
    return this.db;
  }

  /** The plan of a file, shared with the runs (parsed once per text). */
  planned(path: string, text: string): FilePlan {
    return this.plan(path, text);
  }

  /**
   * Commits what the runs applied so far and opens a new transaction: locks taken by those files
   * are released (the lock trace needs that). They can no longer be rolled back: a later run that
   * changes one of them starts cold.
   */
  async commitApplied(): Promise<void> {
    if (this.floor >= this.applied.length) return;
    await this.database.exec('COMMIT; BEGIN');
    this.floor = this.applied.length;
  }

  /**
   * What the database holds after the last run, as a digest: its baseline, the extensions PGlite
   * loaded, and the applied files' paths and texts (what reusablePrefix compares). The lock trace
   * keeps its results under it (prove/trace-memo.ts).
   */
  appliedKey(): string {
    const hash = createHash('sha256').update(JSON.stringify([this.bootKey, [...this.loaded].sort()]));
    for (const a of this.applied) hash.update(`\0${a.plan.path}\0${a.plan.text.length}\0`).update(a.plan.text);
    return hash.digest('hex');
  }

  /**
   * Reclaims the catalog rows that rolled-back work left behind. A lock trace or proof rolls its
   * statements back, but the rows they wrote stay in the catalogs' files until VACUUM removes them,
   * and PGlite's standalone backend runs no autovacuum ("Single-user mode also does not do any
   * background processing": https://www.postgresql.org/docs/current/app-postgres.html): its
   * in-memory catalogs grew by 2-4 MB per trace of a 5,000-line file, without end. Only while every
   * applied file is committed (after a trace: commitApplied), as VACUUM refuses a transaction
   * block and the files after `floor` must stay undoable.
   */
  async vacuum(): Promise<void> {
    if (!this.db || this.floor < this.applied.length) return;
    await this.db.exec('COMMIT');
    try {
      await this.db.exec('VACUUM');
    } finally {
      await this.db.exec('BEGIN');
    }
  }

  /**
   * Recycles the WAL that the runs wrote. PGlite runs PostgreSQL as a standalone backend, where
   * filling WAL never requests a checkpoint (XLogWrite asks only `IsUnderPostmaster`: xlog.c), so
   * without one its in-memory WAL grew by what every run and trace wrote, rolled back or not (7 MB
   * per trace of a 5,000-line file). CHECKPOINT may run inside the open transaction; it writes the
   * few dirty buffers (4 MB of shared buffers: boot.ts) and recycles the segments before its redo point.
   */
  async trimWal(): Promise<void> {
    await this.db?.exec('CHECKPOINT');
  }

  async close(): Promise<void> {
    await this.db?.close();
    this.db = undefined;
    this.applied = [];
    this.leftovers.reset();
  }

  private plan(path: string, text: string): FilePlan {
    const key = planKey(path, text);
    let p = this.plans.get(key);
    if (!p) this.plans.set(key, (p = planFile(path, text)));
    return p;
  }

  /**
   * Index of the first file to apply on the live instance, or undefined when a cold start is
   * needed. A run reuses the files it shares with the last one from the start (same text, applied
   * without error), so a file added at the end is applied alone; it starts cold when the result
   * could differ from a cold run's:
   * - another baseline (transaction mode, preset, setup SQL) or an extension PGlite must load at boot;
   * - a change before `floor`: those files were committed and cannot be rolled back;
   * - a single-transaction set (Drizzle's `all`) whose committed files add an enum value: on a
   *   server every file shares one transaction, where a new value cannot be used yet (55P04),
   *   but a later file run after that commit could use it.
   */
  private reusablePrefix(input: PreviewInput, plans: FilePlan[], wanted: Set<string>): number | undefined {
    if (!this.db || this.bootKey !== bootKeyOf(input) || [...wanted].some((e) => !this.loaded.has(e))) return undefined;
    let k = 0;
    while (k < this.applied.length && k < plans.length && this.applied[k].ok && this.applied[k].plan === plans[k]) k++;
    if (k < this.floor) return undefined;
    if (input.transaction === 'all' && this.applied.slice(0, this.floor).some((a) => a.plan.units.some((u) => u.addsEnumValue))) return undefined;
    return k;
  }

  private async boot(input: PreviewInput, wanted: Set<string>): Promise<ApplyError | undefined> {
    await this.close();
    this.floor = 0;
    this.db = await createPGlite(extensionOptions(wanted), this.opts.cacheDir, this.opts.dataDir);
    this.loaded = new Set(wanted);
    this.bootKey = bootKeyOf(input);
    this.leftovers.watch(input.setupSql ?? '');
    let failure: ApplyError | undefined;
    if (input.preset === 'supabase') await this.db.exec(SUPABASE_SETUP_SQL);
    // Statement by statement, so that an error without a position still names its statement.
    const setup = planFile(SETUP_PATH, input.setupSql ?? '');
    for (const unit of setup.units) {
      try {
        await this.db.exec(unit.sql);
      } catch (e) {
        failure = applyError(setup, unit, e);
        break;
      }
    }
    // Marks: one row per file, inserted in the file's subtransaction to learn its XID.
    await this.db.exec('CREATE TEMP TABLE lens_marks (file int); BEGIN');
    if (failure) this.bootKey = ''; // the next run must not build on a half-made baseline
    return failure;
  }

  private async applyFile(index: number, plan: FilePlan, mode: TransactionMode): Promise<ApplyError | undefined> {
    const db = this.db!;
    const marked = await db.exec(`SAVEPOINT lens_f${index}; INSERT INTO lens_marks VALUES (${index}) RETURNING xmin::text AS xmin${this.leftovers.markSql}`);
    const file: AppliedFile = { plan, mark: Number((marked[1].rows[0] as { xmin: string }).xmin), notes: [], ok: false, session: await this.leftovers.mark(db, marked) };
    this.applied.push(file);

    // Runners wrap a file unless it manages its own transactions or holds statements that refuse a transaction block.
    // A file sent as one query (`script`) is one implicit transaction when it holds several
    // statements: a statement that refuses transaction blocks fails there, as on a server.
    const implicitBlock = mode === 'script' && plan.parsed.statements.length > 1;
    const atomic = mode === 'all' || (mode === 'script' && !plan.ownTransactions) || (mode === 'per-file' && !plan.ownTransactions && !plan.outsideTransaction);
    const commitsEnumValues = mode !== 'all';
    let recovery: RecoveryPoint = { savepoint: `lens_f${index}`, unit: 0, session: file.session };
    let openTx: number | undefined; // unit index of the file's own BEGIN
    let pendingEnum = false;
    for (let u = 0; u < plan.units.length; u++) {
      const unit = plan.units[u];
      this.onProgress(plan.path, unit.start, unit.end);
      try {
        if (implicitBlock && unit.refusesBlock) throw refusedInBlock(unit.refusesBlock);
        openTx = await this.execUnit(plan, unit, u, openTx, file.notes);
      } catch (e) {
        const error = applyError(plan, unit, e);
        if (atomic) await this.leftovers.rollBackTo(db, `lens_f${index}`, file.session);
        else await this.recover(plan, recovery, openTx ?? u);
        return error;
      }
      pendingEnum ||= !!unit.addsEnumValue;
      if (pendingEnum && commitsEnumValues && !atomic && openTx === undefined) {
        recovery = await this.checkpoint(index, u + 1);
        pendingEnum = false;
      }
    }
    if (openTx !== undefined) {
      await db.exec('ROLLBACK TO SAVEPOINT lens_tx; RELEASE SAVEPOINT lens_tx');
      const begin = plan.units[openTx];
      file.notes.push({ ...at(plan, begin.start, begin.end), severity: 'error', message: 'The file ends inside the transaction this BEGIN opened: when the session ends, PostgreSQL rolls it back. The preview did the same.' });
    }
    if (pendingEnum && commitsEnumValues) await this.checkpoint(index, plan.units.length);
    file.ok = true;
    return undefined;
  }

  /** Why PGlite did not run a statement, as an error at it (applyError places it). */
  private async notRun(plan: FilePlan): Promise<Error> {
    if (await this.answering()) {
      return new Error('PGlite did not run this statement and gave no error: it is nested too deeply for its parser (an expression of thousands of terms). The preview stops here; split the expression.');
    }
    this.stopped = true;
    return new Error(stoppedMessage(this.mentionsProgram(plan)));
  }

  /** Whether any SQL of the run mentions COPY: only then can a COPY … PROGRAM (maybe built from pieces) be why PGlite stopped. */
  private mentionsProgram(plan: FilePlan): boolean {
    return [plan, ...this.plans.values()].some((p) => /\bCOPY\b/i.test(p.text));
  }

  /** Runs one unit; returns the unit index of the file's open BEGIN, if any. */
  private async execUnit(plan: FilePlan, unit: Unit, u: number, openTx: number | undefined, notes: PreviewNote[]): Promise<number | undefined> {
    const db = this.db!;
    switch (unit.kind) {
      case 'skip':
        notes.push({ ...at(plan, unit.start, unit.end), severity: unit.severe ? 'warning' : 'info', message: unit.why ?? 'skipped' });
        return openTx;
      case 'begin':
        if (openTx !== undefined) return openTx; // PostgreSQL only warns: "there is already a transaction in progress"
        await db.exec('SAVEPOINT lens_tx');
        return u;
      case 'commit':
        if (openTx !== undefined) await db.exec('RELEASE SAVEPOINT lens_tx');
        return undefined;
      case 'rollback':
        // The file's own ROLLBACK: what outlives it on a server (prepared statements…) outlives it here too.
        if (openTx !== undefined) await db.exec('ROLLBACK TO SAVEPOINT lens_tx; RELEASE SAVEPOINT lens_tx');
        return undefined;
      case 'sql': {
        const results = await db.exec(unit.sql);
        // PGlite answers a statement it did not run (its parser out of stack) with a result that
        // has no command tag and no error; so does a PGlite that stopped answering. Never silent.
        if (results.length === 0 || results.every((r) => r.command === undefined)) throw await this.notRun(plan);
        return openTx;
      }
    }
  }

  /**
   * After an error in a statement-by-statement file: return to the last recovery point and run
   * again the statements that had succeeded up to `stop` (the failing statement, or the BEGIN of
   * the file transaction it was in), so the database holds what autocommit would have kept.
   */
  private async recover(plan: FilePlan, from: RecoveryPoint, stop: number): Promise<void> {
    await this.leftovers.rollBackTo(this.db!, from.savepoint, from.session);
    let openTx: number | undefined;
    for (let u = from.unit; u < stop; u++) openTx = await this.execUnit(plan, plan.units[u], u, openTx, []);
  }

  /** Commits everything so far (a new enum value becomes usable) and opens the next transaction. */
  private async checkpoint(index: number, nextUnit: number): Promise<RecoveryPoint> {
    const marked = await this.db!.exec(`COMMIT; BEGIN; SAVEPOINT lens_resume${this.leftovers.markSql}`);
    this.floor = index + 1;
    return { savepoint: 'lens_resume', unit: nextUnit, session: await this.leftovers.mark(this.db!, marked) };
  }

  private originResolver(): OriginOf {
    const marks = this.applied.map((a) => a.mark);
    return (xid, names, focus) => {
      if (!xid || !marks.length) return undefined;
      const x = Number(xid);
      let i = marks.length - 1;
      while (i >= 0 && marks[i] > x) i--;
      return i < 0 ? undefined : originIn(this.applied[i].plan, names, focus);
    };
  }
}

/** PostgreSQL's error for a statement that refuses a transaction block (SQLSTATE 25001, active_sql_transaction). */
function refusedInBlock(what: string): Error {
  return Object.assign(new Error(`${what} cannot run inside a transaction block`), { code: '25001' });
}

function planKey(path: string, text: string): string {
  return `${path}\0${text}`;
}

function bootKeyOf(input: PreviewInput): string {
  return JSON.stringify([input.preset ?? '', input.setupSql ?? '', input.transaction]);
}

/**
 * The line of the first statement in the file that mentions every name; failing that, every
 * name but the first, and so on (a constraint's name may be generated, its table's is written).
 */
function originIn(plan: FilePlan, names: string[], focus?: string): Origin {
  const named = names.filter(Boolean);
  let stmt: Statement | undefined;
  for (let k = 0; k < named.length && !stmt; k++) stmt = statementMentioning(plan, named.slice(k));
  // A column, constraint or index: the line that defines it, not its table's first line.
  const offset = (stmt && focus ? identifierOffset(plan.text, stmt, focus) : undefined) ?? stmt?.start ?? plan.parsed.statements[0]?.start ?? 0;
  return { path: plan.path, line: lineColumn(plan.text, offset).line, migration: migrationLabel(plan.path) };
}

/** A Prisma migration is its folder (every file is `migration.sql`); elsewhere the file name says it. */
function migrationLabel(file: string): string {
  const parts = file.split(/[\\/]/);
  const base = parts[parts.length - 1] ?? file;
  return base === 'migration.sql' && parts.length > 1 ? parts[parts.length - 2] : base;
}


/** The file after which PGlite stopped answering: nothing after it can be applied or read. */
function stoppedAnswering(plan: FilePlan, program: boolean): ApplyError {
  const first = plan.units[0];
  return {
    ...at(plan, first?.start ?? 0, first?.end ?? 0),
    message: stoppedMessage(program, 'this file'),
    statement: { start: first?.start ?? 0, end: first?.end ?? 0 },
  };
}

/**
 * Why PGlite stops answering: a COPY … PROGRAM (only possible when the SQL says PROGRAM), or,
 * far more often, a call that ran out of stack, as an endless recursion does.
 */
function stoppedMessage(program: boolean, what = 'this statement'): string {
  const stopped = `PGlite stopped answering queries while ${what} ran, so the preview stops here and shows no schema.`;
  return program
    ? `${stopped} A COPY … PROGRAM run from a function or from SQL built at run time does that: the preview cannot run programs.`
    : `${stopped} It ran out of stack: an endless recursion (a function that calls itself without end) does that; PostgreSQL would stop it with "stack depth limit exceeded".`;
}

export function at(plan: FilePlan, start: number, end: number): Omit<PreviewNote, 'message' | 'severity'> {
  return { path: plan.path, start, end, ...lineColumn(plan.text, start) };
}

interface PgError {
  message?: string;
  position?: string | number;
  code?: string;
  detail?: string;
  hint?: string;
}

/** A PostgreSQL error during `unit`, located in the file via the error's character position. */
export function applyError(plan: FilePlan, unit: Unit, e: unknown): ApplyError {
  const err = (e ?? {}) as PgError;
  const position = Number(err.position ?? 0);
  const start = position > 0 ? codePointToUtf16(plan.text, position - 1, unit.start, unit.end) : unit.start;
  const end = position > 0 ? tokenEnd(plan.text, start, unit.end) : unit.end;
  return {
    path: plan.path, start, end, ...lineColumn(plan.text, start),
    message: err.message ?? String(e), detail: err.detail || undefined, hint: err.hint || undefined, code: err.code || undefined,
    statement: { start: unit.start, end: unit.end },
  };
}
