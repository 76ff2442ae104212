/** Where the preview keeps its cache (kept apart from boot.ts, which loads PGlite, so that the host need not). */
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
