/**
 * `lint` loads its bundle with V8's code cache (code-cache.ts, as the language server does its own): the bundle runs as require()
 * would run it, its cache is written privately once per build, and a rebuilt bundle replaces it.
 */
import { strict as assert } from 'node:assert';
import { mkdirSync, readdirSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import { preloadWithCodeCache } from '../../../server/src/code-cache';
import { cleanScratch, scratchDir } from './run';

function bundle(dir: string, value: number): string {
  const file = path.join(dir, 'cli-lint.js');
  writeFileSync(file, `"use strict";\nmodule.exports = { value: ${value}, file: __filename, dir: __dirname, line: new Error().stack.split('\\n')[1] };\n`);
  return file;
}

describe('CLI: lint\'s bundle loaded with V8\'s code cache', () => {
  after(cleanScratch);

  it('runs the bundle as require() does and registers it, so that require() returns the same module', () => {
    const dir = scratchDir();
    const file = bundle(dir, 1);
    assert.equal(typeof preloadWithCodeCache(file, path.join(dir, 'cache')), 'function', 'no cache yet: one to write');
    const loaded = require.cache[file]!.exports as { value: number; file: string; dir: string; line: string };
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- what the CLI bundle's require() of it returns
    assert.equal(require(file), loaded);
    assert.deepEqual({ value: loaded.value, file: loaded.file, dir: loaded.dir }, { value: 1, file, dir });
    assert.match(loaded.line, /cli-lint\.js:2:/, 'stack traces keep the bundle\'s line numbers');
    delete require.cache[file];
  });

  it('reads the bundle as UTF-8: a character beyond ASCII in it keeps its meaning', () => {
    const dir = scratchDir();
    const file = path.join(dir, 'cli-lint.js');
    // Written as UTF-8: two, three and four bytes per character.
    writeFileSync(file, '"use strict";\nmodule.exports = { text: "d\u00e9j\u00e0 \u2192 \ud83d\ude00" };\n');
    preloadWithCodeCache(file, path.join(dir, 'cache'));
    assert.equal((require.cache[file]!.exports as { text: string }).text, 'd\u00e9j\u00e0 \u2192 \ud83d\ude00');
    delete require.cache[file];
  });

  it('writes the cache once, privately, when asked (as the run ends), and replaces it when the bundle is rebuilt', () => {
    const dir = scratchDir();
    const cache = path.join(dir, 'cache');
    const file = bundle(dir, 1);
    const save = preloadWithCodeCache(file, cache);
    delete require.cache[file];
    assert.deepEqual(readdirSync(cache).filter((n) => n === 'code').flatMap((n) => readdirSync(path.join(cache, n))), [], 'nothing written before it is asked');
    save!();
    const first = readdirSync(path.join(cache, 'code'));
    assert.equal(first.length, 1);
    assert.equal(statSync(path.join(cache, 'code')).mode & 0o777, 0o700);
    assert.equal(statSync(path.join(cache, 'code', first[0])).mode & 0o777, 0o600);
    const written = statSync(path.join(cache, 'code', first[0])).mtimeMs;
    assert.equal(preloadWithCodeCache(file, cache), undefined, 'an accepted cache is not written again');
    delete require.cache[file];
    assert.equal(statSync(path.join(cache, 'code', first[0])).mtimeMs, written);
    bundle(dir, 12345);
    preloadWithCodeCache(file, cache)!();
    assert.equal((require.cache[file]!.exports as { value: number }).value, 12345);
    delete require.cache[file];
    const second = readdirSync(path.join(cache, 'code'));
    assert.equal(second.length, 1);
    assert.notEqual(second[0], first[0]);
  });

  it('holds the functions the run compiled before it was written, not only the top level', () => {
    const sizeAfter = (call: boolean) => {
      const dir = scratchDir();
      const file = path.join(dir, 'cli-lint.js');
      // A function V8 compiles only when it is first called (lazily): its bytecode is in the cache once it ran.
      const body = Array.from({ length: 200 }, (_, i) => `  total += String(n + ${i}).length;`).join('\n');
      writeFileSync(file, `"use strict";\nmodule.exports = { later(n) {\n  let total = 0;\n${body}\n  return total;\n} };\n`);
      const save = preloadWithCodeCache(file, path.join(dir, 'cache'))!;
      if (call) (require.cache[file]!.exports as { later(n: number): number }).later(1);
      delete require.cache[file];
      save();
      const [name] = readdirSync(path.join(dir, 'cache', 'code'));
      return statSync(path.join(dir, 'cache', 'code', name)).size;
    };
    assert.ok(sizeAfter(true) > sizeAfter(false) + 1000, 'the function that ran is in the cache');
  });

  it('a worker thread reads the cache the main thread wrote and never writes one', async () => {
    const dir = scratchDir();
    const cache = path.join(dir, 'cache');
    const file = bundle(dir, 7);
    const inWorker = () => new Promise<{ value: number; writer: boolean }>((resolve, reject) => {
      const code = `require('tsx/cjs'); const { workerData, parentPort } = require('node:worker_threads');
        const { preloadWithCodeCache } = require(workerData.module);
        const writer = preloadWithCodeCache(workerData.file, workerData.cache);
        parentPort.postMessage({ value: require.cache[workerData.file].exports.value, writer: typeof writer === 'function' });`;
      const worker = new Worker(code, { eval: true, workerData: { module: path.resolve(__dirname, '../../../server/src/code-cache.ts'), file, cache } });
      worker.once('message', resolve);
      worker.once('error', reject);
    });
    assert.deepEqual(await inWorker(), { value: 7, writer: false }, 'no cache yet: the worker loads the bundle and leaves the writing to the main thread');
    assert.deepEqual(readdirSync(cache).filter((n) => n === 'code').flatMap((n) => readdirSync(path.join(cache, n))), []);
    preloadWithCodeCache(file, cache)!();
    delete require.cache[file];
    const written = readdirSync(path.join(cache, 'code'));
    assert.deepEqual(await inWorker(), { value: 7, writer: false });
    assert.deepEqual(readdirSync(path.join(cache, 'code')), written);
  });

  it('loads nothing when the bundle is absent (the sources run unbundled) or the cache folder is not private', () => {
    const dir = scratchDir();
    preloadWithCodeCache(path.join(dir, 'cli-lint.js'), path.join(dir, 'cache'));
    assert.equal(require.cache[path.join(dir, 'cli-lint.js')], undefined);
    const file = bundle(dir, 1);
    mkdirSync(path.join(dir, 'other'));
    mkdirSync(path.join(dir, 'linked'));
    symlinkSync(path.join(dir, 'other'), path.join(dir, 'linked', 'code'));
    preloadWithCodeCache(file, path.join(dir, 'linked'));
    assert.equal(require.cache[file], undefined);
    assert.deepEqual(readdirSync(path.join(dir, 'other')), []);
  });
});
