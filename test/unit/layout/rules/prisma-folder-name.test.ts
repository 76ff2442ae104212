import * as assert from 'node:assert/strict';
import { join } from 'node:path';
import { cleanTemp, copyFixture, expectSetDocsExamples, FIXTURES, setFindings, tempDir, write } from '../helpers';

const ID = 'prisma-folder-name';

describe(ID, () => {
  after(cleanTemp);
  it('follows its docs listings', () => expectSetDocsExamples(ID));
  it('warns on plain-number folders whose name order is not their number order', () => {
    const found = setFindings(ID, join(FIXTURES, 'prisma-numbered'));
    assert.deepEqual(
      found.map((f) => [f.severity, f.message]),
      [['warning', 'Migration folder 10_add_c sorts before 1_init by name, so Prisma applies it first although its number comes after: give the numbers one width.']],
    );
  });
  it('accepts zero-padded numbers of one width, and numbers followed by timestamps', () => {
    const dir = tempDir();
    write(dir, 'prisma/migrations/migration_lock.toml', 'provider = "postgresql"');
    for (const name of ['01_init', '02_users', '09_orders', '10_refunds', '19_audit', '20240301120000_later']) write(dir, `prisma/migrations/${name}/migration.sql`, 'SELECT 1;');
    assert.deepEqual(setFindings(ID, dir), []);
    write(dir, 'prisma/migrations/3_hotfix/migration.sql', 'SELECT 1;');
    assert.deepEqual(
      setFindings(ID, dir).map((f) => f.message),
      ['Migration folder 3_hotfix sorts after 09_orders by name, so Prisma applies it later although its number comes first: give the numbers one width.'],
    );
  });
  it('accepts YYYYMMDDHHmm and YYYYMMDDHHmmss, rejects impossible dates and missing prefixes', () => {
    assert.deepEqual(setFindings(ID, join(FIXTURES, 'prisma')), []);
    const dir = copyFixture('prisma');
    write(dir, 'prisma/migrations/20260431120000_bad_day/migration.sql', 'SELECT 1;');
    write(dir, 'prisma/migrations/20260501120000_ok/migration.sql', 'SELECT 1;');
    const messages = setFindings(ID, dir).map((f) => f.message);
    assert.deepEqual(messages, ['Migration folder 20260431120000_bad_day starts with 20260431120000, which is not a YYYYMMDDHHmm[ss] date.']);
  });
  it('accepts the all-zero baseline folder of `prisma migrate resolve`', () => {
    const dir = copyFixture('prisma');
    write(dir, 'prisma/migrations/000000000000_baseline/migration.sql', 'SELECT 1;');
    assert.deepEqual(setFindings(ID, dir), []);
  });
});
