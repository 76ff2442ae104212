/** Entry point of the `migration-lens` command (bundled to dist/cli.js, the package's `bin`). */
import { runCli } from './cli/main';

runCli(process.argv.slice(2), {
  cwd: process.cwd(),
  env: process.env,
  stdoutIsTTY: process.stdout.isTTY === true,
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
}).then((code) => {
  // exitCode rather than exit(): a piped stdout (a large SARIF log) is flushed before the process ends.
  process.exitCode = code;
});
