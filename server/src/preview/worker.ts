/**
 * Entry point of the preview worker (bundled as dist/preview-worker.js), in a thread or a child
 * process (worker-spawn.ts). Owns one PreviewRunner, so PGlite stays alive between runs of the
 * same session; the host ends the whole worker when a run exceeds its time limit.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { initParser } from '../parse/parser';
import { prepareBoot, stayOnBaselineTier } from './boot';
import { prove } from './prove/index';
import { watchParent } from './parent-watch';
import { PreviewRunner, type RunOptions } from './runner';
import { WORKER_OPTIONS_ENV, type HostToWorker, type WorkerMessage, type WorkerOptions } from './messages';

const inProcess = !parentPort;
if (inProcess && !process.send) throw new Error('preview worker: must run in a worker thread or a child process with an IPC channel');
const post = (m: WorkerMessage): void => void (parentPort ? parentPort.postMessage(m) : process.send!(m));
const options = (inProcess ? JSON.parse(process.env[WORKER_OPTIONS_ENV] ?? '{}') : (workerData ?? {})) as WorkerOptions;

let current = 0;
const runner = new PreviewRunner((path, start, end) => post({ type: 'progress', id: current, path, start, end }), options);
const ready = initParser();
if (options.baselineTier) stayOnBaselineTier(); // before PGlite's module is compiled
// PGlite's module is loaded and compiled now, as the worker starts, not within a run's time limit.
prepareBoot(options.cacheDir);

/** Runs cancelled by the host (read at each file's turn, runOptions). */
const cancelled = new Set<number>();

// Runs one request at a time, in order: a session never overlaps two runs on one PGlite.
let queue = Promise.resolve();
const onMessage = (req: HostToWorker): void => {
  if (req.type === 'cancel') {
    cancelled.add(req.id);
    return;
  }
  queue = queue.then(async () => {
    current = req.id;
    try {
      await ready;
      const result = req.type === 'prove' ? await prove(runner, req.input, req.proof) : await runner.run(req.input, runOptions(req.id));
      post({ type: 'result', id: req.id, result, memoryMb: process.memoryUsage.rss() / 1024 / 1024 });
    } catch (e) {
      post({ type: 'failure', id: req.id, message: e instanceof Error ? (e.stack ?? e.message) : String(e) });
    }
    cancelled.delete(req.id);
    // After the answer, so it costs no latency; the next request waits for them. VACUUM first: it writes WAL too.
    await runner.vacuum().catch(() => undefined);
    await runner.trimWal().catch(() => undefined);
  });
};
if (parentPort) parentPort.on('message', onMessage);
else {
  process.on('message', onMessage);
  process.on('disconnect', () => process.exit(0)); // the host is gone (read when idle)
  watchParent(options.dataDir); // the host is gone while a statement runs
}

function runOptions(id: number): RunOptions {
  return {
    onStep: (step) => post({ type: 'step', id, step }),
    // A turn of the event loop first: a cancellation sent while the run was busy is read then.
    cancelled: () => new Promise((resolve) => setImmediate(() => resolve(cancelled.has(id)))),
  };
}
