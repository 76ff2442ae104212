/** The messages between the preview host (host.ts) and its worker (worker.ts): plain data, structured-cloned. */
import type { PreviewInput, PreviewResult, RunStep } from './types';
import type { ProofRequest, ProofResult } from './prove/types';
import type { RunnerOptions } from './runner';

/** The worker's `workerData`: its runner's options, and whether PGlite stays on V8's baseline tier (boot.ts, stayOnBaselineTier). */
export interface WorkerOptions extends RunnerOptions {
  baselineTier?: boolean;
}

/** Host → worker: a run or a proof, queued in order. */
export type WorkerRequest = { type: 'run'; id: number; input: PreviewInput } | { type: 'prove'; id: number; input: PreviewInput; proof: ProofRequest };

/**
 * What the host sends: a request, or the cancellation of a run. The worker reads messages only
 * between its tasks, so a run gives it a turn before each file (runner.ts, RunOptions.cancelled).
 */
export type HostToWorker = WorkerRequest | { type: 'cancel'; id: number };

/** The environment variable that hands a worker in a child process its WorkerOptions (a thread gets them as workerData). */
export const WORKER_OPTIONS_ENV = 'MIGRATION_LENS_PREVIEW_WORKER';

/** Worker → host. `progress` comes before each statement so that a timeout can name it; `step` before each phase and file of a run. */
export type WorkerMessage =
  | { type: 'progress'; id: number; path: string; start: number; end: number }
  | { type: 'step'; id: number; step: RunStep }
  /** `memoryMb`: the resident memory of the process the worker runs in, after the run, for the host's recycling mark. */
  | { type: 'result'; id: number; result: PreviewResult | ProofResult; memoryMb: number }
  | { type: 'failure'; id: number; message: string };
