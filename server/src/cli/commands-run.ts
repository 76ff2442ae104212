/**
 * The implementations of the commands other than `lint`, bundled together as dist/cli-commands.js
 * (esbuild.mjs): they start PGlite or a database connection, next to which loading them is cheap.
 */
export { runCheck } from './check-run';
export { runNew } from './new-run';
export { runSchema } from './schema-run';
export { runStatus } from './status-run';
