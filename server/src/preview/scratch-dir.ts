/**
 * The private folder each preview worker keeps PGlite's data directory in (boot.ts, createPGlite):
 * made by the host when it starts the worker, removed when the worker ends or the host exits.
 * `mkdtemp` makes a new folder of a unique name that only this user can enter (mode 0700:
 * https://man7.org/linux/man-pages/man3/mkdtemp.3.html), in the system's temporary folder,
 * never in the workspace. Its name carries the host's pid: a host killed before it could remove
 * its folders leaves them to the next host's sweep.
 */
import { lstatSync, mkdtempSync, readdirSync, rm, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const PREFIX = 'migration-lens-pgdata-';

let swept = false;

/** A new private folder for one worker; the first one also sweeps what dead hosts left behind. */
export function scratchDir(): string {
  if (!swept) sweepDeadHosts();
  swept = true;
  return mkdtempSync(join(tmpdir(), `${PREFIX}${process.pid}-`));
}

/** The host is exiting: its worker's folder goes now, before the process ends. */
export function removeScratchDir(dir: string): void {
  try {
    rmSync(dir, { recursive: true, force: true, maxRetries: 2 });
  } catch {
    // a worker thread still writing into it as the process ends: the next host's sweep removes it
  }
}

/**
 * The worker ended while the host goes on: its folder goes in libuv's thread pool (fs.rm), not on
 * the host's main thread, where removing a data directory's thousand files (39 MB) stopped a
 * language server's typing (it replaces its preview process every 30–40 s of a long session): the
 * host's longest event-loop delay over a worker's end was 24–35 ms with rmSync, 6–14 ms without
 * (three runs each, 2026-12-03). Settles once removed or given up (the next host's sweep takes what is left).
 */
export function removeScratchDirInBackground(dir: string): Promise<void> {
  return new Promise((resolve) => rm(dir, { recursive: true, force: true, maxRetries: 2 }, () => resolve()));
}

/** Folders of this user's hosts that are gone (a pid that no longer exists). */
function sweepDeadHosts(): void {
  try {
    for (const name of readdirSync(tmpdir())) {
      const pid = name.startsWith(PREFIX) ? Number(/^(\d+)-/.exec(name.slice(PREFIX.length))?.[1]) : 0;
      if (!pid || pid === process.pid || isAlive(pid)) continue;
      const dir = join(tmpdir(), name);
      const st = lstatSync(dir);
      if (st.isDirectory() && (typeof process.getuid !== 'function' || st.uid === process.getuid())) rmSync(dir, { recursive: true, force: true });
    }
  } catch {
    // a sweep is housekeeping: an unreadable temporary folder only leaves old folders behind
  }
}

/** Signal 0 tests that a process exists (https://nodejs.org/api/process.html#processkillpid-signal); EPERM: it does, another user's. */
function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}
