/**
 * Oversized, binary, non-UTF-8 and deeply nested files through the engine, the live server and
 * the CLI: each gets an answer (the expected finding where one is due), and the server still
 * answers a request after each.
 */
import * as assert from 'node:assert/strict';
import { resolveConfig } from '../../server/src/config';
import { lintText } from '../../server/src/engine';
import { initParser } from '../../server/src/parse/parser';
import { LspClient, TempWorkspace } from '../protocol/client';
import { assertDiagnosticsInside, assertFindingsInside } from './checks';
import { describeRun, runCliBig } from './cli';
import { HOSTILE, HUGE_PARSED, type HostileInput } from './hostile-inputs';

const decode = (b: Buffer) => new TextDecoder().decode(b);

/** No forbidden rule, no rule past its bound, and never more than the per-file cap (1,000 and the summary). */
function assertBounded(ruleIds: string[], input: HostileInput): void {
  if (input.forbid) assert.ok(!ruleIds.includes(input.forbid), `${input.name}: unexpected ${input.forbid}`);
  for (const [id, most] of Object.entries(input.atMost ?? {})) {
    const n = ruleIds.filter((r) => r === id).length;
    assert.ok(n <= most, `${input.name}: ${n} findings of ${id}, at most ${most} expected`);
  }
  assert.ok(ruleIds.length <= 1001, `${input.name}: ${ruleIds.length} findings in one file`);
}
const fileOf = (name: string) => `migrations/hostile-${name}.sql`;
/**
 * As a team whose runner re-applies files: idempotency findings are on (they are off by default
 * where files run once), so the inputs that expect one still have a finding to check.
 */
const REAPPLIED = { categories: { idempotency: 'warning' as const } };
const reapplied = (ws: TempWorkspace) => ws.write('.migration-lens.json', JSON.stringify(REAPPLIED));

describe('robustness: hostile files', function () {
  before(() => initParser());

  for (const input of HOSTILE) {
    it(`the engine answers ${input.name}`, function () {
      const text = decode(input.bytes);
      const { findings } = lintText(text, { path: fileOf(input.name), config: resolveConfig(REAPPLIED) });
      assertFindingsInside(findings, text, input.name);
      if (input.expect) assert.ok(findings.some((f) => f.ruleId === input.expect), `${input.name}: expected ${input.expect} in ${[...new Set(findings.map((f) => f.ruleId))].join(', ')}`);
      assertBounded(findings.map((f) => f.ruleId), input);
    });
  }

  it('the engine parses a 20 MB file when maxFileSize allows it (full run only)', function () {
    if (!HUGE_PARSED) this.skip();
    this.timeout(300_000);
    const text = decode(HUGE_PARSED);
    const { findings, file } = lintText(text, { path: fileOf('20mb-parsed'), config: resolveConfig({ maxFileSize: 64 * 1024 * 1024 }) });
    assert.ok(file && file.statements.length > 400_000, 'every statement parsed');
    assertFindingsInside(findings, text, '20mb-parsed');
  });

  it('the language server answers each hostile file, and a request after each', async function () {
    this.timeout(180_000);
    const ws = new TempWorkspace();
    reapplied(ws);
    const client = await LspClient.start({ workspaceUri: ws.uri, settings: { debounceMs: 0 } });
    try {
      const probe = ws.uriOf('migrations/probe.sql');
      let probeVersion = 1;
      await client.open(probe, 'DROP TABLE probe;\n');
      for (const input of HOSTILE) {
        const uri = ws.uriOf(fileOf(input.name));
        const text = decode(input.bytes);
        await client.open(uri, text);
        const published = await client.waitForDiagnostics(uri, (p) => p.version === 1, 0, 60_000);
        assertDiagnosticsInside(published.diagnostics, text, input.name);
        if (input.expect) assert.ok(published.diagnostics.some((d) => d.code === input.expect), `${input.name}: expected ${input.expect}`);
        assertBounded(published.diagnostics.map((d) => String(d.code)), input);
        // Still alive and linting: an edit to another document is answered with its own findings.
        const since = client.mark(probe);
        probeVersion = await client.change(probe, `DROP TABLE probe_${probeVersion};\n`);
        const answer = await client.waitForDiagnostics(probe, (p) => p.version === probeVersion, since, 15_000);
        assert.ok(answer.diagnostics.some((d) => d.code === 'drop-table'), `after ${input.name}: the probe is linted`);
        assert.ok((await client.hover(probe, { line: 0, character: 1 })) !== undefined);
        await client.close(uri);
      }
    } finally {
      await client.stop();
      ws.dispose();
    }
  });

  it('the CLI lints the hostile files with an answer per file', async function () {
    this.timeout(180_000);
    const ws = new TempWorkspace();
    reapplied(ws);
    try {
      for (const input of HOSTILE) ws.write(fileOf(input.name), input.bytes);
      const r = await runCliBig(['lint', '--format', 'json', '--fail-on', 'none', 'migrations'], ws.dir);
      assert.equal(r.status, 0, describeRun(r));
      const findings = JSON.parse(r.stdout) as { file: string; ruleId: string }[];
      for (const input of HOSTILE.filter((i) => i.expect)) {
        assert.ok(findings.some((f) => f.file === fileOf(input.name) && f.ruleId === input.expect), `${input.name}: expected ${input.expect}`);
      }
      for (const input of HOSTILE) assertBounded(findings.filter((f) => f.file === fileOf(input.name)).map((f) => f.ruleId), input);
      assert.match(r.stderr, /hostile-latin1\.sql: not valid UTF-8/);
      assert.doesNotMatch(r.stderr, /\n\s+at /, 'no stack trace on stderr');
    } finally {
      ws.dispose();
    }
  });
});
