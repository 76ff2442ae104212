/**
 * The CLI on many files lints them on two threads: this one takes the first half in order, a
 * worker thread (the same bundle, started with workerData and sent this thread's compiled parser,
 * then its files) the second half; reports and messages come back in file order, so the output is
 * the one a single thread gives. The worker costs a start-up (bundle load and the parser's
 * instance, about 60 ms of CPU) and some memory, so it is used only for
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
import { parserModule } from '../parse/pg-query';
import type { Io } from './io';
import { lintFile, lintInOrder, readOnce, type Layout } from './lint-files';
import { keepYoungGeneration } from './lint-flags';
import { startLintParser } from './lint-parser';
import type { FileReport } from './report';

const PARALLEL_MIN_FILES = 300;

/**
 * The parses each thread keeps for its next files (SetContexts.keepFewParses). Real-history corpus,
 * parses on both threads: 1,431 keeping none, 1,271 keeping 32, 844 keeping all; the peak about
 * 0.5 MB higher with 32 than with none, 3 MB with 64 (7 alternating runs each, load average 11).
 */
const PARSES_KEPT = 32;

/**
 * The worker's young generation, in MB (resourceLimits.maxYoungGenerationSizeMb:
 * https://nodejs.org/docs/latest-v20.x/api/worker_threads.html#new-workerfilename-options): with
 * the growth factor kept at 1 (lint-flags.ts) it scavenges as often with 1 MB as with 2 (114
 * times on the real-history corpus), and the run's peak is 2-3 MB lower than with 2, 4 lower than with 4.
 */
const WORKER_YOUNG_GENERATION_MB = 1;

interface Job {
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

/**
 * The worker thread, started before git is asked and the sets' layout is linted, so that it loads its
 * bundle and the parser meanwhile (it took about 150 ms more than this thread to begin its share),
 * then given its share of the files (lintFiles). Once online, it is unreferenced until then: a run
 * that stops before it lints (a usage error) does not wait for it.
 */
export class LintWorker {
  /** Its heap is set up before it runs any JavaScript ('online'), which put V8's growth factor back (lint-flags.ts). */
  readonly online: Promise<void>;
  /** Its reports, or undefined when it failed or ended without them. */
  readonly done: Promise<Done | undefined>;
  private given = false;

  private constructor(private readonly worker: Worker) {
    this.online = new Promise<void>((resolve) => {
      for (const event of ['online', 'error', 'exit']) worker.once(event, () => resolve());
    }).then(() => {
      keepYoungGeneration();
      if (!this.given) worker.unref();
    });
    this.done = new Promise((resolve) => {
      worker.once('message', (m: Done) => resolve(m));
      worker.once('error', () => resolve(undefined));
      worker.once('exit', () => resolve(undefined));
    });
  }

  /** Undefined when the run is too small for a second thread, the machine has one core, or the thread cannot start. */
  static start(workerEntry: string | undefined, fileCount: number): LintWorker | undefined {
    if (!workerEntry || fileCount < PARALLEL_MIN_FILES || availableParallelism() < 2) return undefined;
    try {
      const worker = new Worker(workerEntry, { workerData: { lensLintWorker: true }, argv: ['lint'], stdout: false, stderr: false, resourceLimits: { maxYoungGenerationSizeMb: WORKER_YOUNG_GENERATION_MB } });
      // Its parser is this thread's compiled module (pg-query.ts): not read and compiled twice, and
      // each function V8 compiles lazily on one thread is compiled for both.
      parserModule().then((module) => worker.postMessage(module), () => undefined);
      return new LintWorker(worker);
    } catch {
      return undefined;
    }
  }

  lint(job: Job): void {
    this.given = true;
    this.worker.ref();
    this.worker.postMessage(job);
  }

  stop(): void {
    void this.worker.terminate();
  }
}

/**
 * Each file's report (undefined: it could not be read, and io.err said why), in file order. With
 * a worker (LintWorker.start), it lints the second part of the files.
 */
export async function lintFiles(files: string[], io: Io, config: ResolvedConfig, layout: Layout, worker: LintWorker | undefined): Promise<(FileReport | undefined)[]> {
  const serial = (list: string[]) => lintInOrder(list, layout, (f) => lintFile(f, io, config, layout));
  if (!worker || files.length < PARALLEL_MIN_FILES) {
    worker?.stop();
    return serial(files);
  }
  const half = splitPoint(files, layout.sets);
  const theirs = files.slice(half);
  worker.lint({ files: theirs, cwd: io.cwd, config, sets: layout.sets, setFindings: pick(layout.setFindings, theirs) });
  layout.contexts.keepFewParses(PARSES_KEPT);
  await worker.online;
  const mine = serial(files.slice(0, half));
  const result = await worker.done;
  worker.stop();
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

/** In a worker thread started by LintWorker.start: true when this thread is one (it then lints and answers). */
export function runLintWorkerIfAny(): boolean {
  if (isMainThread || !(workerData as { lensLintWorker?: true } | undefined)?.lensLintWorker) return false;
  // The first message is the parser's compiled module (LintWorker.start), the second the share of files.
  const share = new Promise<Job>((resolve) => {
    parentPort!.once('message', (module: WebAssembly.Module) => {
      const parser = startLintParser(module);
      parentPort!.once('message', (job: Job) => resolve(parser.then(() => job)));
    });
  });
  void share.then((job) => {
    cacheStatementParses(0);
    const read = readOnce();
    const layout: Layout = { sets: job.sets, contexts: new SetContexts({ maxFileSize: job.config.maxFileSize, read }), setFindings: job.setFindings, read };
    layout.contexts.keepFewParses(PARSES_KEPT);
    const errs: string[][] = [];
    const reports = lintInOrder(job.files, layout, (f) => {
      const mine: string[] = [];
      errs.push(mine);
      const io: Io = { cwd: job.cwd, env: {}, stdoutIsTTY: false, out: () => undefined, err: (t) => mine.push(t) };
      return lintFile(f, io, job.config, layout);
    });
    parentPort!.postMessage({ reports, errs } satisfies Done);
  });
  return true;
}
