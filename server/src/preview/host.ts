/**
 * Host side of the preview: runs the worker thread, enforces the time limit by terminating it,
 * and names the statement that was running. Nothing here blocks the calling thread: the
 * language server (or CLI) keeps serving while PGlite works.
 */
import { userCacheDir } from '../cache-dir';
import { lineColumn } from '../parse/positions';
import { emptySchema } from './schema-model';
import { isOneOf, TRANSACTION_MODES } from '../vocabulary';
import type { ProofRequest, ProofResult } from './prove/types';
import type { ApplyError, FileOutcome, PreviewFile, PreviewInput, PreviewResult, RunStep } from './types';
import type { WorkerMessage, WorkerOptions, WorkerRequest } from './messages';
import { GROWTH_MARK, pastMark, type MemoryMark } from './memory-mark';
import { spawnWorker, type PreviewWorker } from './worker-spawn';

interface HostOptions {
  /** The worker script; defaults to dist/preview-worker.js next to the bundle, or worker.ts when run from source. */
  workerPath?: string;
  /** Cache of PGlite's fresh data directory (see boot.ts); default: this user's cache folder (userCacheDir); null: no cache. */
  cacheDir?: string | null;
  /** The worker's JavaScript heap limit in MB (default PREVIEW_HEAP_MB). */
  heapMb?: number;
  /** Past it, the worker is replaced once idle (memory-mark.ts; default GROWTH_MARK). */
  memoryMark?: MemoryMark;
  /**
   * Where the worker runs: a thread (the default: it starts faster) or a child process, whose
   * memory all goes back to the system when it is replaced (worker-spawn.ts): for a session that
   * lives as long as the editor.
   */
  isolation?: 'thread' | 'process';
  /** PGlite stays on V8's baseline compiler, in the whole process (boot.ts, stayOnBaselineTier): for a process that previews once. */
  baselineTier?: boolean;
  /** The worker ended between runs, not ended by the session (the language server logs it). */
  onIdleExit?: (code: number) => void;
}

/**
 * The preview worker's JavaScript heap (V8's old generation): past it the worker, not the
 * language server or the CLI, runs out of memory, and the run ends with an error at the statement
 * that was running. PGlite's own WebAssembly memory is outside this heap; what a runaway statement
 * hands back to JavaScript (a huge notice, result or error text) is not.
 */
export const PREVIEW_HEAP_MB = 1024;

const MB = 1024 * 1024;

type Progress = Extract<WorkerMessage, { type: 'progress' }>;

/** What the caller of a run hears and how it stops it (see PreviewSession.run). */
export interface RunControl {
  onStep?: (step: RunStep) => void;
  signal?: AbortSignal;
}

/** Why a run was cut off: its time limit, or the worker's heap limit. */
interface Limit {
  kind: 'time' | 'memory';
  /** After "The preview …": `stopped at its time limit (5000 ms)`, `ran out of memory (limit 1024 MB)`. */
  message: string;
}

/**
 * Extra time, beyond the run's own limit, for the first run in a worker that replaces an earlier
 * one (past its memory mark, cut at a limit, or ended between runs): the fresh worker starts (in a
 * process, Node itself), boots PGlite and applies again what the earlier one had applied (after a
 * time-out, the good files), which takes seconds on a loaded machine; in the language server its
 * first lock trace is a full one too (under load, 28 s to over 30 s in the 4,000-key soak).
 */
export const BOOT_ALLOWANCE_MS = 10_000;

/** One worker (and PGlite) kept alive across runs, so a re-run applies only from the first changed file. */
export class PreviewSession {
  private worker?: PreviewWorker;
  private nextId = 1;
  private busy?: Promise<unknown>;
  /** Its process's resident memory after the worker's first run (the set applied once), and whether it grew past its mark since (see enqueue). */
  private firstRunMb?: number;
  private overMark = false;
  /** Disposed: the runs still queued are refused instead of starting a worker nobody would end. */
  private closed = false;
  /** Whether a request is in the worker now (its own run reports the worker's end then). */
  private inRun = false;
  /** Whether the session has started a worker, and whether its next run gets BOOT_ALLOWANCE_MS (a worker that replaces one). */
  private hadWorker = false;
  private bootAllowance = false;

  constructor(private readonly opts: HostOptions = {}) {}

  /**
   * Runs are queued: each sees the database the previous one left. `onStep` hears where the run
   * is; `signal` cancels it before its next file (the result's `cancelledAt`), and the session
   * keeps the files applied so far for the next run.
   */
  run(input: PreviewInput, control: RunControl = {}): Promise<PreviewResult> {
    const problem = invalidInput(input);
    if (problem) return Promise.reject(new Error(`preview: ${problem}`));
    return this.enqueue(() => this.runNow<PreviewResult>({ type: 'run', id: 0, input }, input, (running, ms, limit) => this.lastGoodSchema(input, timedOut(input, running, ms, limit)), control));
  }

  /**
   * After a run cut off at its time or memory limit (its worker is gone), applies the files before the one
   * that was running in a fresh worker, so the result shows the schema as of the last good file,
   * as after an apply error. The fresh worker also serves the next run.
   */
  private async lastGoodSchema(input: PreviewInput, cut: PreviewResult): Promise<PreviewResult> {
    const running = cut.files.findIndex((f) => f.status === 'failed');
    if (running <= 0) return cut; // no file before it: the empty schema is the right one
    const before: PreviewInput = { ...input, files: input.files.slice(0, running) }; // in a fresh worker: with BOOT_ALLOWANCE_MS
    let why: string;
    try {
      const res = await this.runNow<PreviewResult>({ type: 'run', id: 0, input: before }, before, (r, ms, limit) => timedOut(before, r, ms, limit));
      if (res.ok) return { ...cut, schema: res.schema, notes: res.notes, timings: { ...cut.timings, totalMs: cut.timings.totalMs + res.timings.totalMs } };
      why = res.error?.message ?? 'it failed';
    } catch (e) {
      why = e instanceof Error ? e.message : String(e);
    }
    const message = `${cut.error!.message} The files before it could not be applied again (${why}), so no schema is shown.`;
    return { ...cut, error: { ...cut.error!, message } };
  }

  /**
   * A run-time proof (prove/) on this session's database: a preview of the same files before it
   * is reused, and the proof leaves the session as it found it (the trace commits the files
   * before its file: a later run that changes one of those starts cold).
   */
  prove(input: PreviewInput, proof: ProofRequest): Promise<ProofResult> {
    const problem = invalidInput(input);
    if (problem) return Promise.reject(new Error(`preview: ${problem}`));
    return this.enqueue(() => this.runNow<ProofResult>({ type: 'prove', id: 0, input, proof }, input, (running, ms, limit) => proofTimedOut(input, proof, running, ms, limit)));
  }

  private enqueue<T>(job: () => Promise<T>): Promise<T> {
    const next = (this.busy ?? Promise.resolve()).catch(() => undefined).then(job);
    this.busy = next;
    // Past its memory mark, the worker is ended once nothing is running or waiting: its memory
    // goes back to the system, and the next run boots a fresh one (applying the set again).
    void next.finally(() => {
      if (this.busy === next && this.overMark) void this.endWorker();
    }).catch(() => undefined);
    return next;
  }

  /** Starts the worker now, before the first run needs it (oneShotSession). */
  start(): void {
    this.workerFor();
  }

  /** Ends the worker; runs still queued are refused (the language server drops the session of a set that is gone). */
  async dispose(): Promise<void> {
    this.closed = true;
    await this.endWorker();
  }

  /** Ends the worker (a run past its limit, a worker past its memory mark): the next run starts a fresh one. */
  private async endWorker(): Promise<void> {
    const w = this.worker;
    this.worker = undefined;
    await w?.terminate();
  }

  private workerFor(): PreviewWorker {
    if (this.closed) throw new Error('preview: the session was closed (its set is gone)');
    if (!this.worker) {
      const worker = spawnOf(this.opts);
      // A worker can also end between runs (an exception or an exit in its idle work after an
      // answer: worker.ts): the next run starts a fresh one at once instead of posting to a dead
      // worker and waiting out its whole time limit.
      worker.once('exit', (code) => {
        if (this.worker !== worker) return;
        this.worker = undefined;
        if (!this.inRun) this.opts.onIdleExit?.(code);
      });
      this.worker = worker;
      this.bootAllowance = this.hadWorker;
      this.hadWorker = true;
      this.firstRunMb = undefined;
      this.overMark = false;
    }
    return this.worker;
  }

  private runNow<T>(
    request: WorkerRequest,
    input: PreviewInput,
    onLimit: (running: Progress | undefined, ms: number, limit: Limit) => T | Promise<T>,
    control: RunControl = {},
  ): Promise<T> {
    const worker = this.workerFor();
    const id = this.nextId++;
    const started = performance.now();
    const limitMs = input.timeoutMs + (this.bootAllowance ? BOOT_ALLOWANCE_MS : 0);
    this.bootAllowance = false;
    this.inRun = true;
    return new Promise<T>((resolve, reject) => {
      let running: Progress | undefined;
      const cancel = (): void => worker.postMessage({ type: 'cancel', id });
      const done = (): void => {
        this.inRun = false;
        clearTimeout(timer);
        control.signal?.removeEventListener('abort', cancel);
        worker.off('message', onMessage);
        worker.off('error', onError);
        worker.off('exit', onExit);
      };
      const timer = setTimeout(() => {
        done();
        void this.endWorker();
        resolve(onLimit(running, performance.now() - started, { kind: 'time', message: `stopped at its time limit (${limitMs} ms)` }));
      }, limitMs);
      const onMessage = (m: WorkerMessage): void => {
        if (m.id !== id) return;
        if (m.type === 'progress') running = m;
        else if (m.type === 'step') control.onStep?.(m.step);
        else if (m.type === 'result') {
          done();
          this.firstRunMb ??= m.memoryMb;
          // A thread's resident memory is its host's: counted once.
          const hostMb = this.opts.isolation === 'process' ? process.memoryUsage.rss() / MB : 0;
          this.overMark = pastMark(this.opts.memoryMark ?? GROWTH_MARK, { firstRunMb: this.firstRunMb, workerMb: m.memoryMb, hostMb });
          resolve(m.result as T);
        } else {
          done();
          reject(new Error(`preview worker failed: ${m.message}`));
        }
      };
      const onError = (e: Error): void => {
        done();
        this.worker = undefined;
        // resourceLimits: the worker's heap is full; it is gone, the caller's process is not.
        if ((e as NodeJS.ErrnoException).code === 'ERR_WORKER_OUT_OF_MEMORY') {
          resolve(onLimit(running, performance.now() - started, { kind: 'memory', message: `ran out of memory (limit ${this.opts.heapMb ?? PREVIEW_HEAP_MB} MB)` }));
          return;
        }
        reject(new Error(`preview worker crashed: ${e.message}`));
      };
      const onExit = (code: number): void => {
        done();
        this.worker = undefined;
        reject(new Error(`preview worker exited (code ${code})`));
      };
      worker.on('message', onMessage);
      worker.on('error', onError);
      worker.on('exit', onExit);
      worker.postMessage({ ...request, id });
      if (control.signal?.aborted) cancel();
      control.signal?.addEventListener('abort', cancel);
    });
  }
}

/**
 * A session for one preview in a process that previews once (the CLI's `schema`), so PGlite stays
 * on the baseline tier. Its worker starts now: its start (bundle, parser, PGlite's module:
 * worker.ts) overlaps what the caller does before the run (detecting the sets).
 */
export function oneShotSession(opts: HostOptions = {}): PreviewSession {
  const session = new PreviewSession({ baselineTier: true, ...opts });
  session.start();
  return session;
}

/** One preview in a fresh worker (oneShotSession), which is terminated afterwards. */
export function runPreview(input: PreviewInput, opts: HostOptions = {}): Promise<PreviewResult> {
  return once(oneShotSession(opts), (session) => session.run(input));
}

async function once<T>(session: PreviewSession, job: (session: PreviewSession) => Promise<T>): Promise<T> {
  try {
    return await job(session);
  } finally {
    await session.dispose();
  }
}

function spawnOf(opts: HostOptions): PreviewWorker {
  const workerData: WorkerOptions = { cacheDir: opts.cacheDir === null ? undefined : (opts.cacheDir ?? userCacheDir()), baselineTier: opts.baselineTier };
  return spawnWorker({ workerPath: opts.workerPath, workerData, heapMb: opts.heapMb ?? PREVIEW_HEAP_MB, isolation: opts.isolation ?? 'thread' });
}

function invalidInput(input: PreviewInput): string | undefined {
  if (!input || !Array.isArray(input.files)) return 'input.files must be an array of { path, text }';
  if (input.files.some((f) => typeof f?.path !== 'string' || typeof f?.text !== 'string')) return 'every file needs a string path and text';
  if (!(input.timeoutMs > 0)) return 'timeoutMs must be a positive number of milliseconds';
  if (!isOneOf(TRANSACTION_MODES, input.transaction)) return `unknown transaction mode ${JSON.stringify(input.transaction)}`;
  const odd = input.files.find((f) => f.transaction !== undefined && !isOneOf(TRANSACTION_MODES, f.transaction));
  if (odd) return `unknown transaction mode ${JSON.stringify(odd.transaction)} for ${odd.path}`;
  return undefined;
}

/** The result of a run cut off at a limit (time or memory): the statement that was running is the error. */
function timedOut(input: PreviewInput, running: Progress | undefined, ms: number, limit: Limit): PreviewResult {
  const index = running ? input.files.findIndex((f) => f.path === running.path) : -1;
  const files: FileOutcome[] = input.files.map((f, i) => ({ path: f.path, status: i < index ? 'applied' : i === index ? 'failed' : 'pending', ms: 0 }));
  return {
    ok: false, files, schema: emptySchema(), notes: [], reusedFiles: 0,
    timings: { bootMs: 0, applyMs: ms, introspectMs: 0, totalMs: ms },
    error: limitError(`The preview ${limit.message}`, input.files, running, limit, ' (PGlite was still starting)'),
  };
}

/** A proof cut off at a limit: the statement that was running (maybe in a down file or the snapshot) is the error. */
function proofTimedOut(input: PreviewInput, proof: ProofRequest, running: Progress | undefined, ms: number, limit: Limit): ProofResult {
  const extra = proof.kind === 'round-trip' ? [...Object.values(proof.downs), ...Object.values(proof.verifies ?? {})] : proof.kind === 'drift' ? [proof.snapshot] : [];
  return { kind: proof.kind, ok: false, findings: [], ms, error: limitError(`The ${proof.kind} proof ${limit.message}`, [...input.files, ...extra], running, limit) };
}

/** The error of a run cut off at its limit: at the statement that was running, else at the start of the first file. */
function limitError(text: string, files: PreviewFile[], running: Progress | undefined, limit: Limit, notStarted = ''): ApplyError {
  const file = running && files.find((f) => f.path === running.path);
  const cut = limit.kind === 'time' ? { timedOut: true } : { outOfMemory: true };
  if (!running || !file) {
    const path = files[0]?.path ?? '';
    return { path, start: 0, end: 0, line: 1, column: 1, message: `${text} before the first statement ran${notStarted}.`, statement: { start: 0, end: 0 }, ...cut };
  }
  return {
    path: running.path, start: running.start, end: running.end, ...lineColumn(file.text, running.start),
    message: `${text} while this statement was running.`, statement: { start: running.start, end: running.end }, ...cut,
  };
}
