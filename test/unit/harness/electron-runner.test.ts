/**
 * The desktop VS Code runner (test/integration/lib/run-in-electron.mjs) on a stand-in for the
 * VS Code executable: a script that prints the suite's progress lines as the extension host
 * would, then behaves as a passing run, a failing one, or a blocked host. No desktop VS Code can
 * run on CI machines (no display, no download), so this is what checks the runner's limits.
 */
import * as assert from 'node:assert/strict';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { progressLine } from '../../integration/suite/progress';

interface RunResult {
  code: number;
  reason?: string;
}
type RunInElectron = (opts: { vscodeExecutablePath: string; extensionPath: string; testsPath: string; workspace: string; limitOptions?: { graceMs?: number } }) => Promise<RunResult>;

describe('integration runner: desktop VS Code', function () {
  this.timeout(60_000);
  let dir: string;
  let runInElectron: RunInElectron;
  let isRunning: (pid: number) => boolean;
  before(async () => {
    ({ runInElectron } = (await import(path.resolve(__dirname, '../../integration/lib/run-in-electron.mjs'))) as { runInElectron: RunInElectron });
    ({ isRunning } = (await import(path.resolve(__dirname, '../../../bench/process-tree.mjs'))) as { isRunning: typeof isRunning });
  });
  beforeEach(() => (dir = mkdtempSync(path.join(tmpdir(), 'migration-lens-fake-vscode-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  /** A stand-in executable: prints `lines`, then runs `then` (JavaScript), with the arguments it got saved beside it. */
  function fakeVSCode(lines: string[], then: string): string {
    const file = path.join(dir, 'code');
    const script = `fs.writeFileSync(${JSON.stringify(path.join(dir, 'args.json'))}, JSON.stringify(process.argv.slice(2)));\n${lines.map((l) => `console.log(${JSON.stringify(l)});`).join('\n')}\n${then}`;
    writeFileSync(file, `#!${process.execPath}\nconst fs = require('node:fs');\n${script}\n`);
    chmodSync(file, 0o755);
    return file;
  }
  const run = (executable: string) => runInElectron({ vscodeExecutablePath: executable, extensionPath: '/ext', testsPath: '/ext/tests.js', workspace: dir, limitOptions: { graceMs: 300 } });
  const start = (title: string, timeoutMs: number) => progressLine({ event: 'start', title, timeoutMs });

  it('a run that exits 0 passes, and VS Code gets the test arguments with a fresh profile', async () => {
    const result = await run(fakeVSCode([progressLine({ event: 'tests', count: 1 }), start('a test', 5_000), progressLine({ event: 'end' })], 'process.exit(0);'));
    assert.deepEqual(result, { code: 0 });
    const args = JSON.parse(readFileSync(path.join(dir, 'args.json'), 'utf8')) as string[];
    assert.equal(args[0], dir);
    for (const a of ['--extensionTestsPath=/ext/tests.js', '--extensionDevelopmentPath=/ext', '--disable-extensions', '--no-sandbox']) assert.ok(args.includes(a), `${a} in ${args.join(' ')}`);
    const profile = args.find((a) => a.startsWith('--user-data-dir='))!.slice('--user-data-dir='.length);
    assert.ok(!existsSync(profile), 'the profile folder is removed after the run');
  });

  it('a run that exits non-zero fails with the exit code', async () => {
    assert.deepEqual(await run(fakeVSCode([], 'process.exit(3);')), { code: 1, reason: 'VS Code exited with 3' });
  });

  it('a test that outlives its own timeout ends the run, names the test, and leaves no process behind', async () => {
    // The stand-in starts a helper process (as Electron does) and both hang.
    const helperPid = path.join(dir, 'helper.pid');
    const hang = `const helper = require('node:child_process').spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
      fs.writeFileSync(${JSON.stringify(helperPid)}, String(helper.pid));
      setInterval(() => {}, 1000);`;
    const started = Date.now();
    const result = await run(fakeVSCode([progressLine({ event: 'tests', count: 1 }), start('suite stuck test', 200)], hang));
    assert.equal(result.code, 1);
    assert.match(result.reason ?? '', /"suite stuck test" did not end within its own limit of 0.2 s/);
    assert.ok(Date.now() - started < 30_000, 'ended by the test\'s limit, not the whole run\'s');
    const pid = Number(readFileSync(helperPid, 'utf8'));
    const until = Date.now() + 10_000;
    while (isRunning(pid) && Date.now() < until) await new Promise((r) => setTimeout(r, 100));
    assert.ok(!isRunning(pid), 'the helper process VS Code started was ended with it');
  });
});
