// A process's children, liveness and resident memory, from /proc (Linux): read by the memory
// benchmarks and by the tests that check the processes we start, so that all of them see the
// process tree alike.
import { readdirSync, readFileSync } from 'node:fs';

/** A process's direct children: every thread's `children` list (a child belongs to the thread that forked it). */
export function childrenOf(pid) {
  try {
    return readdirSync(`/proc/${pid}/task`).flatMap((task) => readFileSync(`/proc/${pid}/task/${task}/children`, 'utf8').split(' ').filter(Boolean).map(Number));
  } catch {
    return []; // ended since it was listed
  }
}

/** A process's children, their children, and so on. */
export function descendantsOf(pid) {
  return childrenOf(pid).flatMap((c) => [c, ...descendantsOf(c)]);
}

/** Whether a process exists and is not a zombie. */
export function isRunning(pid) {
  return !/^State:\s+Z/m.test(statusOf(pid) ?? 'State: Z');
}

/** One process's resident memory in MB, its peak (VmHWM), and how much of it is file-backed (RssFile: the node binary, libraries). */
export function memoryOf(pid) {
  const status = statusOf(pid) ?? '';
  return { rssMb: kbOf(status, 'VmRSS') / 1024, peakMb: kbOf(status, 'VmHWM') / 1024, fileMb: kbOf(status, 'RssFile') / 1024 };
}

/**
 * The resident memory in MB of the process and of its child processes (the language server's
 * preview worker runs in one: it is the server's memory too), and a peak: the process's own
 * (VmHWM) plus each live child's, which counts a child's peak even when it came between two
 * samples (and so may add peaks that did not coincide: an upper bound). A child's file-backed
 * pages are left out: they are /usr/bin/node's and its libraries', which the parent maps too and
 * the page cache holds once (about 42 MB here).
 */
export function treeMemoryOf(pid) {
  const [own, ...children] = [pid, ...descendantsOf(pid)].map(memoryOf);
  const sum = (key) => children.reduce((mb, m) => mb + m[key] - m.fileMb, own[key]);
  return { rssMb: sum('rssMb'), peakMb: sum('peakMb'), processes: children.length + 1 };
}

function statusOf(pid) {
  try {
    return readFileSync(`/proc/${pid}/status`, 'utf8');
  } catch {
    return undefined; // ended since it was listed
  }
}

const kbOf = (status, key) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? 0);
