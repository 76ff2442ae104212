import * as assert from 'node:assert/strict';
import { basename } from 'node:path';
import { cleanTemp, commitAll, copyFixture, expectSetDocsExamples, git, gitInit, setFindings, write } from '../helpers';

const ID = 'file-not-in-order';

describe(ID, () => {
  after(cleanTemp);
  it('follows its docs listings', () => expectSetDocsExamples(ID));
  it('warns on an untracked file that sorts before committed ones', () => {
    const dir = copyFixture('supabase');
    gitInit(dir);
    commitAll(dir);
    write(dir, 'supabase/migrations/20240201000000_refunds.sql', 'SELECT 1;');
    write(dir, 'supabase/migrations/20240401000000_later.sql', 'SELECT 1;');
    const found = setFindings(ID, dir);
    assert.deepEqual(found.map((f) => [basename(f.path), f.severity]), [['20240201000000_refunds.sql', 'warning']]);
    assert.match(found[0].message, /runs before 20240301120000_add_orders\.sql, which is already on main/);
  });
  it('compares a feature branch with the merge-base of main', () => {
    const dir = copyFixture('supabase');
    gitInit(dir);
    commitAll(dir);
    git(dir, 'checkout', '-q', '-b', 'feature');
    write(dir, 'supabase/migrations/20240201000000_refunds.sql', 'SELECT 1;');
    commitAll(dir, 'feature migration');
    assert.equal(setFindings(ID, dir).length, 1, 'committed on the branch, still new to main');
  });
  it('is silent outside a git repository and for init-sorted sets', () => {
    assert.deepEqual(setFindings(ID, copyFixture('supabase')), []);
    const dir = copyFixture('init-sorted');
    gitInit(dir);
    commitAll(dir);
    write(dir, 'db/init/00_first.sql', 'SELECT 1;');
    assert.deepEqual(setFindings(ID, dir), []);
  });
  it('is quiet in a clean checkout', () => {
    const dir = copyFixture('drizzle-v7');
    gitInit(dir);
    commitAll(dir);
    assert.deepEqual(setFindings(ID, dir), []);
  });
});
