import * as assert from 'node:assert/strict';
import { expectDocsExamples, expectFires, expectFixed, expectQuiet } from './harness';
import { HEADER_ON, header } from './header-fixtures';

const ID = 'header-migration-name';

describe(ID, () => {
  it('follows its docs examples with the header preset on', () => expectDocsExamples(ID, HEADER_ON));
  it('compares with the Prisma folder name or the file name', () => {
    expectQuiet(ID, header() + 'SELECT 1;', HEADER_ON);
    expectFires(ID, header({ Migration: '202601010000_copied' }) + 'SELECT 1;', HEADER_ON);
    expectQuiet(ID, '-- Migration: 0007_add_index\nSELECT 1;', { ...HEADER_ON, path: 'backend/src/db/migrations/0007_add_index.up.sql' });
  });
  it('fixes the value in place', () => {
    const fixed = expectFixed(ID, header({ Migration: 'wrong' }) + 'SELECT 1;', HEADER_ON);
    assert.match(fixed, /-- Migration: 202604211430_add_user_preferences\n/);
  });
});
