// An esbuild plugin for the bundles holding PGlite (dist/preview-worker.js; the CLI tests' build too).
import { readFileSync } from 'node:fs';

/**
 * PGlite's dlsym (Emscripten's `_dlsym_js`, src/library_dylink.js) finds a symbol's index with
 * `Object.keys(lib.exports).indexOf(symbol)`: an array of every export of the library, built and
 * searched on each call. PostgreSQL calls dlsym twice per C function an extension creates
 * (load_external_function, fetch_finfo_record: src/backend/utils/fmgr/dfmgr.c, fmgr.c), so
 * CREATE EXTENSION pgcrypto and pg_trgm cost 100-200 ms of the worker's time in documenso's
 * preview (CPU profile). The same index comes from a map built once per library's exports,
 * and again when a symbol is missing from it (exports only grow).
 */
const FROM = 'Object.keys(a.exports).indexOf(t)';
const TO = '(a.lensSymbols?.exports===a.exports&&a.lensSymbols.index.has(t)?a.lensSymbols:(a.lensSymbols={exports:a.exports,index:new Map(Object.keys(a.exports).map((k,x)=>[k,x]))})).index.get(t)??-1';

export const pgliteDlsym = {
  name: 'pglite-dlsym',
  setup(build) {
    build.onLoad({ filter: /@electric-sql[\\/]pglite[\\/]dist[\\/]index\.cjs$/ }, (args) => {
      const text = readFileSync(args.path, 'utf8');
      // Another PGlite build: the lookup is found again, or the build says so, never left slow unseen.
      if (text.split(FROM).length !== 2) throw new Error(`scripts/pglite-dlsym.mjs: PGlite's _dlsym_js is not as expected in ${args.path}`);
      return { contents: text.replace(FROM, TO), loader: 'js' };
    });
  },
};
