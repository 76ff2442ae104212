import * as assert from 'node:assert/strict';
import { basename, join } from 'node:path';
import { cleanTemp, expectSetDocsExamples, FIXTURES, setFindings, tempDir, write } from '../helpers';

const ID = 'duplicate-migration-number';

describe(ID, () => {
  after(cleanTemp);
  it('follows its docs listings', () => expectSetDocsExamples(ID));
  it('fires on both Drizzle files numbered 0018', () => {
    const found = setFindings(ID, join(FIXTURES, 'drizzle-v7'));
    assert.deepEqual(found.map((f) => basename(f.path)).sort(), ['0018_add_invoices.sql', '0018_add_refunds.sql']);
    assert.match(found.find((f) => f.path.endsWith('refunds.sql'))!.message, /0018 is also used by 0018_add_invoices\.sql/);
  });
  it('treats 7 and 007 as the same number', () => {
    const dir = tempDir();
    write(dir, 'db/7_a.sql', 'SELECT 1;');
    write(dir, 'db/007_b.sql', 'SELECT 1;');
    assert.equal(setFindings(ID, dir).length, 2);
  });
  it('ignores a file missing from the Drizzle journal (Dokploy: 0130_abandoned_dagger.sql beside the listed 0130_perpetual_screwball.sql)', () => {
    const dir = tempDir();
    write(dir, 'drizzle/0129_a.sql', 'SELECT 1;');
    write(dir, 'drizzle/0130_perpetual_screwball.sql', 'SELECT 1;');
    write(dir, 'drizzle/0130_abandoned_dagger.sql', 'SELECT 1;');
    const entries = ['0129_a', '0130_perpetual_screwball'].map((tag, idx) => ({ idx, version: '7', when: 1767225600000 + idx, tag, breakpoints: true }));
    write(dir, 'drizzle/meta/_journal.json', JSON.stringify({ version: '7', dialect: 'postgresql', entries }));
    assert.deepEqual(setFindings(ID, dir), []);
    assert.equal(setFindings('file-missing-from-journal', dir).length, 1);
  });
  it('ignores up/down twins, Prisma folders and init-sorted files', () => {
    assert.deepEqual(setFindings(ID, join(FIXTURES, 'up-down')), []);
    const dir = tempDir();
    write(dir, 'db/init/01_a.sql', 'SELECT 1;');
    write(dir, 'db/init/01_b.sql', 'SELECT 1;');
    assert.deepEqual(setFindings(ID, dir), []);
  });
});
