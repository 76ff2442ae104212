/** Entry point of the `migration-lens` command (bundled to dist/cli.js, the package's `bin`). */
import { setFlagsFromString } from 'node:v8';
import { runCli } from './cli/main';
import { runLintWorkerIfAny } from './cli/parallel';
import { initParser } from './parse/parser';

// `lint` is a short run that CI and pre-commit hooks start again and again: the optimizing
// compilers (TurboFan for JavaScript and for the parser's WebAssembly) cost more CPU than they
// win back in it (bench/squawk.mjs, real-history corpus: about 1.5 s → 0.75 s of CPU, 150 → 110 MB).
// Set before the parser's WebAssembly is compiled. Not for `schema` or `check`, whose PostgreSQL
// (PGlite) runs long enough to need optimized code.
if (process.argv[2] === 'lint') {
  setFlagsFromString('--no-opt --liftoff-only');
  // The parser's WebAssembly is read and compiled in the background while the files are listed
  // (lint awaits the same promise, and reports a failure there).
  initParser().catch(() => undefined);
}

// A worker thread of `lint` on many files runs this same bundle (cli/parallel.ts).
if (!runLintWorkerIfAny()) main();

function main(): void {
  // `migration-lens lint | head -1`: the reader went away; that ends the run quietly, not with a stack trace.
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw e;
  });
  runCli(process.argv.slice(2), {
    workerEntry: __filename,
    cwd: process.cwd(),
    env: process.env,
    stdoutIsTTY: process.stdout.isTTY === true,
    out: (text) => process.stdout.write(text),
    err: (text) => process.stderr.write(text),
  }).then((code) => {
    // exitCode rather than exit(): a piped stdout (a large SARIF log) is flushed before the process ends.
    process.exitCode = code;
  });
}
