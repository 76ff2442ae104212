/**
 * Starting PGlite. Most of a cold boot is initdb inside WASM (3–6 s here); loading a data
 * directory that initdb produced earlier takes 0.4–0.8 s. So the first boot on a machine saves
 * a gzipped copy of the fresh data directory (4.5 MB) in `cacheDir`, and later boots load it.
 * Extensions are not part of the data directory: they are installed into PGlite's file system at
 * create(), so one cached directory serves every extension set.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Extension, PGlite } from '@electric-sql/pglite';
import { pgliteDir } from './assets';

/**
 * A require, not an import: esbuild then bundles PGlite's CommonJS build, which finds pglite.wasm
 * from __filename (next to the bundle); its ESM build relies on import.meta.url, empty in a CJS bundle.
 * Required by the preview worker when it starts (worker.ts), not when this module loads: the CLI
 * bundle reaches this module through `check`, and `lint` must not pay for loading PGlite.
 */
export function loadPGlite(): typeof import('@electric-sql/pglite') {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require('@electric-sql/pglite') as typeof import('@electric-sql/pglite');
}

export async function createPGlite(extensions: Record<string, Extension>, cacheDir: string | undefined): Promise<PGlite> {
  const pglite = loadPGlite();
  const cached = cacheDir ? cacheFile(cacheDir) : undefined;
  if (cached && existsSync(cached)) {
    try {
      return await pglite.PGlite.create({ extensions, loadDataDir: new Blob([readFileSync(cached)]) });
    } catch {
      rmSync(cached, { force: true }); // unreadable or from another PGlite build: boot from scratch below
    }
  }
  const db = await pglite.PGlite.create({ extensions });
  if (cached) await saveFresh(db, cached);
  return db;
}

async function saveFresh(db: PGlite, file: string): Promise<void> {
  try {
    const dump = await db.dumpDataDir('gzip');
    mkdirSync(dirname(file), { recursive: true });
    const tmp = `${file}.${process.pid}.tmp`;
    writeFileSync(tmp, Buffer.from(await dump.arrayBuffer()));
    renameSync(tmp, file); // atomic: a concurrent preview never reads half a file
  } catch {
    // A read-only or full cache directory only costs the next boot its speed.
  }
}

/** Named after PGlite's own files, so that another PGlite build never loads this one's directory. */
function cacheFile(cacheDir: string): string | undefined {
  const dir = pgliteDir();
  try {
    const stamp = ['pglite.wasm', 'pglite.data'].map((f) => statSync(join(dir, f)).size.toString(36)).join('-');
    return join(cacheDir, `pglite-base-${stamp}.tar.gz`);
  } catch {
    return undefined;
  }
}
