/**
 * The migration sets detected around the files `lint <files>` names, kept on disk between runs:
 * finding a 163-migration Prisma set lists 164 folders and matches their entries, about 20 ms of
 * a one-file lint beside its history (CPU profile), at every pre-commit hook. An entry holds what
 * detection read (layout/fs-probes.ts: each folder listed, file read and path whose existence it
 * asked) with each one's status (inode, size, modification and change times, in nanoseconds) taken
 * just before the read; a run uses the entry only when every one of them is unchanged, which
 * costs one stat(2) each. A folder's times change when an entry is added, removed or renamed in
 * it, as git's untracked cache relies on (https://git-scm.com/docs/git-update-index#_untracked_cache).
 *
 * A status taken within SETTLE_MS of a change can miss a second change made within the same tick
 * of the file system's clock (git's "racy" entries: https://git-scm.com/docs/racy-git): a
 * detection that read such a path is not kept, and the next run detects again.
 *
 * One file per workspace (cache-file.ts), V8's serialization of the entries (it keeps the objects
 * the sets share, as `parts` do, and reads back what JSON would not: https://nodejs.org/docs/latest-v20.x/api/v8.html#serialization-api).
 */
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { deserialize, serialize } from 'node:v8';
import type { ResolvedConfig } from '../config-model';
import { withProbes } from '../layout/fs-probes';
import type { MigrationSet } from '../layout/types';
import { workspaceCacheFile, writeCacheFile } from './cache-file';

const FOLDER = 'lint-sets';
/** Detections kept per workspace (a hook lints whichever files a commit holds), the most recent first. */
const MAX_ENTRIES = 8;
/** A path changed less than this long before it was read makes the detection racy (FAT keeps times to 2 s). */
const SETTLE_MS = 5_000;

interface Entry {
  /** The workspace, the configuration and the files the sets were detected for. */
  key: string;
  /** Each path detection read, with its status just before (statusOf). */
  probes: [string, string][];
  sets: MigrationSet[];
}

export class SetsCache {
  private constructor(
    private readonly file: string | undefined,
    private readonly now: () => number,
  ) {}

  /** The cache of the workspace `root` in `cacheDir`; `now` is the clock racy statuses are judged by. */
  static open(cacheDir: string, root: string, now: () => number = Date.now): SetsCache {
    return new SetsCache(workspaceCacheFile(join(cacheDir, FOLDER), root, '.bin'), now);
  }

  /** The sets `detect` finds for this workspace, configuration and files: from the cache while nothing it read has changed. */
  detect(root: string, config: ResolvedConfig, files: readonly string[], detect: () => MigrationSet[]): MigrationSet[] {
    if (!this.file) return detect();
    const key = JSON.stringify([root, config, files]);
    const entries = readEntries(this.file);
    const hit = entries.find((e) => e.key === key);
    if (hit && hit.probes.every(([path, status]) => statusOf(path) === status)) return hit.sets;
    const probes = new Map<string, string>();
    const sets = withProbes((path) => {
      if (!probes.has(path)) probes.set(path, statusOf(path));
    }, detect);
    if (!this.racy(probes.values())) {
      const kept = [{ key, probes: [...probes], sets }, ...entries.filter((e) => e.key !== key)].slice(0, MAX_ENTRIES);
      writeCacheFile(this.file, serialize(kept));
    }
    return sets;
  }

  /** Whether a status read changed within SETTLE_MS of now (or in the future: another clock). */
  private racy(statuses: Iterable<string>): boolean {
    const settled = BigInt(this.now() - SETTLE_MS) * 1_000_000n;
    for (const status of statuses) {
      const [, , , mtime, ctime] = status.split(':');
      if (mtime !== undefined && (BigInt(mtime) >= settled || BigInt(ctime) >= settled)) return true;
    }
    return false;
  }
}

/** `dev:ino:size:mtimeNs:ctimeNs`, `none` for a path that does not exist, `error:<code>` for one that cannot be read. */
function statusOf(path: string): string {
  try {
    const st = statSync(path, { bigint: true, throwIfNoEntry: false });
    return st ? `${st.dev}:${st.ino}:${st.size}:${st.mtimeNs}:${st.ctimeNs}` : 'none';
  } catch (e) {
    return `error:${(e as NodeJS.ErrnoException).code}`;
  }
}

function readEntries(file: string): Entry[] {
  try {
    const entries: unknown = deserialize(readFileSync(file));
    return Array.isArray(entries) ? (entries as Entry[]) : [];
  } catch {
    return []; // none yet, or unreadable: detected again
  }
}
