/**
 * Where Migration Lens keeps its caches (the preview's PGlite data directory, lint's history
 * events), kept apart from boot.ts, which loads PGlite, so that the host and the CLI need not.
 */
import { chmodSync, lstatSync, mkdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { isAbsolute, join } from 'node:path';

/**
 * This user's cache folder for Migration Lens: XDG_CACHE_HOME or ~/.cache on Linux,
 * ~/Library/Caches on macOS, %LOCALAPPDATA% on Windows (never a shared temporary folder).
 */
export function userCacheDir(): string {
  const home = homedir();
  const base =
    process.platform === 'win32'
      ? (process.env.LOCALAPPDATA ?? join(home, 'AppData', 'Local'))
      : process.platform === 'darwin'
        ? join(home, 'Library', 'Caches')
        : process.env.XDG_CACHE_HOME && isAbsolute(process.env.XDG_CACHE_HOME)
          ? process.env.XDG_CACHE_HOME
          : join(home, '.cache');
  return join(base, 'migration-lens');
}

/**
 * A cache folder, created private (0700) and checked to be this user's own real folder: in a
 * shared or world-writable place another local user could plant a data directory that previews
 * would then run against, or schema events that would silence lint's schema rules.
 */
export function privateDir(dir: string): boolean {
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const st = lstatSync(dir);
    if (!st.isDirectory()) return false;
    if (process.platform === 'win32') return true;
    if (typeof process.getuid === 'function' && st.uid !== process.getuid()) return false;
    if ((st.mode & 0o077) !== 0) chmodSync(dir, 0o700);
    return (lstatSync(dir).mode & 0o077) === 0;
  } catch {
    return false;
  }
}
