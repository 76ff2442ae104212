/**
 * The history-aware mode on a real git repository: `--changed-since <ref>` keeps the severity of
 * findings on migrations new or changed against the ref, and makes those of migrations already
 * merged there information, so a CI job fails only on what the pull request brings.
 */
import * as assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { commitAll, git, gitInit, write } from '../layout/helpers';
import { lintJson, runCli, scratchDir, cleanScratch } from './run';

/** A golang-migrate set: 1 merged on main, 2 committed on the feature branch only, 3 not committed, 1b merged then edited. */
function repo(): string {
  const dir = scratchDir();
  write(dir, 'migrations/1_users.up.sql', 'ALTER TABLE users ADD COLUMN a text;\n');
  write(dir, 'migrations/1_users.down.sql', 'SELECT 1;\n');
  write(dir, 'migrations/2_orders.up.sql', 'ALTER TABLE orders ADD COLUMN b text;\n');
  write(dir, 'migrations/2_orders.down.sql', 'SELECT 1;\n');
  gitInit(dir);
  commitAll(dir, 'on main');
  git(dir, 'checkout', '-q', '-b', 'feature');
  write(dir, 'migrations/3_items.up.sql', 'ALTER TABLE items ADD COLUMN c text;\n');
  write(dir, 'migrations/3_items.down.sql', 'SELECT 1;\n');
  commitAll(dir, 'on the branch');
  write(dir, 'migrations/4_tags.up.sql', 'ALTER TABLE tags ADD COLUMN d text;\n');
  write(dir, 'migrations/4_tags.down.sql', 'SELECT 1;\n');
  // Merged, then changed in the working tree: changed against main, so full severity.
  writeFileSync(path.join(dir, 'migrations/2_orders.up.sql'), 'ALTER TABLE orders ADD COLUMN b2 text;\n');
  return dir;
}

const lockTimeout = (findings: { file: string; ruleId: string; severity: string }[]) =>
  findings
    .filter((f) => f.ruleId === 'missing-lock-timeout')
    .map((f) => `${f.file} ${f.severity}`)
    .sort();

describe('cli: --changed-since', function () {
  // Up to five CLI runs a test, each a Node start and git processes: slow on a loaded machine.
  this.timeout(60_000);
  after(cleanScratch);

  it('full severity for migrations new or changed against the ref, information for merged ones', async () => {
    const dir = repo();
    const all = await lintJson([], dir);
    assert.deepEqual(lockTimeout(all.findings), ['migrations/1_users.up.sql warning', 'migrations/2_orders.up.sql warning', 'migrations/3_items.up.sql warning', 'migrations/4_tags.up.sql warning']);
    for (const ref of ['main', 'auto']) {
      const since = await lintJson(['--changed-since', ref], dir);
      assert.deepEqual(lockTimeout(since.findings), ['migrations/1_users.up.sql info', 'migrations/2_orders.up.sql warning', 'migrations/3_items.up.sql warning', 'migrations/4_tags.up.sql warning'], ref);
    }
    // Fails only on what the branch brings: nothing but the merged file has a warning here.
    writeFileSync(path.join(dir, 'migrations/2_orders.up.sql'), 'ALTER TABLE orders ADD COLUMN b text;\n');
    for (const f of ['3_items', '4_tags']) writeFileSync(path.join(dir, `migrations/${f}.up.sql`), "SET lock_timeout = '5s';\nSELECT 1;\n");
    const ci = await runCli(['lint', '--changed-since', 'main', '--fail-on', 'warning'], { cwd: dir });
    assert.equal(ci.status, 0, ci.stdout + ci.stderr);
    assert.equal((await runCli(['lint', '--fail-on', 'warning'], { cwd: dir })).status, 1);
  });

  it('the configuration says the same as the flag, and the flag wins', async () => {
    const dir = repo();
    write(dir, '.migration-lens.json', JSON.stringify({ changedSince: 'main' }));
    assert.deepEqual(lockTimeout((await lintJson([], dir)).findings)[0], 'migrations/1_users.up.sql info');
    assert.deepEqual(lockTimeout((await lintJson(['--changed-since', 'off'], dir)).findings)[0], 'migrations/1_users.up.sql warning');
  });

  it('refuses a ref git does not know, an option-like ref, and a folder outside git', async () => {
    const dir = repo();
    const unknown = await runCli(['lint', '--changed-since', 'no-such-branch'], { cwd: dir });
    assert.equal(unknown.status, 2);
    assert.match(unknown.stderr, /--changed-since: "no-such-branch" is not a commit git knows/);
    const option = await runCli(['lint', '--changed-since=--output=x'], { cwd: dir });
    assert.equal(option.status, 2);
    assert.match(option.stderr, /--changed-since/);
    const plain = scratchDir();
    write(plain, 'migrations/1_users.up.sql', 'ALTER TABLE users ADD COLUMN a text;\n');
    write(plain, 'migrations/1_users.down.sql', 'SELECT 1;\n');
    const outside = await runCli(['lint', '--changed-since', 'main'], { cwd: plain });
    assert.equal(outside.status, 2);
    assert.match(outside.stderr, /not in a git repository/);
  });
});
