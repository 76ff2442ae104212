/**
 * Ends the preview worker's process when the process that started it is gone (the language server
 * killed with SIGKILL or SIGTERM). The worker's own 'disconnect' handler is not enough: it runs on
 * the worker's JavaScript thread, which a runaway statement keeps busy inside PGlite until the host
 * would have cut it off; without the host, nobody does. So the check runs in a thread of its own
 * (worker_threads: "each Worker has its own event loop", https://nodejs.org/api/worker_threads.html),
 * which stays free while PGlite works.
 *
 * The parent is gone when this process was re-parented (`process.ppid` reads the current parent
 * each time: uv_os_getppid, https://nodejs.org/api/process.html#processppid; on Linux and macOS
 * an orphan's parent becomes init or a subreaper) or when signal 0 to it fails (Windows does not
 * re-parent; "a signal of 0 can be used to test for the existence of a process":
 * https://nodejs.org/api/process.html#processkillpid-signal). `process.kill` from a worker thread
 * signals the whole process, where `process.exit` would only end the thread.
 */
import { Worker } from 'node:worker_threads';

/** How often the thread looks; an orphan runs at most this long. */
export const PARENT_CHECK_MS = 1_000;

const WATCH = `
const { workerData: { parent, self, everyMs, dataDir } } = require('node:worker_threads');
const gone = () => {
  if (process.ppid !== parent) return true;
  try { process.kill(parent, 0); return false; } catch (e) { return e.code === 'ESRCH'; }
};
setInterval(() => {
  if (!gone()) return;
  try {
    if (dataDir) require('node:fs').rmSync(dataDir, { recursive: true, force: true, maxRetries: 2 });
  } catch {} // still being written: the next host's sweep removes it (scratch-dir.ts)
  process.kill(self, 'SIGKILL');
}, everyMs);
`;

/**
 * Starts the watching thread (a few MB: its own small V8 heap). It is unref'd: it never keeps the
 * process alive on its own. `dataDir`, the worker's private folder (scratch-dir.ts), goes with the
 * process: the host that would have removed it is gone.
 */
export function watchParent(dataDir: string | undefined, everyMs = PARENT_CHECK_MS): void {
  const watcher = new Worker(WATCH, {
    eval: true,
    workerData: { parent: process.ppid, self: process.pid, everyMs, dataDir },
    resourceLimits: { maxOldGenerationSizeMb: 4, maxYoungGenerationSizeMb: 1 },
  });
  watcher.on('error', (e) => process.stderr.write(`preview worker: the parent watch ended: ${e.message}\n`));
  watcher.unref();
}
