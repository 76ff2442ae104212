/**
 * `migration-lens new` never writes outside the migration set's folder: a symlinked folder on the
 * way is refused before anything is created, and a folder that does not exist (a typo) is only
 * created with --create.
 */
import * as assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { writePlan } from '../../server/src/scaffold/write';
import { runCli } from '../unit/cli/run';

function listAll(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: false }) as string[];
}

describe('security: `new` writes only inside the set', function () {
  this.timeout(60_000);
  let base: string;
  let ws: string;
  let outside: string;
  beforeEach(() => {
    base = mkdtempSync(path.join(tmpdir(), 'lens-new-'));
    ws = path.join(base, 'ws');
    outside = path.join(base, 'outside');
    mkdirSync(ws);
    mkdirSync(outside);
    writeFileSync(path.join(ws, '.migration-lens.json'), '{}');
  });
  afterEach(() => rmSync(base, { recursive: true, force: true }));

  it('refuses --dir through a symlinked folder that leads outside the workspace', async () => {
    symlinkSync(outside, path.join(ws, 'db'));
    const r = await runCli(['new', '--dir', 'db/init', '--create', 'add x'], { cwd: ws });
    assert.equal(r.status, 2, r.stderr);
    assert.match(r.stderr, /db\/init leads outside the workspace folder \(to .*outside\/init\) through a symbolic link: refused/);
    assert.deepEqual(listAll(outside), [], 'nothing written outside');
  });

  it('refuses a Prisma migrations folder that is a symlink to an outside folder', async () => {
    mkdirSync(path.join(outside, '20260101000000_init'));
    writeFileSync(path.join(outside, '20260101000000_init/migration.sql'), 'CREATE TABLE a (id int);\n');
    writeFileSync(path.join(outside, 'migration_lock.toml'), 'provider = "postgresql"\n');
    mkdirSync(path.join(ws, 'prisma'));
    symlinkSync(outside, path.join(ws, 'prisma/migrations'));
    const r = await runCli(['new', '--dir', 'prisma/migrations', 'add y'], { cwd: ws });
    assert.equal(r.status, 2, r.stderr);
    assert.match(r.stderr, /through a symbolic link: refused/);
    assert.deepEqual(listAll(outside).sort(), ['20260101000000_init', '20260101000000_init/migration.sql', 'migration_lock.toml']);
  });

  it('refuses a set folder entry that is a symlink to an outside folder (the new file would land there)', () => {
    mkdirSync(path.join(ws, 'db/init'), { recursive: true });
    writeFileSync(path.join(ws, 'db/init/01_a.sql'), 'CREATE TABLE IF NOT EXISTS a (id int);\n');
    symlinkSync(outside, path.join(ws, 'db/init/sub'));
    const plan = { id: '02', name: 'b', stem: '02_b', files: [{ path: path.join(ws, 'db/init/sub/02_b.sql'), relPath: 'db/init/sub/02_b.sql', content: '', role: 'up' as const }] };
    assert.throws(() => writePlan(plan as never, { setRoot: path.join(ws, 'db/init'), workspace: ws }), /outside the migration set's folder .* through a symbolic link: refused/);
    assert.deepEqual(listAll(outside), []);
  });

  it('refuses a --dir that does not exist unless --create is given', async () => {
    const typo = await runCli(['new', '--dir', 'nonexistent/deep/dir', 'add z'], { cwd: ws });
    assert.equal(typo.status, 2, typo.stderr);
    assert.match(typo.stderr, /nonexistent\/deep\/dir does not exist: check the name, or pass --create/);
    assert.ok(!existsSync(path.join(ws, 'nonexistent')), 'no folder created');
    const created = await runCli(['new', '--dir', 'nonexistent/deep/dir', '--create', 'add z'], { cwd: ws });
    assert.equal(created.status, 0, created.stderr);
    assert.match(created.stdout, /^created nonexistent\/deep\/dir\/.*add_z.*\.sql/m);
  });
});
