/**
 * Bounds on what the tool reads from the file system: every file read goes through
 * readRegularFile (no FIFO, device or /dev/zero symlink, at most a limit of bytes) and every
 * directory walk through boundedWalkFs (at most a depth and a number of entries). Hitting a
 * bound gives a sentence for the user, never a hang.
 */
import { closeSync, constants, fstatSync, openSync, readdir, readdirSync, readSync, realpathSync, statSync, type Dirent } from 'node:fs';
import * as path from 'node:path';

/** A limit of this module was hit; the message says which and what to do. */
export class LimitError extends Error {
  override readonly name = 'LimitError';
}

/** By name, not instanceof: the CLI's bundles each hold their own copy of LimitError (see UsageError in cli/args.ts). */
export function isLimitError(e: unknown): e is LimitError {
  return e instanceof Error && e.name === 'LimitError';
}

type ReadOutcome = { ok: true; bytes: Buffer } | { ok: false; reason: string; kind: 'missing' | 'special' | 'too-large' | 'error'; size?: number };

/**
 * Reads a regular file of at most `limit` bytes. Opened non-blocking, so that a FIFO with no
 * writer does not block the open; checked on the open descriptor, so that a symlink swapped
 * after a check cannot lead to a device; read in chunks up to the limit, so that a file that
 * grows while being read (or lies about its size) is still cut off.
 */
export function readRegularFile(file: string, limit: number): ReadOutcome {
  let fd: number;
  try {
    fd = openSync(file, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return code === 'ENOENT' ? { ok: false, reason: 'no such file', kind: 'missing' } : { ok: false, reason: (e as Error).message, kind: 'error' };
  }
  try {
    const st = fstatSync(fd);
    if (!st.isFile()) return { ok: false, reason: `not a regular file (${kindOf(st)})`, kind: 'special' };
    if (st.size > limit) return { ok: false, reason: `${formatBytes(st.size)} is over the ${formatBytes(limit)} limit`, kind: 'too-large', size: st.size };
    const chunks: Buffer[] = [];
    let total = 0;
    // The first chunk holds the whole file as fstat sized it, plus one byte: a short read then
    // means the end of a regular file, and a CLI run of 700 files allocates 700 small buffers,
    // not 1,400 of 64 KB. A file that grew since is read on, in chunks, up to the limit.
    let size = Math.min(st.size + 1, limit + 1);
    for (;;) {
      const chunk = Buffer.allocUnsafe(size || 1);
      const n = readSync(fd, chunk, 0, chunk.length, null);
      if (n === 0) break;
      chunks.push(n === chunk.length ? chunk : chunk.subarray(0, n));
      total += n;
      if (total > limit) return { ok: false, reason: `more than the ${formatBytes(limit)} limit`, kind: 'too-large' };
      if (n < chunk.length) break;
      size = Math.min(64 * 1024, limit + 1 - total);
    }
    return { ok: true, bytes: chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, total) };
  } catch (e) {
    return { ok: false, reason: (e as Error).message, kind: 'error' };
  } finally {
    closeSync(fd);
  }
}

/** readRegularFile decoded as UTF-8 (invalid bytes replaced), undefined when unreadable. */
export function readTextFile(file: string, limit: number): string | undefined {
  const r = readRegularFile(file, limit);
  return r.ok ? r.bytes.toString('utf8') : undefined;
}

function kindOf(st: { isDirectory(): boolean; isFIFO(): boolean; isCharacterDevice(): boolean; isBlockDevice(): boolean; isSocket(): boolean }): string {
  if (st.isDirectory()) return 'a directory';
  if (st.isFIFO()) return 'a FIFO';
  if (st.isCharacterDevice() || st.isBlockDevice()) return 'a device';
  if (st.isSocket()) return 'a socket';
  return 'not a file';
}

export function formatBytes(n: number): string {
  return n >= 1024 * 1024 ? `${(n / 1024 / 1024).toFixed(1)} MB` : `${Math.ceil(n / 1024)} KB`;
}

/** Migrations, setup SQL and snapshots: the largest file read at all (the engine's maxFileSize applies after). */
export const MAX_SQL_READ_BYTES = 256 * 1024 * 1024;

/** Deepest folder a walk descends into, below its starting folder. */
const MAX_WALK_DEPTH = 40;
/** Most directory entries one walk looks at. */
const MAX_WALK_ENTRIES = 1_000_000;

/**
 * A file-system adapter for tinyglobby/fdir that stops descending past MAX_WALK_DEPTH folders
 * below `cwd` and returns nothing more once MAX_WALK_ENTRIES entries were listed; `exceeded()`
 * then says which bound was hit.
 */
export function boundedWalkFs(cwd: string, limits = { depth: MAX_WALK_DEPTH, entries: MAX_WALK_ENTRIES }) {
  let entries = 0;
  let hit: string | undefined;
  const links: string[] = [];
  const base = path.resolve(cwd);
  const under = base.endsWith(path.sep) ? base : base + path.sep;
  const allowed = (dir: string): boolean => {
    if (hit) return false;
    const rel = relativeTo(base, under, dir);
    const depth = rel === '' ? 0 : rel.split(path.sep).length;
    if (depth > limits.depth) {
      hit = `the folder tree under ${cwd} is more than ${limits.depth} levels deep (${rel.split(path.sep).slice(0, 3).join('/')}/…)`;
      return false;
    }
    return true;
  };
  const count = (dir: string, list: Dirent[]): Dirent[] => {
    entries += list.length;
    if (entries > limits.entries) {
      hit = `more than ${limits.entries} files and folders under ${cwd}`;
      return [];
    }
    for (const d of list) if (d.isSymbolicLink()) links.push(path.resolve(cwd, dir, d.name));
    return list;
  };
  const fs = {
    readdirSync: ((dir: string, opts: unknown) => (allowed(dir) ? count(dir, readdirSync(dir, opts as { withFileTypes: true })) : [])) as unknown as typeof readdirSync,
    readdir: ((dir: string, opts: unknown, cb: (e: NodeJS.ErrnoException | null, list: Dirent[]) => void) => {
      if (!allowed(dir)) return cb(null, []);
      readdir(dir, opts as { withFileTypes: true }, (e, list) => cb(e, e ? [] : count(dir, list)));
    }) as unknown as typeof readdir,
  };
  return {
    fs,
    /** Which bound was hit, as a sentence fragment, or undefined. */
    exceeded: () => hit,
    /** The symbolic links the walk listed (absolute paths): it does not follow them (see symlinkRefusal). */
    symlinks: () => links,
  };
}

/**
 * `dir` relative to `base` (`under`: base and a separator). The walk passes the folders it lists
 * as `base` followed by their names and a separator: those are cut, without path.relative's
 * normalizing of both paths (a folder of 160 migration folders: about 3 ms of a one-file lint).
 */
function relativeTo(base: string, under: string, dir: string): string {
  if (dir === base || dir === under) return '';
  if (dir.startsWith(under) && !/(^|[\\/])\.\.?([\\/]|$)|[\\/]{2}/.test(dir.slice(under.length))) return dir.slice(under.length).replace(/[\\/]$/, '');
  return path.relative(base, path.resolve(base, dir));
}

/** Throws LimitError when a walk hit its bound. */
export function checkWalk(exceeded: string | undefined, what: string): void {
  if (exceeded) throw new LimitError(`${what} stopped: ${exceeded}. Narrow the "migrations" globs or add the folder to "exclude".`);
}

/**
 * Where `file` really is when that is outside `workspace` (both with symlinks resolved), or
 * undefined when it is inside or does not exist (a missing file is reported by its reader).
 */
export function leavesWorkspace(file: string, workspace: string): string | undefined {
  // realpath(3), one call, where fs.realpathSync resolves the path in JavaScript, an lstat per
  // folder of it (https://nodejs.org/docs/latest-v20.x/api/fs.html#fsrealpathsyncnativepath-options):
  // `lint <715 files>` asked it twice per file, 3 % of the run (CPU profile).
  let real: string;
  try {
    real = realpathSync.native(file);
  } catch {
    return undefined;
  }
  let root: string;
  try {
    root = realpathSync.native(workspace);
  } catch {
    root = path.resolve(workspace);
  }
  const rel = path.relative(root, real);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel)) ? undefined : real;
}

/**
 * Why a migration at `file` must not be read: it lies inside `workspace` by its name but really
 * outside it, through a symbolic link (the message names the target; a secret outside the
 * workspace would otherwise end up in a syntax error on a CI log). Undefined otherwise, also for
 * a path named outside the workspace (the user typed it).
 */
export function symlinkRefusal(file: string, workspace: string): string | undefined {
  const rel = path.relative(path.resolve(workspace), path.resolve(file));
  if (rel.startsWith('..') || path.isAbsolute(rel)) return undefined;
  const outside = leavesWorkspace(file, workspace);
  return outside && `leads outside the workspace (to ${outside}) through a symbolic link: refused, not read`;
}

/** "not a regular file (a FIFO)" and the like for an existing path that is no regular file; undefined otherwise. */
export function notRegular(file: string): string | undefined {
  try {
    const st = statSync(file);
    return st.isFile() ? undefined : `not a regular file (${kindOf(st)})`;
  } catch {
    return undefined;
  }
}

/**
 * Where `p` would really be: the real path of its nearest existing ancestor (symlinks resolved)
 * with the missing rest appended. A folder still to be created through a symlinked parent lands
 * where the symlink points.
 */
export function realLocation(p: string): string {
  const rest: string[] = [];
  let at = path.resolve(p);
  for (;;) {
    try {
      return path.join(realpathSync(at), ...rest.reverse());
    } catch {
      const parent = path.dirname(at);
      if (parent === at) return path.resolve(p);
      rest.push(path.basename(at));
      at = parent;
    }
  }
}

/** Whether `p` (really, see realLocation) is `root` or inside it (really). */
export function staysInside(p: string, root: string): boolean {
  const rel = path.relative(realLocation(root), realLocation(p));
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}
