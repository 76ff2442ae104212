/**
 * Entry point of the `migration-lens` command (bundled to dist/cli.js, the package's `bin`).
 * It loads only the dispatch and the commands' help: a command's implementation is imported when
 * it runs (cli/commands.ts), so `--version` and `--help` never load the engine, and `lint` never
 * loads the preview or the database client (esbuild.mjs bundles them apart: dist/cli-lint.js and
 * dist/cli-commands.js).
 */
import { runCli } from './cli/main';

/**
 * `lint` loads its bundle with V8's code cache, kept in this user's cache folder with lint's other
 * caches (cli/lint-bundle.ts). A require() evaluated here: the other commands never load what it needs.
 */
// eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded by lint only (see above)
const cacheDir = process.argv[2] === 'lint' ? (require('./cli/lint-bundle') as typeof import('./cli/lint-bundle')).startLintBundle(__dirname) : undefined;

// A worker thread of `lint` on many files runs this same bundle, with `lint` as its argv (cli/parallel.ts).
if (process.argv[2] === 'lint') {
  void import('./cli/lint-run').then((lint) => {
    if (!lint.runLintWorkerIfAny()) main();
  });
} else main();

function main(): void {
  // `migration-lens lint | head -1`: the reader went away; that ends the run quietly, not with a stack trace.
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw e;
  });
  runCli(process.argv.slice(2), {
    workerEntry: __filename,
    cacheDir,
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
