/** The messages between the preview host (host.ts) and its worker (worker.ts): plain data, structured-cloned. */
import type { PreviewInput, PreviewResult } from './types';
import type { ProofRequest, ProofResult } from './prove/types';

/** Host → worker. */
export type WorkerRequest = { type: 'run'; id: number; input: PreviewInput } | { type: 'prove'; id: number; input: PreviewInput; proof: ProofRequest };

/** Worker → host. `progress` comes before each statement so that a timeout can name it. */
export type WorkerMessage =
  | { type: 'progress'; id: number; path: string; start: number; end: number }
  | { type: 'result'; id: number; result: PreviewResult | ProofResult }
  | { type: 'failure'; id: number; message: string };
