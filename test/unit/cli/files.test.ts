import { strict as assert } from 'node:assert';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { defaultConfig, resolveConfig } from '../../../server/src/config';
import { listMigrationFiles, migrationMatcher, resolveTargets } from '../../../server/src/files';
import { cleanScratch, scratchDir } from './run';

function tree(paths: string[]): string {
  const dir = scratchDir();
  for (const p of paths) {
    mkdirSync(path.dirname(path.join(dir, p)), { recursive: true });
    writeFileSync(path.join(dir, p), '-- x\n');
  }
  return dir;
}

const rel = (root: string, files: string[]) => files.map((f) => path.relative(root, f).split(path.sep).join('/'));

describe('files: migration discovery', () => {
  let root: string;
  before(() => {
    root = tree([
      'supabase/migrations/20240102000000_b.sql',
      'supabase/migrations/20240101000000_a.sql',
      'db/init/01_schema.sql',
      'db/002_users.sql',
      'db/seed.sql',
      'prisma/migrations/202401011200_init/migration.sql',
      'node_modules/pkg/migrations/0001_vendor.sql',
      'legacy/migrations/0001_old.sql',
      'docs/example.sql',
    ]);
  });
  after(cleanScratch);

  it('lists the default globs minus node_modules, sorted', async () => {
    assert.deepEqual(rel(root, await listMigrationFiles(root, defaultConfig())), [
      'db/002_users.sql',
      'db/init/01_schema.sql',
      'legacy/migrations/0001_old.sql',
      'prisma/migrations/202401011200_init/migration.sql',
      'supabase/migrations/20240101000000_a.sql',
      'supabase/migrations/20240102000000_b.sql',
    ]);
  });

  it('honours configured globs and exclusions, and the matcher agrees with the walk', async () => {
    const config = resolveConfig({ migrations: ['**/migrations/**/*.sql'], exclude: ['legacy/**'] });
    const files = rel(root, await listMigrationFiles(root, config));
    assert.deepEqual(files, ['prisma/migrations/202401011200_init/migration.sql', 'supabase/migrations/20240101000000_a.sql', 'supabase/migrations/20240102000000_b.sql']);
    const isMigration = migrationMatcher(config);
    assert.ok(files.every(isMigration));
    assert.ok(!isMigration('legacy/migrations/0001_old.sql'));
    assert.ok(!isMigration('node_modules/pkg/migrations/0001_vendor.sql'));
  });

  it('does not follow a symlink out of the workspace', async () => {
    const outside = tree(['migrations/0001_elsewhere.sql']);
    const ws = tree(['migrations/0001_here.sql']);
    symlinkSync(path.join(outside, 'migrations'), path.join(ws, 'linked'));
    assert.deepEqual(rel(ws, await listMigrationFiles(ws, resolveConfig({ migrations: ['**/*.sql'] }))), ['migrations/0001_here.sql']);
  });

  it('a migration that is a symbolic link is not read: out of the workspace it is refused with its target named, inside it gets a note', async () => {
    const outside = tree(['secret.sql']);
    const ws = tree(['migrations/0001_here.sql']);
    symlinkSync(path.join(outside, 'secret.sql'), path.join(ws, 'migrations/0002_secret.sql'));
    symlinkSync(path.join(ws, 'migrations/0001_here.sql'), path.join(ws, 'migrations/0003_again.sql'));
    const notes: string[] = [];
    assert.deepEqual(rel(ws, await listMigrationFiles(ws, defaultConfig(), notes)), ['migrations/0001_here.sql']);
    assert.deepEqual(notes, [
      `migrations/0002_secret.sql leads outside the workspace (to ${path.join(outside, 'secret.sql')}) through a symbolic link: refused, not read`,
      'migrations/0003_again.sql is a symbolic link: not read (migrations are read where they really are; list that path in the "migrations" globs)',
    ]);
    // Named on the command line: the one leading out is refused, the one inside is the user's to read.
    const t = await resolveTargets(['migrations/0002_secret.sql', 'migrations/0003_again.sql'], ws, ws, defaultConfig());
    assert.deepEqual(t.problems, [`migrations/0002_secret.sql leads outside the workspace (to ${path.join(outside, 'secret.sql')}) through a symbolic link: refused, not read`]);
    assert.deepEqual(rel(ws, t.files), ['migrations/0003_again.sql']);
  });

  it('command-line targets: files as given, directories per the globs, globs, duplicates once', async () => {
    const config = defaultConfig();
    const t = await resolveTargets(['docs/example.sql', 'supabase', 'db/*.sql', 'db/002_users.sql'], root, root, config);
    assert.deepEqual(t.problems, []);
    assert.deepEqual(rel(root, t.files), ['db/002_users.sql', 'db/seed.sql', 'docs/example.sql', 'supabase/migrations/20240101000000_a.sql', 'supabase/migrations/20240102000000_b.sql']);
  });

  it('command-line targets: a directory applies the root-relative exclusions too', async () => {
    const config = resolveConfig({ exclude: ['legacy/**'] });
    const t = await resolveTargets(['.'], path.join(root, 'legacy'), root, config);
    assert.deepEqual(t.files, []);
    assert.match(t.problems[0], /^\.: no \.sql files in this directory, and none under it match/);
  });

  it('command-line targets: a directory gives the .sql files beside a Drizzle journal below it, where the globs do not reach', async () => {
    const monorepo = path.resolve(__dirname, '../../fixtures/layouts/monorepo');
    for (const dir of ['.', 'apps', 'apps/api/drizzle']) {
      const t = await resolveTargets([dir], monorepo, monorepo, defaultConfig());
      assert.deepEqual(t.problems, [], dir);
      const expected = ['apps/api/drizzle/0000_init.sql', ...(dir === '.' ? ['services/billing/supabase/migrations/20250101000000_invoices.sql'] : [])];
      assert.deepEqual(rel(monorepo, t.files), expected, dir);
    }
  });

  it('command-line targets: missing paths and empty globs are problems, named', async () => {
    const t = await resolveTargets(['nope.sql', 'db/**/*.psql'], root, root, defaultConfig());
    assert.deepEqual(t.problems, ['nope.sql: no such file or directory', 'db/**/*.psql: no files match this pattern']);
  });
});
