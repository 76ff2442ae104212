import * as assert from 'node:assert/strict';
import { applyEdits, expectDocsExamples, expectFires, expectQuiet, findingsOf } from './harness';
import { HEADER_ON, header } from './header-fixtures';

const ID = 'header-field-missing';

describe(ID, () => {
  it('follows its docs examples with the header preset on', () => expectDocsExamples(ID, HEADER_ON));
  it('names each missing field and each placeholder', () => {
    const sql = header({ IMPACT: null, PURPOSE: '<why this migration exists>' }) + 'SELECT 1;';
    assert.deepEqual(expectFires(ID, sql, HEADER_ON).map((f) => f.message).sort(), [
      'Header field "IMPACT" is missing.',
      'Header field "PURPOSE" is still a placeholder: fill it in.',
    ]);
  });
  it('inserts a missing field before the closing rule line', () => {
    const sql = header({ 'ROLLBACK STRATEGY': null }) + 'SELECT 1;';
    const [f] = findingsOf(ID, sql, HEADER_ON);
    const fixed = applyEdits(sql, f.fixes[0].edits);
    assert.match(fixed, /-- Safe to re-run: uses IF NOT EXISTS guards\n-- ROLLBACK STRATEGY: <forward-fix plan, not migrate down>\n-- ====/);
  });
  it('honours a team template and its required list', () => {
    const opts = { ...HEADER_ON, config: { ...HEADER_ON.config!, header: { template: ['-- Ticket: <JIRA id>', '-- Owner: <name>'], required: ['Ticket'] } } };
    expectFires(ID, '-- Owner: ana\nSELECT 1;', opts);
    expectQuiet(ID, '-- Ticket: DB-12\nSELECT 1;', opts);
  });
});
