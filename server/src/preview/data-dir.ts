/**
 * PGlite's fresh data directory as one flat file (the cache boot.ts keeps), written straight into
 * and read straight out of PGlite's in-memory file system, or written as files into a folder on
 * disk for PGlite's NodeFS. PGlite's own way (dumpDataDir, then
 * loadDataDir) goes through a gzipped tar in a Blob: copied into the Blob, out of it, unzipped,
 * untarred and copied once more per file, which took about half of a cold boot.
 *
 * Layout: a 4-byte little-endian length, that many bytes of JSON ({ dirs, files }), then the
 * files' bytes in order. A file's trailing zeros are not stored (the 16 MB WAL segment is mostly
 * zeros): it is allocated at its full size and only its stored prefix is copied.
 */
import { closeSync, ftruncateSync, mkdirSync, openSync, writeSync } from 'node:fs';
import type { PGlite } from '@electric-sql/pglite';

/** The part of Emscripten's FS API (PGlite's `Module.FS`) used here; PGlite types it from @types/emscripten, which is not installed. */
interface EmscriptenFs {
  mkdirTree(path: string): void;
  readdir(path: string): string[];
  stat(path: string): { mode: number; size: number };
  isDir(mode: number): boolean;
  readFile(path: string): Uint8Array;
  writeFile(path: string, data: Uint8Array, opts: { canOwn: boolean }): void;
}

interface Index {
  /** Directories under the data directory, parents first ('/base'). */
  dirs: string[];
  /** [path, size, stored bytes] per file, in the order of their bytes. */
  files: [string, number, number][];
}

const fsOf = (db: PGlite): EmscriptenFs => db.Module.FS as unknown as EmscriptenFs;

/** The data directory of a running PGlite, as one buffer. */
export function snapshotDataDir(db: PGlite, dataDir: string): Buffer {
  const fs = fsOf(db);
  const index: Index = { dirs: [], files: [] };
  const chunks: Uint8Array[] = [];
  const walk = (rel: string): void => {
    for (const name of fs.readdir(dataDir + rel)) {
      if (name === '.' || name === '..') continue;
      const path = `${rel}/${name}`;
      if (fs.isDir(fs.stat(dataDir + path).mode)) {
        index.dirs.push(path);
        walk(path);
        continue;
      }
      const data = fs.readFile(dataDir + path);
      let stored = data.length;
      while (stored > 0 && data[stored - 1] === 0) stored--;
      index.files.push([path, data.length, stored]);
      chunks.push(data.subarray(0, stored));
    }
  };
  walk('');
  const json = Buffer.from(JSON.stringify(index));
  const length = Buffer.alloc(4);
  length.writeUInt32LE(json.length);
  return Buffer.concat([length, json, ...chunks]);
}

/**
 * Writes a snapshot into PGlite's file system at `dataDir`, before PostgreSQL starts. A file whose
 * bytes are all stored is handed over without a copy (`canOwn`, as PGlite's own file-system
 * backends load files: packages/pglite/src/fs, writeFile(..., { canOwn: true })); it views the
 * snapshot's buffer, which PostgreSQL may then write into.
 */
export function restoreDataDir(fs: EmscriptenFs, dataDir: string, snapshot: Uint8Array): void {
  fs.mkdirTree(dataDir);
  const { dirs, files } = readSnapshot(snapshot);
  for (const dir of dirs) fs.mkdirTree(dataDir + dir);
  for (const { path, size, stored } of files) {
    let data = stored;
    if (stored.length < size) {
      data = new Uint8Array(size); // zero-filled: the trailing zeros that were not stored
      data.set(stored);
    }
    fs.writeFile(dataDir + path, data, { canOwn: true });
  }
}

/** Writes a snapshot as files into `root` on disk (an existing, empty folder); a file's trailing zeros are a hole (ftruncate). */
export function writeDataDir(root: string, snapshot: Uint8Array): void {
  const { dirs, files } = readSnapshot(snapshot);
  for (const dir of dirs) mkdirSync(root + dir, { mode: 0o700 });
  for (const { path, size, stored } of files) {
    const fd = openSync(root + path, 'wx', 0o600);
    try {
      writeSync(fd, stored);
      ftruncateSync(fd, size);
    } finally {
      closeSync(fd);
    }
  }
}

/** A snapshot's folders (parents first) and files, each with its stored bytes (a view into the snapshot). */
function readSnapshot(snapshot: Uint8Array): { dirs: string[]; files: { path: string; size: number; stored: Uint8Array }[] } {
  const view = new DataView(snapshot.buffer, snapshot.byteOffset, snapshot.byteLength);
  const jsonLength = view.getUint32(0, true);
  const index = JSON.parse(Buffer.from(snapshot.buffer, snapshot.byteOffset + 4, jsonLength).toString('utf8')) as Index;
  let at = 4 + jsonLength;
  const files = index.files.map(([path, size, stored]) => {
    if (at + stored > snapshot.length) throw new Error('data directory snapshot: truncated');
    const bytes = snapshot.subarray(at, (at += stored));
    return { path, size, stored: bytes };
  });
  return { dirs: index.dirs, files };
}

/** A file system for PGlite.create that holds `snapshot` as its data directory when PostgreSQL starts. */
export function preloadedFs(pglite: typeof import('@electric-sql/pglite'), snapshot: Uint8Array): InstanceType<typeof pglite.MemoryFS> {
  return new (class extends pglite.MemoryFS {
    // PGlite calls this after creating its Emscripten module and before starting PostgreSQL,
    // which then finds PG_VERSION and starts on the directory as it is (pglite.ts, #init).
    override async initialSyncFs(): Promise<void> {
      restoreDataDir(fsOf(this.pg!), pglite.PGlite.paths.PGDATA, snapshot);
    }
  })();
}
