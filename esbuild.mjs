// Bundles the extension client, the language server, the CLI and the test entry points into dist/.
import * as esbuild from 'esbuild';
import { cpSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { pgliteDlsym } from './scripts/pglite-dlsym.mjs';

const watch = process.argv.includes('--watch');
const production = process.argv.includes('--production');
// --outdir=DIR: build elsewhere than dist/ (scripts/package.mjs stages the VSIX without touching dist/).
const outdir = process.argv.find((a) => a.startsWith('--outdir='))?.slice('--outdir='.length) ?? 'dist';

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
      for (const file of Object.keys(result.metafile?.outputs ?? {}).filter((f) => f.endsWith('.js'))) {
        const text = readFileSync(file, 'utf8');
        const ascii = text.replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
        if (ascii !== text) writeFileSync(file, ascii);
      }
    });
  },
};

// --production (npm run package): minified, no source maps; the VSIX ships no .map files.
const common = {
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
};

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

/** Each entry becomes dist/<name>.js. */
const builds = [
  // Banner and footer stamp when the bundle starts and ends loading: activation time includes evaluating it.
  {
    entryPoints: { client: 'client/src/extension.ts' },
    external: ['vscode'],
    banner: { js: 'var __migrationLensLoadStart = performance.now();' },
    footer: { js: 'var __migrationLensLoadEnd = performance.now();' },
  },
  { entryPoints: { server: 'server/src/server.ts', 'gen-docs': 'server/src/docs/generate.ts' } },
  // The package `bin`: runnable directly, not only through `node`.
  // `import()` of the other two bundles becomes require(): no ES module loader to start.
  { entryPoints: { cli: 'server/src/cli.ts' }, banner: { js: '#!/usr/bin/env node' }, plugins: [commandsApart, asciiOnly], supported: { 'dynamic-import': false } },
  { entryPoints: { 'cli-lint': 'server/src/cli/lint-run.ts', 'cli-commands': 'server/src/cli/commands-run.ts' } },
  { entryPoints: { 'test/integration/index': 'test/integration/suite/index.ts' }, external: ['vscode', 'mocha'] },
  { entryPoints: { 'preview-worker': 'server/src/preview/worker.ts' }, plugins: [pgliteDlsym, asciiOnly] },
];

// libpg-query loads its .wasm next to the bundle at run time.
mkdirSync(outdir, { recursive: true });
cpSync('node_modules/libpg-query/wasm/libpg-query.wasm', `${outdir}/libpg-query.wasm`);
// PGlite (bundled into preview-worker.js) finds its wasm and data next to the bundle; the
// extension tarballs go to dist/pglite-ext/, where server/src/preview/extensions.ts looks.
const pglite = 'node_modules/@electric-sql/pglite/dist';
for (const f of ['pglite.wasm', 'pglite.data', 'initdb.wasm']) cpSync(`${pglite}/${f}`, `${outdir}/${f}`);
mkdirSync(`${outdir}/pglite-ext`, { recursive: true });
for (const f of readdirSync(pglite)) if (f.endsWith('.tar.gz')) cpSync(`${pglite}/${f}`, `${outdir}/pglite-ext/${f}`);
cpSync('node_modules/@electric-sql/pglite-pgvector/dist/vector.tar.gz', `${outdir}/pglite-ext/vector.tar.gz`);

const contexts = await Promise.all(
  builds.map((b) => esbuild.context({ ...common, ...b, outdir })),
);
if (watch) {
  await Promise.all(contexts.map((c) => c.watch()));
  console.log('esbuild: watching client/, server/ and test/ ...');
} else {
  await Promise.all(contexts.map((c) => c.rebuild()));
  await Promise.all(contexts.map((c) => c.dispose()));
}
