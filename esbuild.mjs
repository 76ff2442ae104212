// Bundles the extension client, the language server, the CLI and the test entry points into dist/.
import * as esbuild from 'esbuild';
import { cpSync, mkdirSync, readdirSync } from 'node:fs';

const watch = process.argv.includes('--watch');
const production = process.argv.includes('--production');

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: true,
  minify: production,
  logLevel: 'warning',
  // Prefer ESM builds: jsonc-parser's UMD build has requires esbuild cannot follow.
  mainFields: ['module', 'main'],
};

/** Each entry becomes dist/<name>.js. */
const builds = [
  { entryPoints: { client: 'client/src/extension.ts' }, external: ['vscode'] },
  { entryPoints: { server: 'server/src/server.ts', 'gen-docs': 'server/src/docs/generate.ts' } },
  // The package `bin`: runnable directly, not only through `node`.
  { entryPoints: { cli: 'server/src/cli.ts' }, banner: { js: '#!/usr/bin/env node' } },
  { entryPoints: { 'test/integration/index': 'test/integration/suite/index.ts' }, external: ['vscode', 'mocha'] },
  { entryPoints: { 'preview-worker': 'server/src/preview/worker.ts' } },
];

// libpg-query loads its .wasm next to the bundle at run time.
mkdirSync('dist', { recursive: true });
cpSync('node_modules/libpg-query/wasm/libpg-query.wasm', 'dist/libpg-query.wasm');
// PGlite (bundled into preview-worker.js) finds its wasm and data next to the bundle; the
// extension tarballs go to dist/pglite-ext/, where server/src/preview/extensions.ts looks.
const pglite = 'node_modules/@electric-sql/pglite/dist';
for (const f of ['pglite.wasm', 'pglite.data', 'initdb.wasm']) cpSync(`${pglite}/${f}`, `dist/${f}`);
mkdirSync('dist/pglite-ext', { recursive: true });
for (const f of readdirSync(pglite)) if (f.endsWith('.tar.gz')) cpSync(`${pglite}/${f}`, `dist/pglite-ext/${f}`);
cpSync('node_modules/@electric-sql/pglite-pgvector/dist/vector.tar.gz', 'dist/pglite-ext/vector.tar.gz');

const contexts = await Promise.all(
  builds.map((b) => esbuild.context({ ...common, ...b, outdir: 'dist' })),
);
if (watch) {
  await Promise.all(contexts.map((c) => c.watch()));
  console.log('esbuild: watching client/, server/ and test/ ...');
} else {
  await Promise.all(contexts.map((c) => c.rebuild()));
  await Promise.all(contexts.map((c) => c.dispose()));
}
