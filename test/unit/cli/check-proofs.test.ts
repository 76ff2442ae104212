/**
 * `migration-lens check --idempotent --round-trip --drift --trace` end to end, on the proof
 * fixtures: each flag catches its fixture's defect (exit 1 on errors, in every format, SARIF
 * included) and stays quiet on the fixed twin.
 */
import { strict as assert } from 'node:assert';
import * as path from 'node:path';
import { buildCli, REPO, runCli, type JsonFinding } from './run';

const FIXTURES = path.join(REPO, 'test/fixtures/proofs');
const at = (name: string) => ({ cwd: path.join(FIXTURES, name) });
const proofs = (stdout: string) => (JSON.parse(stdout) as JsonFinding[]).filter((f) => f.ruleId.startsWith('proof-')).map((f) => `${f.file}:${f.line} ${f.ruleId} ${f.severity}`);

describe('cli: check with the run-time proofs', function () {
  // Two `check` runs per test, each booting PGlite: room for both on a busy CI machine.
  this.timeout(300_000);
  before(async () => {
    await buildCli();
  });

  it('--idempotent reports the statements that fail or change data on a second apply', async () => {
    const bad = await runCli(['check', '--idempotent', '-f', 'json'], at('idempotency-bad'));
    assert.equal(bad.status, 1, bad.stderr);
    assert.deepEqual(proofs(bad.stdout), [
      'db/init/01_schema.sql:10 proof-idempotency error',
      'db/init/02_seed.sql:2 proof-idempotency error',
      'db/init/02_seed.sql:3 proof-idempotency warning',
    ]);
    const fixed = await runCli(['check', '--idempotent'], at('idempotency-fixed'));
    assert.equal(fixed.status, 0, fixed.stdout + fixed.stderr);
    assert.match(fixed.stdout, /✓ idempotency \(every file applied twice\) of db\/init \(init-sorted\): clean/);
  });

  it('--round-trip reports down files that do not restore the schema or fail', async () => {
    const bad = await runCli(['check', '--round-trip'], at('round-trip-bad'));
    assert.equal(bad.status, 1);
    assert.match(bad.stdout, /✗ down round trip \(3 down files\) of migrations \(up-down\): 3 findings/);
    assert.match(bad.stdout, /migrations\/002_profiles\.down\.sql\n\s+2:1\s+error\s+proof-round-trip\s+The down file does not restore the schema/);
    assert.match(bad.stdout, /migrations\/003_status\.down\.sql\n\s+2:1\s+error\s+proof-round-trip\s+The down file fails after its up file/);
    const fixed = await runCli(['check', '--round-trip'], at('round-trip-fixed'));
    assert.equal(fixed.status, 0, fixed.stdout);
  });

  it('--drift compares preview.snapshot with the migrations, in SARIF too', async () => {
    const bad = await runCli(['check', '--drift', '-f', 'sarif'], at('drift-bad'));
    assert.equal(bad.status, 1);
    const sarif = JSON.parse(bad.stdout);
    const results = sarif.runs[0].results.filter((r: { ruleId: string }) => r.ruleId === 'proof-drift');
    assert.equal(results.length, 3);
    assert.equal(results[0].locations[0].physicalLocation.artifactLocation.uri, 'db/createDB.sql');
    assert.ok(sarif.runs[0].tool.driver.rules.some((r: { id: string }) => r.id === 'proof-drift'), 'the proof has a rule descriptor');
    const fixed = await runCli(['check', '--drift'], at('drift-fixed'));
    assert.equal(fixed.status, 0, fixed.stdout);
  });

  it('--trace prints each statement\'s locks and reports a strong one no rule saw, as a GitHub annotation too', async () => {
    const bad = await runCli(['check', '--trace'], at('trace-bad'));
    assert.match(bad.stdout, /migrations\/0002_widen_ids\.sql:3: ACCESS EXCLUSIVE accounts \+1 · rewrite/);
    assert.match(bad.stdout, /3:1\s+warning\s+proof-lock\s+Observed in PostgreSQL: this statement takes ACCESS EXCLUSIVE on table accounts/);
    const github = await runCli(['check', '--trace', '-f', 'github'], at('trace-bad'));
    assert.match(github.stdout, /^::warning file=migrations\/0002_widen_ids\.sql,line=3,.*title=proof-lock/m);
    const fixed = await runCli(['check', '--trace'], at('trace-fixed'));
    assert.match(fixed.stdout, /migrations\/0002_widen_ids\.sql:2: ACCESS EXCLUSIVE accounts\n/);
    assert.doesNotMatch(fixed.stdout, /proof-lock/);
  });

  it('says when a proof has nothing to work on', async () => {
    const r = await runCli(['check', '--round-trip', '--drift'], at('idempotency-fixed'));
    assert.equal(r.status, 0);
    assert.match(r.stdout, /- down round trip of db\/init \(init-sorted\): no down files/);
    assert.match(r.stdout, /- snapshot drift of db\/init \(init-sorted\): no snapshot configured \(preview\.snapshot in \.migration-lens\.json\)/);
  });
});
