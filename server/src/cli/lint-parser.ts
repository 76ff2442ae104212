/** The parser as `lint` runs it, on the main thread and in its worker thread (cli/parallel.ts). */
import { initParser } from '../parse/parser';
import { setLintFlags } from './lint-flags';

/**
 * Sets lint's V8 flags (lint-flags.ts; already set when the run started from the CLI's bundle) and
 * reads and compiles the parser's WebAssembly in the background while the files are listed (the
 * worker thread instantiates the `module` the main thread compiled instead); the caller awaits the
 * promise where it first parses, and reports a failure there.
 */
export function startLintParser(module?: WebAssembly.Module): Promise<void> {
  setLintFlags();
  const ready = initParser(module);
  // A run that ends before it parses (a usage error) must not die of an unawaited failure.
  ready.catch(() => undefined);
  return ready;
}
