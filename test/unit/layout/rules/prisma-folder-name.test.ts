import * as assert from 'node:assert/strict';
import { join } from 'node:path';
import { cleanTemp, copyFixture, expectSetDocsExamples, FIXTURES, setFindings, write } from '../helpers';

const ID = 'prisma-folder-name';

describe(ID, () => {
  after(cleanTemp);
  it('follows its docs listings', () => expectSetDocsExamples(ID));
  it('warns on every plain-number folder', () => {
    const found = setFindings(ID, join(FIXTURES, 'prisma-numbered'));
    assert.equal(found.length, 3);
    assert.ok(found.every((f) => f.severity === 'warning' && /plain number/.test(f.message)));
  });
  it('accepts YYYYMMDDHHmm and YYYYMMDDHHmmss, rejects impossible dates and missing prefixes', () => {
    assert.deepEqual(setFindings(ID, join(FIXTURES, 'prisma')), []);
    const dir = copyFixture('prisma');
    write(dir, 'prisma/migrations/20260431120000_bad_day/migration.sql', 'SELECT 1;');
    write(dir, 'prisma/migrations/20260501120000_ok/migration.sql', 'SELECT 1;');
    const messages = setFindings(ID, dir).map((f) => f.message);
    assert.deepEqual(messages, ['Migration folder 20260431120000_bad_day starts with 20260431120000, which is not a YYYYMMDDHHmm[ss] date.']);
  });
  it("accepts seed 004's all-zero baseline folder", () => {
    const dir = copyFixture('prisma');
    write(dir, 'prisma/migrations/000000000000_baseline/migration.sql', 'SELECT 1;');
    assert.deepEqual(setFindings(ID, dir), []);
  });
});
