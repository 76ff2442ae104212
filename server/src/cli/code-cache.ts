/**
 * Loading `lint`'s bundle (dist/cli-lint.js, 740 KB) with V8's code cache. Node 20 has no compile
 * cache of its own (module.enableCompileCache arrived in Node 22.1:
 * https://nodejs.org/api/module.html#moduleenablecompilecachecachedir), and compiling the bundle
 * at every start cost about 8 % of a one-file lint's instructions (callgrind). vm.Script takes
 * the cache V8 produced for the same source (`cachedData`, `createCachedData()`:
 * https://nodejs.org/docs/latest-v20.x/api/vm.html#scriptcreatecacheddata) and rejects one made
 * by another V8 version, other flags or a source of another length (`cachedDataRejected`).
 *
 * The cache is made when the run ends, so that it holds the functions the run compiled (set
 * detection, the rules, the schema events and timeline: about 10 ms of a one-file lint's CPU when
 * compiled from source at each start), not only the bundle's top level. It is made and read under
 * lint's V8 flags (lint-flags.ts), set before the bundle loads: V8 stamps a cache with the flags it
 * was made under and rejects it under others. It is written once per build, by the first run
 * (a later run that reaches more functions does not add them). It lives in this user's private
 * cache folder (a planted cache is code that would run), named after the bundle's size and time
 * and V8's version, so that a rebuilt bundle never reads the old one.
 */
import { readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import { Script } from 'node:vm';
import { isMainThread } from 'node:worker_threads';
import { privateDir, userCacheDir } from '../cache-dir';
import { CjsModule } from '../cjs-module';
import { readUtf8 } from './read-utf8';
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

/**
 * Loads a CommonJS bundle as require() would and registers it in require's cache, so that the
 * require() calls that follow get it. Nothing happens when the bundle is not there (the sources run
 * unbundled, under tsx) or the cache folder is not private: require() then loads it as usual.
 * Returns what writes the cache, with the functions compiled until it is called, when there was
 * no usable one and this is the main thread.
 */
export function preloadWithCodeCache(bundle: string, cacheDir: string): (() => void) | undefined {
  const name = basename(bundle, '.js');
  let source: string;
  let cacheFile: string;
  try {
    const st = statSync(bundle);
    const dir = join(cacheDir, 'code');
    if (!privateDir(dir)) return undefined;
    cacheFile = join(dir, `${name}-${st.size.toString(36)}-${Math.trunc(st.mtimeMs).toString(36)}-${process.versions.v8}-${process.arch}.bin`);
    source = readUtf8(bundle);
  } catch {
    return undefined;
  }
  let cachedData: Buffer | undefined;
  try {
    cachedData = readFileSync(cacheFile);
  } catch {
    // first run of this build
  }
  // Node's own wrapper, on the first line so that stack traces keep the bundle's line numbers.
  const script = new Script(`(function (exports, require, module, __filename, __dirname) { ${source}\n})`, { filename: bundle, cachedData });
  const mod = new CjsModule(bundle, module);
  mod.filename = bundle;
  mod.paths = [];
  (script.runInThisContext() as (...args: unknown[]) => void).call(mod.exports, mod.exports, CjsModule.createRequire(bundle), mod, bundle, dirname(bundle));
  mod.loaded = true;
  require.cache[bundle] = mod;
  // The main thread writes it; lint's worker thread (parallel.ts), under the same flags, reads it
  // (the real-history corpus on two threads: about 5 % less CPU and 3 MB less at the peak).
  if (!isMainThread || (cachedData && !script.cachedDataRejected)) return undefined;
  return () => save(cacheFile, script.createCachedData(), name);
}

/** Written whole (a temporary file renamed), the other builds' caches of the bundle removed; a failure only costs the next run its speed. */
function save(file: string, data: Buffer, bundleName: string): void {
  const tmp = `${file}.${process.pid}.tmp`;
  try {
    writeFileSync(tmp, data, { mode: 0o600 });
    renameSync(tmp, file);
    for (const name of readdirSync(dirname(file))) if (name.startsWith(`${bundleName}-`) && name.endsWith('.bin') && join(dirname(file), name) !== file) rmSync(join(dirname(file), name), { force: true });
  } catch {
    rmSync(tmp, { force: true });
  }
}
