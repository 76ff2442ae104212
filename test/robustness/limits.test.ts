/**
 * Inputs that made the CLI hang or crash: a glob that backtracks, a folder tree too deep to walk,
 * a configuration or setup file that is a FIFO or a symlink to /dev/zero, a single statement of
 * 20 MB, a reader that closes the pipe. Each now ends on its own, fast, with a clear message.
 */
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { TempWorkspace } from '../protocol/client';
import { buildCli } from '../unit/cli/run';
import { describeRun, runCliBig } from './cli';

/** Far below the 60 s the hangs were killed at; a loaded CI machine still makes it. */
const QUICK_MS = 20_000;

function mkfifo(file: string): void {
  const r = spawnSync('mkfifo', [file]);
  assert.equal(r.status, 0, `mkfifo: ${r.stderr}`);
}

function deepTree(ws: TempWorkspace, depth: number): string {
  const dir = path.join(ws.dir, ...Array.from({ length: depth }, (_, i) => `a${i}`));
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, 'x.sql'), 'DROP TABLE x;\n');
  return dir;
}

describe('robustness: bounded inputs (CLI)', function () {
  this.timeout(120_000);
  let ws: TempWorkspace;
  beforeEach(() => {
    ws = new TempWorkspace();
  });
  afterEach(() => ws.dispose());

  it('refuses a glob with ten "**/a*" segments instead of backtracking for minutes', async function () {
    this.timeout(90_000);
    deepTree(ws, 35);
    const glob = `${'**/a*/'.repeat(10)}b*.sql`;
    ws.write('.migration-lens.json', JSON.stringify({ migrations: [glob] }));
    const r = await runCliBig(['lint', '--format', 'json'], ws.dir, 60_000);
    assert.equal(r.status, 2, describeRun(r));
    assert.ok(r.ms < QUICK_MS, describeRun(r));
    assert.match(r.stderr, /"migrations" globs may hold at most 3 "\*" per path segment and 4 "\*\*" segments/);
  });

  it('stops a walk deeper than 40 folders with a message', async function () {
    this.timeout(90_000);
    deepTree(ws, 45);
    const r = await runCliBig(['lint', '--format', 'json'], ws.dir, 60_000);
    assert.equal(r.status, 2, describeRun(r));
    assert.match(r.stderr, /stopped: the folder tree under .* is more than 40 levels deep/);
    assert.doesNotMatch(r.stderr, /\n\s+at /, 'no stack trace');
  });

  for (const kind of ['fifo', '/dev/zero', '/dev/urandom'] as const) {
    it(`refuses a configuration file that is ${kind === 'fifo' ? 'a FIFO' : `a symlink to ${kind}`}`, async function () {
      this.timeout(60_000);
      const config = path.join(ws.dir, '.migration-lens.json');
      if (kind === 'fifo') mkfifo(config);
      else symlinkSync(kind, config);
      ws.write('migrations/001_a.sql', 'DROP TABLE a;\n');
      const r = await runCliBig(['lint'], ws.dir, 30_000);
      assert.equal(r.status, 2, describeRun(r));
      assert.ok(r.ms < QUICK_MS, describeRun(r));
      assert.match(r.stderr, /refusing the configuration file: not a regular file \((a FIFO|a device)\)/);
    });
  }

  for (const key of ['setupSql', 'snapshot'] as const) {
    it(`refuses a preview.${key} that is a FIFO, and one that is a symlink to /dev/zero`, async function () {
      this.timeout(90_000);
      ws.write('db/001_a.sql', 'CREATE TABLE a (id int);\n');
      mkfifo(path.join(ws.dir, 'fifo.sql'));
      symlinkSync('/dev/zero', path.join(ws.dir, 'zero.sql'));
      const args = key === 'setupSql' ? ['schema'] : ['check', '--drift'];
      for (const [file, message] of [
        ['fifo.sql', /is not a regular file \(a FIFO\)/],
        ['zero.sql', /leads outside the workspace/],
      ] as const) {
        ws.write('.migration-lens.json', JSON.stringify({ preview: { [key]: file } }));
        const r = await runCliBig(args, ws.dir, 60_000);
        assert.ok(r.status === 1 || r.status === 2, describeRun(r));
        assert.ok(r.ms < 45_000, describeRun(r));
        assert.match(r.stdout + r.stderr, new RegExp(`preview\\.${key}: ${file.replace('.', '\\.')} ${message.source}`), describeRun(r));
      }
    });
  }

  it('answers a 20 MB single statement (maxFileSize raised to 64 MB) with unlintable-file, not an out-of-memory crash', async function () {
    this.timeout(120_000);
    ws.write('.migration-lens.json', JSON.stringify({ maxFileSize: 64 * 1024 * 1024 }));
    ws.write('migrations/001_data.sql', `INSERT INTO t VALUES ${'(1),'.repeat(5 * 1024 * 1024)}(1);\n`);
    const r = await runCliBig(['lint', '--format', 'json', '--fail-on', 'none'], ws.dir, 100_000);
    assert.equal(r.status, 0, describeRun(r));
    const findings = JSON.parse(r.stdout) as { ruleId: string; message: string }[];
    assert.ok(findings.some((f) => f.ruleId === 'unlintable-file' && /Statement too large to check: 20\.0 MB/.test(f.message)), r.stdout.slice(0, 500));
  });

  it('ends quietly when the reader closes the pipe (`lint | head -1`)', async function () {
    this.timeout(60_000);
    const cli = await buildCli();
    ws.write('migrations/001_a.sql', 'DROP TABLE a;\n'.repeat(5000));
    const r = spawnSync('bash', ['-c', `"${process.execPath}" "${cli}" lint --format json 2>stderr.txt | head -1; cat stderr.txt`], { cwd: ws.dir, encoding: 'utf8', timeout: 50_000, env: { ...process.env, NO_COLOR: '1' } });
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout.split('\n')[0], '[');
    assert.doesNotMatch(r.stdout, /EPIPE|Error|\n\s+at /);
  });
});
