import * as assert from 'node:assert/strict';
import { lintText } from '../../../server/src/engine';
import { expectFires, expectFixed, expectQuiet } from './harness';
import { HEADER_ON, header } from './header-fixtures';

const ID = 'dangerous-migration-undeclared';
const DROP = 'ALTER TABLE users DROP COLUMN legacy_flag;';

describe(ID, () => {
  it('fires on a destructive statement in an undeclared migration, quiet on an additive one', () => {
    expectFires(ID, header({ 'DATA RISK': 'high (drops a column)' }) + DROP, HEADER_ON);
    expectQuiet(ID, header() + 'CREATE TABLE IF NOT EXISTS t (id int);', HEADER_ON);
  });
  it('once declared and reviewed, destructive findings drop to information', () => {
    const reviewed = header({ 'DATA RISK': 'high (drops a column)', Type: 'Dangerous migration' }) + '-- DANGEROUS CHANGE REVIEW\n-- Backup: 2026-04-21 by ana\n' + DROP;
    expectQuiet(ID, reviewed, HEADER_ON);
    const drop = lintText(reviewed, HEADER_ON).findings.find((f) => f.ruleId === 'drop-column');
    assert.ok(drop, 'drop-column still reported');
    assert.equal(drop.severity, 'info');
    assert.match(drop.message, /reviewed/);
  });
  it('declaring without the review section is not enough', () => {
    expectFires(ID, header({ 'DATA RISK': 'high (drops)', Type: 'Dangerous migration' }) + DROP, HEADER_ON);
  });
  it('fixes by adding the Type line and the review section', () => {
    const fixed = expectFixed(ID, header({ 'DATA RISK': 'high (drops a column)' }) + DROP, HEADER_ON);
    assert.match(fixed, /-- Type: Dangerous migration\n-- ====/);
    assert.match(fixed, /-- DANGEROUS CHANGE REVIEW\n/);
  });
});
