/**
 * libpg-query, required on first use. Its module starts reading and compiling the parser's
 * WebAssembly (1.7 MB) as soon as it is evaluated, so a static import would make every process
 * pay for it, `migration-lens --version` and the commands that never parse included; the
 * functions below load it when a command first parses (initParser), and esbuild still bundles it.
 */
import type * as PgQuery from 'libpg-query';

let loaded: typeof PgQuery | undefined;

function pgQuery(): typeof PgQuery {
  // A plain require() call: esbuild bundles the package and evaluates it only here, when called.
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- lazy on purpose (see above)
  return (loaded ??= require('libpg-query') as typeof PgQuery);
}

export const loadModule: typeof PgQuery.loadModule = () => pgQuery().loadModule();
export const parseSync: typeof PgQuery.parseSync = (query) => pgQuery().parseSync(query);
export const parsePlPgSQLSync: typeof PgQuery.parsePlPgSQLSync = (query) => pgQuery().parsePlPgSQLSync(query);
export const scanSync: typeof PgQuery.scanSync = (query) => pgQuery().scanSync(query);
