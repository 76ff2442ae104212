/**
 * Starting PGlite. Most of a cold boot is initdb inside WASM (3–6 s here); loading a data
 * directory that initdb produced earlier is much faster. So the first boot on a machine saves
 * the fresh data directory (15 MB, shrunk: see shrink; as data-dir.ts lays it out, loaded
 * without PGlite's tar and gzip) in `cacheDir` (this user's own cache folder, 0700) with its
 * SHA-256 next to it, and later boots load it when it verifies.
 * Extensions are not part of the data directory: they are installed into PGlite's file system at
 * create(), so one cached directory serves every extension set.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import type { Extension, PGlite } from '@electric-sql/pglite';
import { pgliteDir } from './assets';
import { privateDir } from '../cache-dir';
import { preloadedFs, snapshotDataDir, writeDataDir } from './data-dir';

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

/**
 * Keeps WebAssembly on V8's baseline compiler (Liftoff) in this process: no tier-up to the
 * optimizing compiler (TurboFan). V8 recompiles the functions that get hot in background threads
 * (https://v8.dev/docs/wasm-compilation-pipeline, https://v8.dev/blog/wasm-dynamic-tiering); on
 * PGlite's 9 MB module one cold preview of documenso's 163 migrations spent 2.4 s of CPU and
 * about 115 MB of memory there, more than it saved a process that applies the set once (the
 * CLI). A long session re-applies files many times and keeps tier-up. V8 reads these flags when it
 * compiles a function, so they must be set before PGlite's module is compiled; they hold for the
 * whole process (https://nodejs.org/api/v8.html#v8setflagsfromstringflags).
 */
export function stayOnBaselineTier(): void {
  setFlagsFromString('--no-wasm-tier-up');
  setFlagsFromString('--no-wasm-dynamic-tiering');
}

/**
 * Starts the boot's work that needs nothing from a run: reading and checking the cached data
 * directory and compiling PGlite's WebAssembly. Called as the worker starts, so that it overlaps
 * the parser's start and the first run's planning: the file reads run on libuv's thread pool and
 * V8 compiles WebAssembly.compile's module in the background. (The SHA-256 stays on this thread:
 * WebCrypto's digest first copies the 15 MB here, which took longer than hashing them.)
 */
export function prepareBoot(cacheDir: string | undefined): void {
  loadPGlite();
  void compiledPGlite();
  const cached = cachedDirFile(cacheDir);
  if (cached && existsSync(cached)) prepared = { file: cached, bytes: readVerified(cached).catch(() => undefined) };
}

/** The cached directory prepareBoot read, for the first boot only: PostgreSQL writes into the bytes it is given. */
let prepared: { file: string; bytes: Promise<Buffer | undefined> } | undefined;

/** PGlite's module, compiled once per worker: every PGlite the worker boots reuses it (PGlite's `pgliteWasmModule` option), with the code V8 compiled for it. */
let compiled: Promise<WebAssembly.Module> | undefined;

/** WebAssembly's JavaScript API: the TypeScript libraries here (ES2022, node) declare only its types. */
const wasmApi = (globalThis as unknown as { WebAssembly: { compile(bytes: Uint8Array): Promise<WebAssembly.Module> } }).WebAssembly;

function compiledPGlite(): Promise<WebAssembly.Module> {
  compiled ??= readFile(join(pgliteDir(), 'pglite.wasm')).then((bytes) => wasmApi.compile(bytes));
  compiled.catch(() => (compiled = undefined)); // a failed read is tried again by the next boot
  return compiled;
}

/**
 * A PGlite on the cached fresh data directory (initdb when there is none). With `dataDir` (a
 * private folder of the worker's: worker-spawn.ts), the directory is written there and PGlite
 * works on it through its NodeFS, Emscripten's NODEFS mounted at PGDATA
 * (a `dataDir` path without a scheme: https://pglite.dev/docs/filesystems#node-fs;
 * packages/pglite/src/fs/nodefs.ts): its pages are
 * then the OS's page cache, not this process's memory. In memory (MEMFS), the directory (15 MB
 * fresh) grew to about 77 MB in a long session of lock traces, all of it resident. PostgreSQL
 * runs with fsync off there (`-F` in PGlite's start parameters:
 * https://www.postgresql.org/docs/current/app-postgres.html), so the disk is not waited for.
 */
export async function createPGlite(extensions: Record<string, Extension>, cacheDir: string | undefined, dataDir?: string): Promise<PGlite> {
  const pglite = loadPGlite();
  const options = { extensions, startParams: startParams(pglite), pgliteWasmModule: await compiledPGlite() };
  const cached = cachedDirFile(cacheDir);
  if (cached && existsSync(cached)) {
    try {
      const bytes = await (prepared?.file === cached ? prepared.bytes : readVerified(cached));
      prepared = undefined;
      if (bytes && dataDir) return await pglite.PGlite.create({ ...options, dataDir: onDisk(dataDir, bytes) }); // a path: NodeFS
      if (bytes) return await pglite.PGlite.create({ ...options, fs: preloadedFs(pglite, bytes) });
    } catch {
      // unreadable or from another PGlite build: boot from scratch below
    }
    rmSync(cached, { force: true });
    rmSync(`${cached}${SUM}`, { force: true });
  }
  const db = await pglite.PGlite.create({ ...options, initDbStartParams: ['--wal-segsize=1'] });
  await shrink(db);
  if (cached) saveFresh(db, pglite.PGlite.paths.PGDATA, cached);
  return db;
}

/** A fresh copy of `snapshot` in `dataDir`/pgdata, for PGlite's NodeFS (the copy a previous PGlite of the worker used is removed first). */
function onDisk(dataDir: string, snapshot: Buffer): string {
  const root = join(dataDir, 'pgdata');
  rmSync(root, { recursive: true, force: true });
  mkdirSync(root, { mode: 0o700 });
  writeDataDir(root, snapshot);
  return root;
}

/** The cached directory's file in `cacheDir`, when that is a private folder (privateDir). */
function cachedDirFile(cacheDir: string | undefined): string | undefined {
  return cacheDir && privateDir(cacheDir) ? cacheFile(cacheDir) : undefined;
}

/**
 * A fresh data directory holds 40 MB: a 16 MB WAL segment and three databases of 7.5 MB. Every
 * boot unpacks it into memory (with the gzip stream's chunks and their copy beside it), and it
 * stays there. The preview connects to `postgres` only (PGlite's default database) and skips
 * CREATE DATABASE (plan.ts), so the two templates go, and initdb makes 1 MB WAL segments
 * (`--wal-segsize`, in megabytes: https://www.postgresql.org/docs/current/app-initdb.html). The
 * directory is then 15 MB: 80 MB less at the peak of a 150-migration preview, 40 MB less after it.
 * A template must lose `datistemplate` before DROP DATABASE accepts it.
 */
async function shrink(db: PGlite): Promise<void> {
  await db.exec(`UPDATE pg_database SET datistemplate = false WHERE datname IN ('template0', 'template1')`);
  // One call each: several statements in one call form an implicit transaction, which DROP DATABASE refuses.
  for (const sql of ['DROP DATABASE template0', 'DROP DATABASE template1', 'CHECKPOINT']) await db.exec(sql);
}

/**
 * PGlite's own start parameters plus a small `shared_buffers`. PostgreSQL's default (128 MB)
 * caches pages in memory that PGlite already keeps in memory (its data directory is an in-memory
 * file system), so every touched buffer is held twice: on documenso's 163 migrations the
 * `schema` command peaked at 530 MB with the default and 390 MB with 4 MB, and ran no slower
 * (bench/preview.mjs). `startParams` replaces PGlite's list, hence the copy of its defaults.
 */
function startParams(pglite: typeof import('@electric-sql/pglite')): string[] {
  return [...pglite.PGlite.defaultStartParams, '-c', 'shared_buffers=4MB'];
}

/** The checksum recorded next to the cached directory: a file that does not match it is rebuilt, never loaded. */
const SUM = '.sha256';

async function readVerified(file: string): Promise<Buffer | undefined> {
  const [bytes, expected] = await Promise.all([readFile(file), readFile(`${file}${SUM}`, 'utf8')]);
  return createHash('sha256').update(bytes).digest('hex') === expected.trim() ? bytes : undefined;
}

function saveFresh(db: PGlite, dataDir: string, file: string): void {
  try {
    const dump = snapshotDataDir(db, dataDir);
    const tmp = `${file}.${process.pid}.tmp`;
    writeFileSync(tmp, dump, { mode: 0o600 });
    writeFileSync(`${tmp}${SUM}`, createHash('sha256').update(dump).digest('hex'), { mode: 0o600 });
    renameSync(tmp, file); // atomic: a concurrent preview never reads half a file (until the sum follows, it does not verify)
    renameSync(`${tmp}${SUM}`, `${file}${SUM}`);
    removeOtherBuilds(file);
  } catch {
    // A read-only or full cache directory only costs the next boot its speed.
  }
}

/**
 * The directories other PGlite builds or earlier layouts saved (15-40 MB each, with their
 * checksums and temporary copies): every update of the extension would otherwise leave one
 * behind. This build's own file stays, and so does a concurrent boot's temporary copy of it (its
 * name starts with the file's).
 */
function removeOtherBuilds(file: string): void {
  const dir = dirname(file);
  const own = basename(file);
  for (const name of readdirSync(dir)) if (name.startsWith('pglite-base-') && !name.startsWith(own)) rmSync(join(dir, name), { force: true });
}

/** Named after PGlite's own files, so that another PGlite build never loads this one's directory. */
function cacheFile(cacheDir: string): string | undefined {
  const dir = pgliteDir();
  try {
    const stamp = ['pglite.wasm', 'pglite.data'].map((f) => statSync(join(dir, f)).size.toString(36)).join('-');
    return join(cacheDir, `pglite-base-v3-${stamp}.bin`); // v2: the shrunk directory; v3: data-dir.ts's layout
  } catch {
    return undefined;
  }
}
