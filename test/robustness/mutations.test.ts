/**
 * Seeded mutations of a realistic migration (and, in the full run, of the regression files):
 * the engine answers every one with findings inside the text, and the live server keeps
 * publishing for a stream of them.
 */
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, symlinkSync } from 'node:fs';
import * as path from 'node:path';
import { lintText } from '../../server/src/engine';
import { initParser } from '../../server/src/parse/parser';
import { LspClient, TempWorkspace } from '../protocol/client';
import { assertDiagnosticsInside, assertFindingsInside } from './checks';
import { FULL, regressCorpus } from './corpus';
import { mutations } from './mutate';
import { hostileMutations } from './hostile-mutate';
import { describeRun, runCliBig } from './cli';

const BASE = readFileSync(path.join(__dirname, 'base-migration.sql'), 'utf8');
const ENGINE_COUNT = FULL ? 50_000 : 5_000;
const SERVER_COUNT = FULL ? 2_000 : 300;
/** Far above the few milliseconds a 2 KB file takes: only a super-linear blow-up gets here. */
const SLOW_MS = 2_000;
/** Hostile mutants: 2,000 in CI (fixed seeds), 10,000 with `npm run test:robustness`. */
const HOSTILE_COUNT = FULL ? 10_000 : 2_000;
/** Mutants written to disk for one CLI run. */
const FILE_COUNT = FULL ? 1_000 : 150;
/** A 12,000-term expression takes the parser a few hundred ms on a busy machine; quadratic work takes minutes. */
const HOSTILE_SLOW_MS = 10_000;

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

  it(`the engine answers ${HOSTILE_COUNT} hostile mutations (ignore lists, deep expressions, CR-only, caps) in bounded time and output`, function () {
    this.timeout(FULL ? 1_800_000 : 1_200_000); // a minute on a quiet machine; far more on a busy one
    for (const { seed, text } of hostileMutations(BASE, HOSTILE_COUNT, 19_000_000)) {
      const t0 = performance.now();
      const { findings } = lintText(text, { path: 'migrations/0042_orders.sql' });
      const ms = performance.now() - t0;
      assert.ok(ms < HOSTILE_SLOW_MS, `seed ${seed}: ${ms.toFixed(0)} ms`);
      assertFindingsInside(findings, text, `seed ${seed}`);
      assert.ok(findings.length <= 1001, `seed ${seed}: ${findings.length} findings`);
      for (const f of findings) assert.doesNotMatch(f.message, /Maximum call stack/, `seed ${seed}: ${f.ruleId}`);
    }
  });

  it(`the CLI answers ${FILE_COUNT} hostile mutants on disk, among FIFOs and symlinks to /dev/zero and /dev/urandom`, async function () {
    this.timeout(FULL ? 900_000 : 240_000);
    if (process.platform === 'win32') this.skip();
    const ws = new TempWorkspace();
    try {
      const specials = new Set<string>();
      mkdirSync(path.join(ws.dir, 'migrations'), { recursive: true });
      for (const { seed, text } of hostileMutations(BASE, FILE_COUNT, 29_000_000)) {
        const rel = `migrations/${String(seed).slice(-4)}_m.sql`;
        const kind = seed % 10;
        if (kind === 0) symlinkSync('/dev/zero', path.join(ws.dir, rel.replace('_m', '_zero')));
        else if (kind === 1) symlinkSync('/dev/urandom', path.join(ws.dir, rel.replace('_m', '_random')));
        else if (kind === 2) spawnSync('mkfifo', [path.join(ws.dir, rel.replace('_m', '_fifo'))]);
        else ws.write(rel, text);
        if (kind < 3) specials.add(rel.replace('_m', kind === 0 ? '_zero' : kind === 1 ? '_random' : '_fifo'));
      }
      // The walk lists regular files only; named one by one, the special files are refused with a message each.
      const named = await runCliBig(['lint', '--format', 'json', '--fail-on', 'none', ...specials], ws.dir, 60_000);
      assert.equal(named.status, 2, describeRun(named));
      for (const rel of specials) assert.match(named.stderr, new RegExp(`${rel}: not a regular file`), rel);
      const r = await runCliBig(['lint', '--format', 'json', '--fail-on', 'none', 'migrations'], ws.dir, FULL ? 800_000 : 200_000);
      assert.equal(r.status, 0, describeRun(r));
      assert.doesNotMatch(r.stderr + named.stderr, /\n\s+at /, 'no stack trace');
      const findings = JSON.parse(r.stdout) as { file: string }[];
      assert.ok(!findings.some((f) => specials.has(f.file)), 'no special file was linted');
      const perFile = new Map<string, number>();
      for (const f of findings) perFile.set(f.file, (perFile.get(f.file) ?? 0) + 1);
      for (const [file, n] of perFile) assert.ok(n <= 1001, `${file}: ${n} findings`);
    } finally {
      ws.dispose();
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
