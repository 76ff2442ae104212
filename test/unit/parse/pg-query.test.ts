/**
 * The parser's compiled WebAssembly is shared with the CLI's worker thread (cli/parallel.ts): the
 * worker instantiates the module it is given instead of reading and compiling the file again.
 */
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import { parserModule } from '../../../server/src/parse/pg-query';

/** Loads the parser in a worker thread where reading any .wasm file throws; its answer: the statements of `SELECT 1`, or the error. */
function parseInWorker(compiled: WebAssembly.Module | undefined): Promise<number | string> {
  const code = `require('tsx/cjs');
    const fs = require('node:fs');
    const fsp = require('node:fs/promises');
    const { workerData, parentPort } = require('node:worker_threads');
    for (const [mod, name] of [[fs, 'readFileSync'], [fs, 'readFile'], [fsp, 'readFile']]) {
      const real = mod[name];
      mod[name] = (p, ...rest) => { if (String(p).endsWith('.wasm')) throw new Error('read ' + p); return real.call(mod, p, ...rest); };
    }
    const { loadModule, parseSync } = require(workerData.module);
    loadModule(workerData.compiled).then(() => parentPort.postMessage(parseSync('SELECT 1').stmts.length), (e) => parentPort.postMessage(String(e)));`;
  const worker = new Worker(code, { eval: true, workerData: { module: path.resolve(__dirname, '../../../server/src/parse/pg-query.ts'), compiled } });
  return new Promise<number | string>((resolve, reject) => {
    worker.once('message', resolve);
    worker.once('error', reject);
  }).finally(() => void worker.terminate());
}

describe('pg-query: the compiled parser module', function () {
  this.timeout(60_000);

  it('a worker thread parses with the module this thread compiled, without reading the .wasm file', async () => {
    assert.equal(await parseInWorker(await parserModule()), 1);
  });

  it('without a module, the worker reads the .wasm file itself (what the check above rules out)', async () => {
    assert.match(String(await parseInWorker(undefined)), /read .*libpg-query\.wasm/);
  });
});
