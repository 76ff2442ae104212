import * as assert from 'node:assert/strict';
import { expectFires, expectQuiet } from './harness';
import { HEADER_ON, header } from './header-fixtures';

const ID = 'header-data-risk';

describe(ID, () => {
  it('requires a level from the scale and a reason', () => {
    expectQuiet(ID, header({ 'DATA RISK': 'medium (backfills 2M rows in batches)' }) + 'SELECT 1;', HEADER_ON);
    assert.match(expectFires(ID, header({ 'DATA RISK': 'tiny' }) + 'SELECT 1;', HEADER_ON)[0].message, /must start with none, low, medium or high/);
    assert.match(expectFires(ID, header({ 'DATA RISK': 'low' }) + 'SELECT 1;', HEADER_ON)[0].message, /needs a brief justification/);
  });
  it('flags none/low on a destructive migration (needs the destructive rule registered)', function () {
    const sql = header({ 'DATA RISK': 'none (nothing)' }) + 'TRUNCATE users;';
    const messages = expectFires(ID, sql, HEADER_ON).map((f) => f.message);
    assert.ok(messages.some((m) => /DATA RISK says none, but the migration is destructive \(truncate\)/.test(m)), messages.join('\n'));
  });
});
