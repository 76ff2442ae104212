/**
 * Seeded mutations of a realistic migration (and, in the full run, of the regression files):
 * the engine answers every one with findings inside the text, and the live server keeps
 * publishing for a stream of them.
 */
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { lintText } from '../../server/src/engine';
import { initParser } from '../../server/src/parse/parser';
import { LspClient, TempWorkspace } from '../protocol/client';
import { assertDiagnosticsInside, assertFindingsInside } from './checks';
import { FULL, regressCorpus } from './corpus';
import { mutations } from './mutate';

const BASE = readFileSync(path.join(__dirname, 'base-migration.sql'), 'utf8');
const ENGINE_COUNT = FULL ? 50_000 : 5_000;
const SERVER_COUNT = FULL ? 2_000 : 300;
/** Far above the few milliseconds a 2 KB file takes: only a super-linear blow-up gets here. */
const SLOW_MS = 2_000;

describe('robustness: mutated migrations', function () {
  before(() => initParser());

  it(`the engine answers ${ENGINE_COUNT} mutations of a migration`, function () {
    this.timeout(FULL ? 900_000 : 60_000);
    let withFindings = 0;
    for (const { seed, text } of mutations(BASE, ENGINE_COUNT, 1)) {
      const t0 = performance.now();
      const result = lintText(text, { path: 'migrations/0042_orders.sql' });
      const ms = performance.now() - t0;
      assert.ok(ms < SLOW_MS, `seed ${seed}: ${ms.toFixed(0)} ms`);
      assertFindingsInside(result.findings, text, `seed ${seed}`);
      if (result.findings.length) withFindings++;
    }
    // The base migration has findings; mutants losing them all would mean the engine gave up.
    assert.ok(withFindings > ENGINE_COUNT * 0.9, `${withFindings} of ${ENGINE_COUNT} mutants have findings`);
  });

  it('the engine answers mutations of every regression file (full run only)', function () {
    if (!FULL) this.skip();
    this.timeout(1_800_000);
    const corpus = regressCorpus();
    if ('skip' in corpus) this.skip();
    for (const [i, file] of corpus.files.entries()) {
      const base = readFileSync(file, 'utf8');
      for (const { seed, text } of mutations(base, 20, 100_000 * (i + 1))) {
        assertFindingsInside(lintText(text, { path: `migrations/${path.basename(file)}` }).findings, text, `${path.basename(file)} seed ${seed}`);
      }
    }
  });

  it(`the language server answers ${SERVER_COUNT} mutations typed into one document`, async function () {
    this.timeout(FULL ? 900_000 : 90_000);
    const ws = new TempWorkspace();
    const client = await LspClient.start({ workspaceUri: ws.uri, settings: { debounceMs: 0 } });
    try {
      const uri = ws.uriOf('migrations/0042_orders.sql');
      await client.open(uri, BASE);
      await client.waitForDiagnostics(uri, (p) => p.version === 1);
      for (const { seed, text } of mutations(BASE, SERVER_COUNT, 7_000_000)) {
        const since = client.mark(uri);
        const version = await client.change(uri, text);
        const published = await client.waitForDiagnostics(uri, (p) => p.version === version, since, 15_000);
        assertDiagnosticsInside(published.diagnostics, text, `seed ${seed}`);
        // A request after each input: the server answers, not only publishes.
        await client.hover(uri, { line: 0, character: 0 });
      }
      assert.ok(client.running);
    } finally {
      await client.stop();
      ws.dispose();
    }
  });
});
