// What `node esbuild.mjs` builds, and how: the bundles of the extension client, the language
// server, the CLI and the test entry points, and the wasm and data files they load from beside
// them. The CLI tests build the CLI's bundles from here too, so that they run what users run.
import * as esbuild from 'esbuild';
import { cpSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pgliteDlsym } from './pglite-dlsym.mjs';

const REPO = join(import.meta.dirname, '..');

/**
 * V8 keeps a script holding any non-ASCII character as two-byte text, and reads and compiles it
 * more slowly (dist/cli.js, read and compiled at every CLI start: 71 → 60 ms on a loaded machine).
 * esbuild's default ASCII charset escapes strings and identifiers but leaves regular expression
 * literals and the comments it keeps as written (evanw/esbuild#4205); those are escaped here,
 * where `\uXXXX` means the same character.
 */
const asciiOnly = {
  name: 'ascii-only',
  setup(build) {
    build.onEnd((result) => {
      // The metafile names outputs relative to the working directory esbuild was given.
      for (const file of Object.keys(result.metafile?.outputs ?? {}).filter((f) => f.endsWith('.js')).map((f) => join(REPO, f))) {
        const text = readFileSync(file, 'utf8');
        const ascii = text.replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
        if (ascii !== text) writeFileSync(file, ascii);
      }
    });
  },
};

// production (npm run package): minified, no source maps; the VSIX ships no .map files.
const commonOf = (production) => ({
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: !production,
  minify: production,
  logLevel: 'warning',
  // Prefer ESM builds: jsonc-parser's UMD build has requires esbuild cannot follow.
  mainFields: ['module', 'main'],
  metafile: true,
  plugins: [asciiOnly],
});

/**
 * The CLI is three bundles: dist/cli.js (the dispatch and the help texts) requires `lint`'s
 * implementation from dist/cli-lint.js and the other commands' from dist/cli-commands.js when
 * they run. Every `lint` start (CI, pre-commit hooks) then reads and compiles only the code lint
 * runs, and `--version` or `--help` hardly more than the dispatch.
 */
const commandsApart = {
  name: 'commands-apart',
  setup(build) {
    build.onResolve({ filter: /^\.\/(cli\/)?[a-z]+-run$/ }, (args) => ({ path: args.path.endsWith('/lint-run') ? './cli-lint.js' : './cli-commands.js', external: true }));
  },
};

/**
 * The language server is two bundles: dist/server.js, the entry point the client starts
 * (server/src/server-start.ts), loads dist/server-main.js (server/src/server.ts) with V8's code cache.
 */
const serverApart = {
  name: 'server-apart',
  setup(build) {
    build.onResolve({ filter: /^\.\/server$/ }, () => ({ path: './server-main.js', external: true }));
  },
};

/** Each entry becomes <outdir>/<name>.js. */
const builds = [
  // Banner and footer stamp when the bundle starts and ends loading: activation time includes evaluating it.
  {
    entryPoints: { client: 'client/src/extension.ts' },
    external: ['vscode'],
    banner: { js: 'var __migrationLensLoadStart = performance.now();' },
    footer: { js: 'var __migrationLensLoadEnd = performance.now();' },
  },
  { entryPoints: { server: 'server/src/server-start.ts' }, plugins: [serverApart, asciiOnly] },
  { entryPoints: { 'server-main': 'server/src/server.ts', 'gen-docs': 'server/src/docs/generate.ts' } },
  // The package `bin`: runnable directly, not only through `node`.
  // `import()` of the other two bundles becomes require(): no ES module loader to start.
  { entryPoints: { cli: 'server/src/cli.ts' }, banner: { js: '#!/usr/bin/env node' }, plugins: [commandsApart, asciiOnly], supported: { 'dynamic-import': false } },
  { entryPoints: { 'cli-lint': 'server/src/cli/lint-run.ts', 'cli-commands': 'server/src/cli/commands-run.ts' } },
  { entryPoints: { 'test/integration/index': 'test/integration/suite/index.ts' }, external: ['vscode', 'mocha'] },
  { entryPoints: { 'preview-worker': 'server/src/preview/worker.ts' }, plugins: [pgliteDlsym, asciiOnly] },
];

/**
 * esbuild contexts for the bundles into `outdir` (all of them, or those of `only`, bundle names
 * without .js), with the files they load copied beside them. The caller rebuilds or watches them.
 */
export async function bundleContexts({ outdir: given, production = false, only }) {
  const outdir = resolve(given);
  copyAssets(outdir);
  const wanted = only ? builds.filter((b) => Object.keys(b.entryPoints).some((name) => only.includes(name))) : builds;
  return Promise.all(wanted.map((b) => esbuild.context({ ...commonOf(production), ...b, outdir, absWorkingDir: REPO })));
}

/** Builds the bundles once (see bundleContexts). */
export async function bundle(options) {
  const contexts = await bundleContexts(options);
  await Promise.all(contexts.map((c) => c.rebuild()));
  await Promise.all(contexts.map((c) => c.dispose()));
}

function copyAssets(outdir) {
  const from = (rel) => join(REPO, rel);
  // libpg-query loads its .wasm next to the bundle at run time.
  mkdirSync(outdir, { recursive: true });
  cpSync(from('node_modules/libpg-query/wasm/libpg-query.wasm'), `${outdir}/libpg-query.wasm`);
  // PGlite (bundled into preview-worker.js) finds its wasm and data next to the bundle; the
  // extension tarballs go to dist/pglite-ext/, where server/src/preview/extensions.ts looks.
  const pglite = from('node_modules/@electric-sql/pglite/dist');
  for (const f of ['pglite.wasm', 'pglite.data', 'initdb.wasm']) cpSync(`${pglite}/${f}`, `${outdir}/${f}`);
  mkdirSync(`${outdir}/pglite-ext`, { recursive: true });
  for (const f of readdirSync(pglite)) if (f.endsWith('.tar.gz')) cpSync(`${pglite}/${f}`, `${outdir}/pglite-ext/${f}`);
  cpSync(from('node_modules/@electric-sql/pglite-pgvector/dist/vector.tar.gz'), `${outdir}/pglite-ext/vector.tar.gz`);
}
