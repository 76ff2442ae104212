import * as assert from 'node:assert/strict';
import { basename } from 'node:path';
import { cleanTemp, commitAll, copyFixture, expectSetDocsExamples, git, gitInit, setFindings, write } from '../helpers';

const ID = 'migration-edited-after-commit';

describe(ID, () => {
  after(cleanTemp);
  it('follows its docs listings', () => expectSetDocsExamples(ID));
  it('warns on a committed migration edited in the working tree', () => {
    const dir = copyFixture('prisma');
    gitInit(dir);
    commitAll(dir);
    write(dir, 'prisma/migrations/202604211430_init/migration.sql', 'CREATE TABLE "User" ("id" BIGSERIAL PRIMARY KEY);\n');
    const found = setFindings(ID, dir);
    assert.deepEqual(found.map((f) => [f.path.endsWith('202604211430_init/migration.sql'), f.severity]), [[true, 'warning']]);
    assert.match(found[0].message, /already on main and has been edited since/);
  });
  it('sees edits committed on a feature branch, not new files of the branch', () => {
    const dir = copyFixture('drizzle-v7');
    gitInit(dir);
    commitAll(dir);
    git(dir, 'checkout', '-q', '-b', 'feature');
    write(dir, 'db/migrations/0017_add_items.sql', 'CREATE TABLE "items" ("id" bigint);\n');
    write(dir, 'db/migrations/0020_new.sql', 'SELECT 1;\n');
    commitAll(dir, 'edit');
    assert.deepEqual(setFindings(ID, dir).map((f) => basename(f.path)), ['0017_add_items.sql']);
  });
  it('honours the base option', () => {
    const dir = copyFixture('supabase');
    gitInit(dir);
    commitAll(dir);
    git(dir, 'tag', 'release-1');
    write(dir, 'supabase/migrations/20240101120000_init.sql', 'SELECT 2;\n');
    commitAll(dir, 'edit on main');
    assert.deepEqual(setFindings(ID, dir), [], 'against main (HEAD) nothing is edited');
    assert.equal(setFindings(ID, dir, { rules: { [ID]: { options: { base: 'release-1' } } } }).length, 1);
  });
  it('is silent for init-sorted sets, whose files are edited by design', () => {
    const dir = copyFixture('init-sorted');
    gitInit(dir);
    commitAll(dir);
    write(dir, 'db/init/01_schema.sql', 'CREATE TABLE IF NOT EXISTS movies (id bigint PRIMARY KEY, title text);\n');
    assert.deepEqual(setFindings(ID, dir), []);
  });
});
