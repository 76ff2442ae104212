/**
 * Where PGlite's files are. Bundled, esbuild.mjs copies pglite.wasm/pglite.data next to
 * dist/preview-worker.js (PGlite looks there itself) and every extension tarball to
 * dist/pglite-ext/. Run from source, they are in node_modules.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

// createRequire keeps esbuild from trying to bundle what is only a path lookup.
const resolveFrom = createRequire(__filename);

function packageDist(name: string): string {
  return dirname(resolveFrom.resolve(name));
}

/** The directory holding pglite.wasm and pglite.data. */
export function pgliteDir(): string {
  return existsSync(join(__dirname, 'pglite.wasm')) ? __dirname : packageDist('@electric-sql/pglite');
}

/** The directory holding an extension's `.tar.gz`. */
export function extensionDir(from: 'pglite' | 'pgvector'): string {
  const copied = join(__dirname, 'pglite-ext');
  if (existsSync(copied)) return copied;
  return packageDist(from === 'pglite' ? '@electric-sql/pglite' : '@electric-sql/pglite-pgvector');
}
