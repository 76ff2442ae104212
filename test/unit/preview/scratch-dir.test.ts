import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const MODULE = join(__dirname, '../../../server/src/preview/scratch-dir.ts');

describe('preview: the worker processes\' data folders (scratch-dir.ts)', function () {
  this.timeout(60_000);

  it('a new folder is private (0700) and named after its host; the first one sweeps the folders of hosts that are gone, not of live ones', () => {
    const dead = spawnSync(process.execPath, ['-e', '0']).pid!; // ended: its pid names no process now
    const gone = join(tmpdir(), `migration-lens-pgdata-${dead}-test`);
    const live = join(tmpdir(), `migration-lens-pgdata-${process.pid}-test`);
    for (const dir of [gone, live]) {
      mkdirSync(join(dir, 'pgdata'), { recursive: true, mode: 0o700 });
      writeFileSync(join(dir, 'pgdata', 'PG_VERSION'), '18\n');
    }
    try {
      const made = spawnSync(process.execPath, ['--require', 'tsx/cjs', '-e', `process.stdout.write(require(${JSON.stringify(MODULE)}).scratchDir())`], { encoding: 'utf8' });
      assert.equal(made.status, 0, made.stderr);
      const dir = made.stdout;
      assert.match(dir, new RegExp(`migration-lens-pgdata-${made.pid}-`));
      assert.equal(statSync(dir).mode & 0o777, 0o700);
      rmSync(dir, { recursive: true, force: true });
      assert.ok(!existsSync(gone), 'the folder of a host that is gone was removed');
      assert.ok(existsSync(live), 'the folder of a live host was kept');
    } finally {
      rmSync(gone, { recursive: true, force: true });
      rmSync(live, { recursive: true, force: true });
    }
  });
});
