/**
 * `lint`'s start from its bundle (dist/cli-lint.js, 740 KB) with V8's code cache (code-cache.ts):
 * compiling the bundle at every start cost about 8 % of a one-file lint's instructions (callgrind),
 * and the functions the run compiles (set detection, the rules, the schema events and timeline)
 * about 10 ms of a one-file lint's CPU when compiled from source at each start.
 */
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { userCacheDir } from '../cache-dir';
import { preloadWithCodeCache } from '../code-cache';
import { setLintFlags } from './lint-flags';

/**
 * `lint`'s start from the CLI bundle in `distDir`: its V8 flags set, its bundle loaded with the
 * code cache, the cache written as the process exits when there was none; returns this user's cache folder.
 */
export function startLintBundle(distDir: string): string {
  const cacheDir = userCacheDir();
  // What every run loads anyway loads before the flags change, with its built-in modules' code
  // cache (lint-flags.ts): the output streams (`net` for a pipe) and util.parseArgs (args.ts).
  void [process.stdout, process.stderr, parseArgs];
  setLintFlags();
  const save = preloadWithCodeCache(join(distDir, 'cli-lint.js'), cacheDir);
  if (save) process.once('exit', save);
  return cacheDir;
}
