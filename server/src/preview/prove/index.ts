/** Runs one proof on the preview runner (inside the preview worker). */
import type { PreviewRunner } from '../runner';
import type { PreviewInput } from '../types';
import { checkDrift } from './drift';
import { proveIdempotency } from './idempotency';
import { proveRoundTrip } from './round-trip';
import { traceFile } from './trace';
import type { ProofRequest, ProofResult } from './types';

export function prove(runner: PreviewRunner, input: PreviewInput, request: ProofRequest): Promise<ProofResult> {
  switch (request.kind) {
    case 'idempotency':
      return proveIdempotency(runner, input, request.files);
    case 'round-trip':
      return proveRoundTrip(runner, input, request.downs, request.verifies);
    case 'drift':
      return checkDrift(runner, input, request.snapshot, request.ignoreTables);
    case 'trace':
      return traceFile(runner, input, request.path);
  }
}
