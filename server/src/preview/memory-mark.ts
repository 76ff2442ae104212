/**
 * When the preview worker is replaced (once idle: host.ts). Its memory does not come back while
 * it lives: PGlite's PostgreSQL runs in a WebAssembly memory, which can grow but never shrink, so
 * every page it ever touched stays resident ("Wasm linear memory never shrinks, so today a
 * worker's RSS is a high-water mark": https://github.com/cloudflare/workers-rs/pull/1037, and
 * https://github.com/WebAssembly/design/issues/1397); in a long editing session its resident
 * memory rises by about half a MB a second of typing (issue #19). A fresh worker comes back to about
 * its size after its first run, at the cost of applying the set again (and, in the language
 * server, one full lock trace).
 */

/** A worker is replaced when it grew more than `grownMb` past its first run and `totalMb` is passed. */
export interface MemoryMark {
  /** The host's and the worker's process's resident memory together, in MB. */
  totalMb: number;
  /** Growth past the worker's size after its first run, in MB: below it, a fresh worker would save too little for its cost. */
  grownMb: number;
}

/**
 * A preview or a check that runs a few times (the CLI): replaced only past 128 MB of growth,
 * whatever the total. In a thread, a replaced worker's memory does not all come back
 * (worker-spawn.ts), so a replacement there is for a worker that grew a lot.
 */
export const GROWTH_MARK: MemoryMark = { totalMb: 0, grownMb: 128 };

/**
 * The language server's worker (a child process, kept as long as the editor): issue #19's budget
 * is the server and its preview process under 400 MB. Both resident sets as the system reports
 * them (`process.memoryUsage.rss()`: "the amount of space occupied in the main memory device ...
 * for the process", https://nodejs.org/api/process.html#processmemoryusagerss; node's own file
 * pages, about 42 MB here, count in both) together past 400 MB. In the 4,000-key soak
 * (bench/soak.mjs) the server peaks near 200 MB and the worker is near 165 MB after its first full
 * trace (beside node's file pages), so the floor, not the total, decides there: 16 MB of growth
 * keeps the two under 400 MB, and keeps a large set's worker, alone near the mark after its first
 * run, from being replaced after every run (at most once per 16 MB it grows: about 30 s of typing).
 */
export const SESSION_MARK: MemoryMark = { totalMb: 400, grownMb: 16 };

/** After a run: the worker's process's resident memory after its first run and now, and the host's own (0 when the worker is a thread of it). */
export interface WorkerMemory {
  firstRunMb: number;
  workerMb: number;
  hostMb: number;
}

/** Whether the worker is past its mark: to be replaced once idle. */
export function pastMark(mark: MemoryMark, m: WorkerMemory): boolean {
  return m.workerMb - m.firstRunMb > mark.grownMb && m.hostMb + m.workerMb > mark.totalMb;
}
