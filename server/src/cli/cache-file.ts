/**
 * The files of lint's per-workspace caches (history-cache.ts, sets-cache.ts): one file per
 * workspace in a folder of this user's private cache folder (cache-dir.ts: another local user
 * could otherwise plant what silences the rules), named after the running build so that another
 * version's never read, written whole (a temporary file renamed).
 */
import { readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { privateDir } from '../cache-dir';
import { TOOL_VERSION } from './tool';

/** Files kept per folder, the most recently written: workspaces linted once (a temporary copy) are not kept forever. */
const MAX_FILES = 16;

/** The workspace `root`'s file in `dir` (ending in `ext`); undefined when the folder is not private or the build cannot be told apart. */
export function workspaceCacheFile(dir: string, root: string, ext: string): string | undefined {
  const build = buildStamp();
  return build && privateDir(dir) ? join(dir, `${build}-${nameOf(root)}${ext}`) : undefined;
}

/** Writes the file atomically (a concurrent run reads the old file or the new one); a failure only costs the next run its speed. */
export function writeCacheFile(file: string, data: string | Uint8Array): void {
  const tmp = `${file}.${process.pid}.tmp`;
  try {
    writeFileSync(tmp, data, { mode: 0o600 });
    renameSync(tmp, file);
    prune(file);
  } catch {
    rmSync(tmp, { force: true });
  }
}

/**
 * The workspace's part of the file name: two 32-bit FNV-1a hashes of its path. Two workspaces
 * whose names collide only share a file (its entries say what they were computed from).
 */
function nameOf(root: string): string {
  let a = 0x811c9dc5;
  let b = 0x01000193;
  for (let i = 0; i < root.length; i++) {
    a = Math.imul(a ^ root.charCodeAt(i), 0x01000193);
    b = Math.imul(b ^ root.charCodeAt(root.length - 1 - i), 0x01000193);
  }
  return `${(a >>> 0).toString(16).padStart(8, '0')}${(b >>> 0).toString(16).padStart(8, '0')}`;
}

/**
 * The running build: the version and this module's file (the CLI bundle), by size and time,
 * so that a rebuilt engine whose results may differ never reads the old ones.
 */
function buildStamp(): string | undefined {
  try {
    const st = statSync(__filename);
    return `v2-${TOOL_VERSION}-${st.size.toString(36)}-${Math.trunc(st.mtimeMs).toString(36)}`;
  } catch {
    return undefined;
  }
}

/** Files of the same workspace written by other builds are never read again; beyond MAX_FILES, the oldest go. */
function prune(file: string): void {
  const dir = dirname(file);
  const ext = file.slice(file.lastIndexOf('.'));
  const workspace = file.slice(file.lastIndexOf('-'));
  const others = readdirSync(dir)
    .filter((name) => name.endsWith(ext) && join(dir, name) !== file)
    .map((name) => join(dir, name));
  const stale = others.filter((f) => f.endsWith(workspace));
  const rest = others.filter((f) => !f.endsWith(workspace)).map((f) => ({ f, t: mtimeOf(f) })).sort((a, b) => b.t - a.t);
  for (const f of [...stale, ...rest.slice(MAX_FILES - 1).map((x) => x.f)]) rmSync(f, { force: true });
}

function mtimeOf(file: string): number {
  try {
    return statSync(file).mtimeMs;
  } catch {
    return 0;
  }
}
