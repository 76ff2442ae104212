import * as assert from 'node:assert/strict';
import type * as childProcess from 'node:child_process';
import { basename } from 'node:path';
import { resolveConfig } from '../../../server/src/config';
import { detectSets } from '../../../server/src/layout/detect';
import { GitRepos } from '../../../server/src/layout/git';
import { lintSet } from '../../../server/src/layout/lint-set';
import { ALL_RULES } from '../../../server/src/rules/index';
import { cleanTemp, commitAll, gitInit, readFromDisk, tempDir, write } from './helpers';

/** Counts the git processes started while `fn` runs (synchronous and asynchronous ones). */
async function gitCalls<T>(fn: () => T | Promise<T>): Promise<{ calls: string[][]; value: T }> {
  // The module object itself (an `import *` namespace is read-only): git.ts calls through it.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const cp = require('node:child_process') as { execFileSync: typeof childProcess.execFileSync; execFile: typeof childProcess.execFile };
  const [sync, async] = [cp.execFileSync, cp.execFile];
  const calls: string[][] = [];
  cp.execFileSync = ((file: string, args: string[], ...rest: unknown[]) => {
    if (file === 'git') calls.push(args);
    return (sync as (...a: unknown[]) => unknown)(file, args, ...rest);
  }) as typeof sync;
  cp.execFile = ((file: string, args: string[], ...rest: unknown[]) => {
    if (file === 'git') calls.push(args);
    return (async as (...a: unknown[]) => unknown)(file, args, ...rest);
  }) as typeof async;
  try {
    return { calls, value: await fn() };
  } finally {
    cp.execFileSync = sync;
    cp.execFile = async;
  }
}

/** Two sets (Supabase and golang-migrate) in one repository, one migration of each edited after its commit. */
function twoSets(): string {
  const dir = tempDir();
  write(dir, 'supabase/migrations/20240101120000_init.sql', 'SELECT 1;\n');
  write(dir, 'supabase/migrations/20240201120000_more.sql', 'SELECT 2;\n');
  write(dir, 'services/billing/migrations/000001_init.up.sql', 'SELECT 1;\n');
  write(dir, 'services/billing/migrations/000001_init.down.sql', 'SELECT 1;\n');
  write(dir, 'services/billing/migrations/000002_more.up.sql', 'SELECT 2;\n');
  write(dir, 'services/billing/migrations/000002_more.down.sql', 'SELECT 2;\n');
  return dir;
}

const HISTORY = ALL_RULES.filter((r) => r.id === 'migration-edited-after-commit' || r.id === 'file-not-in-order');

function lintAll(dir: string, repos: GitRepos): string[] {
  const config = resolveConfig({});
  const out: string[] = [];
  for (const set of detectSets(dir, config)) for (const [file, fs] of lintSet(set, config, readFromDisk, HISTORY, repos)) for (const f of fs) out.push(`${basename(file)} ${f.ruleId}`);
  return out.sort();
}

describe('git: asked once per repository', () => {
  after(cleanTemp);

  it('answers every set of a repository from one short series of git commands', async () => {
    const dir = twoSets();
    gitInit(dir);
    commitAll(dir);
    write(dir, 'supabase/migrations/20240101120000_init.sql', 'SELECT 3;\n');
    write(dir, 'services/billing/migrations/000001_init.up.sql', 'SELECT 3;\n');
    const { calls, value } = await gitCalls(() => lintAll(dir, new GitRepos()));
    assert.deepEqual(value, ['000001_init.up.sql migration-edited-after-commit', '20240101120000_init.sql migration-edited-after-commit']);
    assert.ok(detectSets(dir, resolveConfig({})).length >= 2, 'two sets');
    assert.ok(calls.length <= 5, `git ran ${calls.length} times: ${calls.map((c) => c[0]).join(', ')}`);
  });

  it('starts no git process outside a repository', async () => {
    const dir = twoSets();
    const { calls, value } = await gitCalls(() => lintAll(dir, new GitRepos()));
    assert.deepEqual(value, []);
    assert.deepEqual(calls, []);
  });

  it('runs the commands that do not depend on each other at the same time (three rounds when asked asynchronously)', async () => {
    const dir = twoSets();
    gitInit(dir);
    commitAll(dir);
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const cp = require('node:child_process') as { execFile: typeof childProcess.execFile };
    const real = cp.execFile;
    const events: string[] = [];
    cp.execFile = ((file: string, args: string[], opts: unknown, done: (...a: unknown[]) => void) => {
      if (file === 'git') events.push(`start ${args[0]}`);
      return (real as (...a: unknown[]) => unknown)(file, args, opts, (...result: unknown[]) => {
        if (file === 'git') events.push(`end ${args[0]}`);
        done(...result);
      });
    }) as typeof real;
    try {
      await new GitRepos().prefetch([dir]);
    } finally {
      cp.execFile = real;
    }
    const rounds: string[][] = [];
    let started = false;
    for (const e of events) {
      if (e.startsWith('start') && !started) rounds.push([]);
      started = e.startsWith('start');
      if (started) rounds.at(-1)!.push(e.slice('start '.length));
    }
    assert.deepEqual(rounds.map((r) => r.sort()), [['for-each-ref', 'rev-parse'], ['merge-base'], ['diff', 'ls-tree']]);
  });

  it('prefetches asynchronously, after which the sets ask nothing more', async () => {
    const dir = twoSets();
    gitInit(dir);
    commitAll(dir);
    write(dir, 'supabase/migrations/20240101120000_init.sql', 'SELECT 3;\n');
    const repos = new GitRepos();
    const config = resolveConfig({});
    const pre = await gitCalls(() => repos.prefetch(detectSets(dir, config).map((s) => s.root)));
    assert.ok(pre.calls.length > 0 && pre.calls.length <= 5, `prefetch ran git ${pre.calls.length} times`);
    const after = await gitCalls(() => lintAll(dir, repos));
    assert.deepEqual(after.value, ['20240101120000_init.sql migration-edited-after-commit']);
    assert.deepEqual(after.calls, []);
  });
});
