/**
 * The V8 flags of `lint`, on its main thread and in its worker thread (cli/parallel.ts). Set by
 * the CLI's entry point before it loads lint's bundle (lint-bundle.ts), so that the bundle's code
 * cache is made and read under them, and again by startLintParser (lint-parser.ts) for runs that
 * do not start from the bundle.
 */
import { setFlagsFromString } from 'node:v8';

/**
 * V8 validates a function of the parser's WebAssembly when it first compiles it, not the whole
 * 1.7 MB module up front (about 3 % of a one-file lint's instructions, callgrind): a run calls a
 * few dozen of its functions, each still validated before it runs (and the module is the one
 * shipped beside the bundle, not user input). The flag: "enable lazy validation for lazily compiled wasm functions"
 * (nodejs/node deps/v8/src/flags/flag-definitions.h; lazy compilation is V8's default).
 */
const LAZY_VALIDATION = '--wasm-lazy-validation';

/**
 * V8 doubles the young generation's semi-spaces, up to 16 MB each, whenever much of it survives a
 * scavenge, as a CLI run's schema events do (each file's are kept for the files after it in its
 * set): on the real-history corpus the young generation alone grew to 32 MB of the run's 115 MB
 * peak on one thread, 175 MB on two. A growth factor of 1 keeps it at the size it has when lint
 * starts: 92 MB on one thread and 124 MB on two, for the same CPU (bench/squawk.mjs' corpus,
 * alternating runs). V8 reads the factor each time it grows the space (SemiSpaceNewSpace::Grow,
 * nodejs/node deps/v8/src/heap/new-spaces.cc), so setting it at run time works, unlike the
 * semi-space's maximum, fixed when the heap is set up. But V8 sets up every heap with a factor of at
 * least 2 (Heap::ConfigureHeap raises one below 2 to 2: nodejs/node deps/v8/src/heap/heap.cc) and the flag is the
 * whole process's, so a worker thread's start puts it back to 2 for this thread too (measured with
 * Node 20: a thread keeping 2 M objects grew its young generation from 2 to 32 MB once a worker had
 * started); the caller sets it again after (keepYoungGeneration, cli/parallel.ts).
 */
const KEEP_YOUNG_GENERATION = '--semi-space-growth-factor=1';

/**
 * After each full garbage collection V8 lets the old generation grow to its live size times a
 * factor, up to 4 on a machine with much memory, and at least 8 MB more, before the next: each
 * thread of a CLI run (its files' parses, dead once linted, are promoted there) then carried up to
 * 15 MB of garbage at the run's peak. A fixed 1.3 (the flag overrides the computed factor each
 * time V8 sets the limit: MemoryController::GrowingFactor, nodejs/node deps/v8/src/heap/heap-controller.cc)
 * costs one or two more full collections of about 5 ms per thread on the real-history corpus:
 * 106.6 -> 99.0 MB peak, CPU within the noise (7 alternating runs); 1.5 did the same, 1.1 one more collection.
 * `--optimize-for-size` (a 2 MB step instead of 8 after each full collection) gave 1.5-3 MB less
 * for 7-15 % more CPU and 20-40 ms more on one file beside its history: not taken.
 */
const SMALL_OLD_GENERATION = '--heap-growing-percent=30';

export function keepYoungGeneration(): void {
  setFlagsFromString(KEEP_YOUNG_GENERATION);
}

/**
 * `lint` is a short run that CI and pre-commit hooks start again and again: the optimizing
 * compilers (TurboFan for JavaScript and for the parser's WebAssembly) cost more CPU than they
 * win back in it (bench/squawk.mjs, real-history corpus: about 1.5 s → 0.75 s of CPU, 150 → 110 MB).
 * Not for `schema` or `check`, whose PostgreSQL (PGlite) runs long enough to need optimized
 * code. Set before the parser's WebAssembly is compiled, and after the output streams load: Node
 * compiles a built-in module loaded after a flag change without its code cache (twice the time).
 */
export function setLintFlags(): void {
  setFlagsFromString(`--no-opt --liftoff-only ${LAZY_VALIDATION} ${KEEP_YOUNG_GENERATION} ${SMALL_OLD_GENERATION}`);
}
