/**
 * Entry point of the preview worker thread (bundled as dist/preview-worker.js). Owns one
 * PreviewRunner, so PGlite stays alive between runs of the same session; the host terminates
 * the whole thread when a run exceeds its time limit.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { initParser } from '../parse/parser';
import { prepareBoot, stayOnBaselineTier } from './boot';
import { prove } from './prove/index';
import { PreviewRunner, type RunOptions } from './runner';
import type { WorkerMessage, WorkerOptions, WorkerRequest } from './messages';

const port = parentPort;
if (!port) throw new Error('preview worker: must run in a worker thread');

let current = 0;
const post = (m: WorkerMessage): void => port.postMessage(m);
const options = (workerData ?? {}) as WorkerOptions;
const runner = new PreviewRunner((path, start, end) => post({ type: 'progress', id: current, path, start, end }), options);
const ready = initParser();
if (options.baselineTier) stayOnBaselineTier(); // before PGlite's module is compiled
// PGlite's module is loaded and compiled now, as the worker starts, not within a run's time limit.
prepareBoot(options.cacheDir);

// Runs one request at a time, in order: a session never overlaps two runs on one PGlite.
let queue = Promise.resolve();
port.on('message', (req: WorkerRequest) => {
  queue = queue.then(async () => {
    current = req.id;
    try {
      await ready;
      const result = req.type === 'prove' ? await prove(runner, req.input, req.proof) : await runner.run(req.input, runOptions(req.id, req.cancel));
      post({ type: 'result', id: req.id, result, memoryMb: memoryMb() });
    } catch (e) {
      post({ type: 'failure', id: req.id, message: e instanceof Error ? (e.stack ?? e.message) : String(e) });
    }
    // After the answer, so it costs no latency; the next request waits for them. VACUUM first: it writes WAL too.
    await runner.vacuum().catch(() => undefined);
    await runner.trimWal().catch(() => undefined);
  });
});

function runOptions(id: number, cancel: SharedArrayBuffer | undefined): RunOptions {
  const flag = cancel && new Int32Array(cancel);
  return {
    onStep: (step) => post({ type: 'step', id, step }),
    cancelled: flag ? () => Atomics.load(flag, 0) === 1 : undefined,
  };
}

/**
 * This worker's memory: its isolate's heap and external memory (process.memoryUsage's heap and
 * external figures are the calling isolate's, rss is the whole process's; external holds the
 * ArrayBuffers, PGlite's WebAssembly memory and in-memory data directory among them).
 */
function memoryMb(): number {
  const { heapTotal, external } = process.memoryUsage();
  return (heapTotal + external) / 1024 / 1024;
}
