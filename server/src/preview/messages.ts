/** The messages between the preview host (host.ts) and its worker (worker.ts): plain data, structured-cloned. */
import type { PreviewInput, PreviewResult, RunStep } from './types';
import type { ProofRequest, ProofResult } from './prove/types';
import type { RunnerOptions } from './runner';

/** The worker's `workerData`: its runner's options, and whether PGlite stays on V8's baseline tier (boot.ts, stayOnBaselineTier). */
export interface WorkerOptions extends RunnerOptions {
  baselineTier?: boolean;
}

/**
 * Host → worker. `cancel` is shared memory, not a message: the worker is busy in the run and
 * reads no messages until it ends, but it reads the flag (Atomics) before each file; 1 = cancelled.
 */
export type WorkerRequest = { type: 'run'; id: number; input: PreviewInput; cancel?: SharedArrayBuffer } | { type: 'prove'; id: number; input: PreviewInput; proof: ProofRequest };

/** Worker → host. `progress` comes before each statement so that a timeout can name it; `step` before each phase and file of a run. */
export type WorkerMessage =
  | { type: 'progress'; id: number; path: string; start: number; end: number }
  | { type: 'step'; id: number; step: RunStep }
  /** `memoryMb`: what the worker holds after the run (its JavaScript heap and external memory: buffers, PGlite's WebAssembly memory), for the host's recycling mark. */
  | { type: 'result'; id: number; result: PreviewResult | ProofResult; memoryMb: number }
  | { type: 'failure'; id: number; message: string };
