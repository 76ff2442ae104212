/** The parser as `lint` runs it, on the main thread and in its worker thread (cli/parallel.ts). */
import { setFlagsFromString } from 'node:v8';
import { initParser } from '../parse/parser';

/**
 * `lint` is a short run that CI and pre-commit hooks start again and again: the optimizing
 * compilers (TurboFan for JavaScript and for the parser's WebAssembly) cost more CPU than they
 * win back in it (bench/squawk.mjs, real-history corpus: about 1.5 s → 0.75 s of CPU, 150 → 110 MB).
 * Set before the parser's WebAssembly is compiled, and after the modules and the output streams
 * load: Node compiles a built-in module loaded after a flag change without its code cache (twice
 * the time). Not for `schema` or `check`, whose PostgreSQL (PGlite) runs long enough to need
 * optimized code. The WebAssembly is then read and compiled in the background while the files
 * are listed; the caller awaits the promise where it first parses, and reports a failure there.
 */
export function startLintParser(): Promise<void> {
  setFlagsFromString('--no-opt --liftoff-only');
  const ready = initParser();
  // A run that ends before it parses (a usage error) must not die of an unawaited failure.
  ready.catch(() => undefined);
  return ready;
}
