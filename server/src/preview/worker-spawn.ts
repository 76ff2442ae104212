/**
 * Starts the preview worker (worker.ts) as a thread of this process or as a child process; the
 * host talks to both the same way (PreviewWorker). A thread starts faster; a process gives all
 * its memory back when it ends, which a thread does not: glibc keeps the arenas a terminated
 * thread allocated from, so a language server that replaced its trace worker past a memory mark
 * still grew by about 90 MB per replacement (issue #19; the same in
 * https://github.com/nodejs/node/issues/51868, "doesn't fully release their memory once they're
 * terminated").
 */
import { fork, type ChildProcess } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { existsSync } from 'node:fs';
import { constants } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { removeScratchDir, removeScratchDirInBackground, scratchDir } from './scratch-dir';
import { WORKER_OPTIONS_ENV, type HostToWorker, type WorkerMessage, type WorkerOptions } from './messages';

/** What the host needs of a worker: Worker's own surface, which ChildWorker reproduces. */
export interface PreviewWorker {
  postMessage(message: HostToWorker): void;
  on(event: 'message', listener: (m: WorkerMessage) => void): this;
  on(event: 'error', listener: (e: Error) => void): this;
  on(event: 'exit', listener: (code: number) => void): this;
  once(event: 'exit', listener: (code: number) => void): this;
  off(event: 'message', listener: (m: WorkerMessage) => void): this;
  off(event: 'error', listener: (e: Error) => void): this;
  off(event: 'exit', listener: (code: number) => void): this;
  terminate(): Promise<unknown>;
}

export interface SpawnOptions {
  /** The worker script; defaults to dist/preview-worker.js next to the bundle, or worker.ts when run from source. */
  workerPath?: string;
  workerData: WorkerOptions;
  /** The worker's JavaScript heap limit in MB. */
  heapMb: number;
  isolation: 'thread' | 'process';
}

/**
 * Starts a worker. One in a child process (a long session's) gets a private folder for its
 * PGlite's data directory on disk (scratch-dir.ts), removed when it ends: in the soak
 * (bench/soak.mjs) the process's peak went from 324 to 229 MB. A thread's (a CLI's one preview)
 * stays in memory: on disk, `schema` of documenso's migrations took a third longer for 25 MB less.
 */
export function spawnWorker(opts: SpawnOptions): PreviewWorker {
  const script = opts.workerPath ?? (existsSync(join(__dirname, 'preview-worker.js')) ? join(__dirname, 'preview-worker.js') : undefined);
  if (opts.isolation === 'thread') return workerThread(script, opts);
  const dataDir = scratchDir();
  const worker = new ChildWorker(script ?? join(__dirname, 'worker.ts'), { ...opts, workerData: { ...opts.workerData, dataDir } }, dataDir);
  // A run busy in a runaway statement reads no 'disconnect': the host takes its workers with it when it exits.
  untilEnded(worker, () => {
    worker.kill();
    removeScratchDir(dataDir);
  });
  return worker;
}

function workerThread(script: string | undefined, opts: SpawnOptions): PreviewWorker {
  const { workerData } = opts;
  const resourceLimits = { maxOldGenerationSizeMb: opts.heapMb };
  // From source (tests, tsx): load the TypeScript worker through tsx.
  if (script) return new Worker(script, { workerData, resourceLimits });
  return new Worker(`require('tsx/cjs'); require(${JSON.stringify(join(__dirname, 'worker.ts'))});`, { eval: true, workerData, resourceLimits });
}

/**
 * V8 flags for the worker's process alone (`node --v8-options`): a 1 MB young generation
 * (`--max-semi-space-size`, in MB; V8 grows it up to 16 MB per semi-space when much survives, and
 * PGlite's JavaScript keeps little) and no background threads (`--single-threaded`, "disable the
 * use of background tasks": no compiler or GC threads, each with its stack and malloc arena). On
 * the 150-migration preview (bench/memory.mjs) the processes' peak went from 406 to 355 MB, and the
 * preview ran no slower.
 */
const LEAN_PROCESS = ['--max-semi-space-size=1', '--single-threaded'];

/**
 * glibc's malloc for the worker's process in one arena (`MALLOC_ARENA_MAX`, read at its start:
 * https://man7.org/linux/man-pages/man3/mallopt.3.html, M_ARENA_MAX). By default each thread
 * that allocates gets an arena of its own (up to 8 per core), and memory freed in one is kept
 * for that arena: in the soak (bench/soak.mjs) the process held 80–95 MB in four arenas beside
 * its main heap, and its peak went from 204–224 to 142 MB with one arena. Its JavaScript runs on
 * one thread (`--single-threaded`), so nothing contends for the one arena. Other C libraries
 * ignore the variable.
 */
const ONE_MALLOC_ARENA = { MALLOC_ARENA_MAX: '1' };

/** What V8 prints when a heap passes its limit (Node's OOM handler, src/api/environment.cc / node_errors.cc): the child's only sign of it. */
const OUT_OF_MEMORY = /JavaScript heap out of memory|Reached heap limit/;

/** What each live worker process leaves to this process's exit (one 'exit' listener for all of them, however many sets). */
const atExit = new Set<() => void>();

function onHostExit(): void {
  for (const cleanUp of atExit) cleanUp();
}

/** `cleanUp` runs at this process's exit if the worker has not ended by then (it cleans up after itself: ChildWorker). */
function untilEnded(worker: ChildWorker, cleanUp: () => void): void {
  if (atExit.size === 0) process.once('exit', onHostExit);
  atExit.add(cleanUp);
  worker.once('ended', () => {
    atExit.delete(cleanUp);
    if (atExit.size === 0) process.off('exit', onHostExit);
  });
}

/**
 * The worker in a child process (Node's IPC channel, with the structured clone Worker uses:
 * `serialization: 'advanced'`). Its stdout is not the language server's (that is the LSP
 * channel); its stderr is passed on, and its tail kept to tell an out-of-memory end from others.
 * When it ends, its data directory (`dataDir`) is removed in the background; terminate() settles
 * once it is gone.
 */
class ChildWorker extends EventEmitter implements PreviewWorker {
  private readonly child: ChildProcess;
  private stderrTail = '';
  private removed: Promise<void> | undefined;

  constructor(script: string, opts: SpawnOptions, dataDir: string) {
    super();
    const fromSource = script.endsWith('.ts') ? ['--require', 'tsx/cjs'] : [];
    this.child = fork(script, [], {
      execArgv: [...fromSource, `--max-old-space-size=${opts.heapMb}`, ...LEAN_PROCESS],
      serialization: 'advanced',
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
      env: { ...process.env, ...ONE_MALLOC_ARENA, [WORKER_OPTIONS_ENV]: JSON.stringify(opts.workerData) },
    });
    this.child.stderr!.on('data', (chunk: Buffer) => {
      this.stderrTail = (this.stderrTail + chunk.toString()).slice(-4096);
      process.stderr.write(chunk);
    });
    this.child.on('message', (m: WorkerMessage) => this.emit('message', m));
    this.child.on('error', (e) => this.emit('error', e));
    // 'close' comes after the stderr stream ended, so the tail is complete.
    this.child.on('close', (code, signal) => {
      this.removed = removeScratchDirInBackground(dataDir);
      this.emit('ended');
      if (OUT_OF_MEMORY.test(this.stderrTail)) this.emit('error', Object.assign(new Error('the preview process ran out of memory'), { code: 'ERR_WORKER_OUT_OF_MEMORY' }));
      else this.emit('exit', code ?? 128 + (constants.signals[signal!] ?? 0)); // a shell's convention for a signal's end
    });
  }

  postMessage(message: HostToWorker): void {
    if (this.child.connected) this.child.send(message);
  }

  /** Ends the process now, without waiting (at the host's exit). */
  kill(): void {
    this.child.kill('SIGKILL');
  }

  async terminate(): Promise<unknown> {
    if (!this.removed) {
      // 'close' (the removal's start) follows the exit once the pipes are drained.
      const closed = new Promise((resolve) => this.child.once('close', resolve));
      if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGKILL');
      await closed;
    }
    return this.removed;
  }
}
