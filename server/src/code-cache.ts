/**
 * Loading a bundle with V8's code cache: `lint`'s (dist/cli-lint.js, cli/lint-bundle.ts) and the
 * language server's (dist/server-main.js, server-start.ts). Node 20 has no compile cache of its own
 * (module.enableCompileCache arrived in Node 22.1:
 * https://nodejs.org/api/module.html#moduleenablecompilecachecachedir), and Node's cache, where
 * there is one, is made as a module is compiled, before its functions run. vm.Script takes
 * the cache V8 produced for the same source (`cachedData`, `createCachedData()`:
 * https://nodejs.org/docs/latest-v20.x/api/vm.html#scriptcreatecacheddata) and rejects one made
 * by another V8 version, other flags or a source of another length (`cachedDataRejected`).
 *
 * The cache is made when the caller says, once the process has run what it runs at every start
 * (lint: as the run ends; the server: once its warm-up is done), so that it holds the functions
 * compiled until then, not only the bundle's top level: V8 compiles a function lazily, from
 * source, when it is first called. It is made and read under the same V8 flags (lint's:
 * lint-flags.ts; the server's: SERVER_NODE_FLAGS): V8 stamps a cache with the flags it was made
 * under and rejects it under others. It is written once per build, by the first run (a later run
 * that reaches more functions does not add them). It lives in this user's private cache folder (a
 * planted cache is code that would run), named after the bundle's size and time and V8's version,
 * so that a rebuilt bundle never reads the old one.
 */
import { readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { Script } from 'node:vm';
import { isMainThread } from 'node:worker_threads';
import { privateDir } from './cache-dir';
import { CjsModule } from './cjs-module';
import { readUtf8 } from './cli/read-utf8';

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
