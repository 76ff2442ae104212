/**
 * `lint <file>` in a repository asks git for the history rules before it lints, while the parser
 * loads, in three rounds whose commands run at the same time (layout/git.ts): a git on PATH that
 * logs when each command starts and ends shows which ran together.
 */
import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { commitAll, gitInit } from '../layout/helpers';
import { cleanScratch, runCli, scratchDir, type JsonFinding } from './run';

describe('lint: git asked in rounds of concurrent commands', function () {
  this.timeout(60_000);
  after(cleanScratch);

  it('runs the independent git commands together and still finds an edited committed migration', async () => {
    const ws = scratchDir();
    mkdirSync(path.join(ws, 'supabase/migrations'), { recursive: true });
    writeFileSync(path.join(ws, 'supabase/migrations/20240101120000_init.sql'), 'SELECT 1;\n');
    writeFileSync(path.join(ws, 'supabase/migrations/20240201120000_more.sql'), 'SELECT 2;\n');
    gitInit(ws);
    commitAll(ws);
    writeFileSync(path.join(ws, 'supabase/migrations/20240101120000_init.sql'), 'SELECT 3;\n');
    // A git that logs its command's start and end, and takes 0.2 s more: commands that ran one
    // after the other cannot interleave in the log.
    const bin = scratchDir();
    const log = path.join(bin, 'git.log');
    const realGit = execFileSync('sh', ['-c', 'command -v git'], { encoding: 'utf8' }).trim();
    writeFileSync(path.join(bin, 'git'), `#!/bin/sh\necho "start $1" >> "${log}"\n"${realGit}" "$@"\nrc=$?\nsleep 0.2\necho "end $1" >> "${log}"\nexit $rc\n`);
    chmodSync(path.join(bin, 'git'), 0o755);
    const r = await runCli(['lint', '--format', 'json', 'supabase/migrations/20240101120000_init.sql'], { cwd: ws, env: { PATH: `${bin}${path.delimiter}${process.env.PATH}` } });
    const ids = (JSON.parse(r.stdout) as JsonFinding[]).map((f) => f.ruleId);
    assert.ok(ids.includes('migration-edited-after-commit'), `${ids.join(', ')}\n${r.stderr}`);
    const rounds: string[][] = [];
    let running = 0;
    for (const line of readFileSync(log, 'utf8').trim().split('\n')) {
      const [what, command] = line.split(' ');
      if (what === 'start' && running++ === 0) rounds.push([]);
      if (what === 'start') rounds.at(-1)!.push(command);
      if (what === 'end') running--;
    }
    assert.deepEqual(rounds.map((round) => round.sort()), [['for-each-ref', 'rev-parse'], ['merge-base'], ['diff', 'ls-tree']]);
  });
});
