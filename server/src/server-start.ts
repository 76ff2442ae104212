/**
 * Entry point of the language server (bundled to dist/server.js, which the client starts): it loads
 * the server itself (server.ts, bundled apart to dist/server-main.js) with V8's code cache
 * (code-cache.ts), kept in this user's cache folder. V8 compiles a function from source when it is
 * first called, so a fresh server compiled the bundle and then, during its first document's lint,
 * every function that lint runs. The cache is written once per build, when the warm-up (lsp/warm-up.ts)
 * has linted the rules' examples in idle turns, so that it holds what a lint runs; later sessions
 * read it. Unbundled (under tsx) the server is required as usual, without the cache.
 *
 * VS Code starts the server on the Node of its own runtime (code-server 4.100.3, VS Code 1.100,
 * requires Node 20 in its package.json), where Node has no compile cache of its own
 * (module.enableCompileCache arrived in Node 22.1: https://nodejs.org/api/module.html#moduleenablecompilecachecachedir),
 * and Node's cache would hold the bundle as compiled, before its functions ran. Fresh servers over
 * stdio, a 200-line migration opened at once (36 alternating pairs, load average 2-5, 2026-12-03
 * 16:28-16:41): the server's CPU time until the first diagnostics 500 against 555 ms (lower in 28
 * pairs), spawn to diagnostics 533 against 566 ms (lower in 26); the session that writes the cache
 * pays about 50 ms more than without it (12 pairs).
 */
import { join } from 'node:path';
import { userCacheDir } from './cache-dir';
import { preloadWithCodeCache } from './code-cache';

const save = preloadWithCodeCache(join(__dirname, 'server-main.js'), userCacheDir());
// The bundle registered by the preload, or the sources (the build maps this require to ./server-main.js).
// eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded after the preload (see above)
const server = require('./server') as typeof import('./server');
if (save) server.afterWarmUp(save);
