/**
 * The CLI on many files lints them on two threads: this one takes the first half in order, a
 * worker thread (the same bundle, started with workerData) the second half; reports and messages
 * come back in file order, so the output is the one a single thread gives. The worker costs a
 * start-up (bundle and parser load, about 60 ms of CPU) and some memory, so it is used only for
 * PARALLEL_MIN_FILES files or more, on a machine with more than one core; if it cannot start or
 * fails, this thread lints its files too.
 */
import { availableParallelism } from 'node:os';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import type { ResolvedConfig } from '../config-model';
import type { Finding } from '../engine';
import { SetContexts } from '../layout/set-context';
import type { MigrationSet } from '../layout/types';
import { cacheStatementParses } from '../parse/parser';
import type { Io } from './io';
import { lintFile, readOnce, type Layout } from './lint-files';
import { keepYoungGeneration, startLintParser } from './lint-parser';
import type { FileReport } from './report';

const PARALLEL_MIN_FILES = 300;

/**
 * The worker's young generation, in MB (resourceLimits.maxYoungGenerationSizeMb:
 * https://nodejs.org/docs/latest-v20.x/api/worker_threads.html#new-workerfilename-options): with
 * the growth factor kept at 1 (lint-parser.ts) it scavenges as often with 1 MB as with 2 (114
 * times on the real-history corpus), and the run's peak is 2-3 MB lower than with 2, 4 lower than with 4.
 */
const WORKER_YOUNG_GENERATION_MB = 1;

interface Job {
  lensLintWorker: true;
  files: string[];
  cwd: string;
  config: ResolvedConfig;
  sets: MigrationSet[];
  setFindings: Map<string, Finding[]>;
}

interface Done {
  reports: (FileReport | undefined)[];
  /** What each file wrote to stderr, in order. */
  errs: string[][];
}

/** Each file's report (undefined: it could not be read, and io.err said why), in file order. */
export async function lintFiles(files: string[], io: Io, config: ResolvedConfig, layout: Layout, workerEntry: string | undefined): Promise<(FileReport | undefined)[]> {
  const serial = (list: string[]) => list.map((f) => lintFile(f, io, config, layout));
  if (!workerEntry || files.length < PARALLEL_MIN_FILES || availableParallelism() < 2) return serial(files);
  const half = splitPoint(files, layout.sets);
  const theirs = files.slice(half);
  let worker: Worker;
  try {
    const job: Job = { lensLintWorker: true, files: theirs, cwd: io.cwd, config, sets: layout.sets, setFindings: pick(layout.setFindings, theirs) };
    worker = new Worker(workerEntry, { workerData: job, argv: ['lint'], stdout: false, stderr: false, resourceLimits: { maxYoungGenerationSizeMb: WORKER_YOUNG_GENERATION_MB } });
  } catch {
    return serial(files);
  }
  const done = new Promise<Done | undefined>((resolve) => {
    worker.once('message', (m: Done) => resolve(m));
    worker.once('error', () => resolve(undefined));
    worker.once('exit', () => resolve(undefined));
  });
  const started = new Promise<void>((resolve) => {
    for (const event of ['online', 'error', 'exit']) worker.once(event, () => resolve());
  });
  layout.contexts.keepParsesOf(files.slice(0, half));
  // Its heap is set up before it runs any JavaScript ('online'), which put V8's growth factor back (lint-parser.ts).
  await started;
  keepYoungGeneration();
  const mine = serial(files.slice(0, half));
  const result = await done;
  void worker.terminate();
  if (!result) return [...mine, ...serial(theirs)];
  for (const errs of result.errs) for (const e of errs) io.err(e);
  return [...mine, ...result.reports];
}

/**
 * Where the worker's share begins: about half of the files, moved to the nearest boundary between
 * two sets when one lies within a quarter of the files from the middle. A file's schema rules
 * read its whole set (parsed for its timeline), so a set cut in two is parsed by both threads.
 */
function splitPoint(files: string[], sets: readonly MigrationSet[]): number {
  const half = Math.ceil(files.length / 2);
  const rootOf = new Map<string, string>();
  for (const set of sets) for (const f of [...set.files, ...set.downs, ...set.orphans]) rootOf.set(f.path, set.root);
  let best = -1;
  for (let i = 1; i < files.length; i++) {
    if (rootOf.get(files[i]) !== rootOf.get(files[i - 1]) && (best < 0 || Math.abs(i - half) < Math.abs(best - half))) best = i;
  }
  return best >= 0 && Math.abs(best - half) <= files.length / 4 ? best : half;
}

function pick(findings: Map<string, Finding[]>, files: string[]): Map<string, Finding[]> {
  const out = new Map<string, Finding[]>();
  for (const f of files) {
    const list = findings.get(f);
    if (list) out.set(f, list);
  }
  return out;
}

/** In a worker thread started by lintFiles: true when this thread is one (it then lints and answers). */
export function runLintWorkerIfAny(): boolean {
  if (isMainThread || !(workerData as Job | undefined)?.lensLintWorker) return false;
  const job = workerData as Job;
  void startLintParser().then(() => {
    cacheStatementParses(0);
    const layout: Layout = { sets: job.sets, contexts: new SetContexts({ maxFileSize: job.config.maxFileSize, read: readOnce() }), setFindings: job.setFindings };
    layout.contexts.keepParsesOf(job.files);
    const errs: string[][] = [];
    const reports = job.files.map((f) => {
      const mine: string[] = [];
      errs.push(mine);
      const io: Io = { cwd: job.cwd, env: {}, stdoutIsTTY: false, out: () => undefined, err: (t) => mine.push(t) };
      return lintFile(f, io, job.config, layout);
    });
    parentPort!.postMessage({ reports, errs } satisfies Done);
  });
  return true;
}
