import * as assert from 'node:assert/strict';
import { expectDocsExamples, expectFires, expectFixed, expectQuiet, findingsOf } from './harness';
import { HEADER_ON, PATH, header } from './header-fixtures';

const ID = 'header-missing';

describe(ID, () => {
  it('follows its docs examples with the header preset on', () => expectDocsExamples(ID, HEADER_ON));
  it('is off unless the workspace configures a header', () => {
    assert.deepEqual(findingsOf(ID, 'SELECT 1;', { path: PATH }), []);
  });
  it('fires on a file without a header, quiet with one', () => {
    expectFires(ID, 'CREATE TABLE IF NOT EXISTS t (id int);', HEADER_ON);
    expectQuiet(ID, header() + 'CREATE TABLE IF NOT EXISTS t (id int);', HEADER_ON);
  });
  it('inserts the template with the migration name filled in', () => {
    const fixed = expectFixed(ID, 'SELECT 1;', HEADER_ON);
    assert.match(fixed, /^-- ={10,}\n-- StudyBoost — add user preferences\n-- Migration: 202604211430_add_user_preferences\n-- Date: \d{4}-\d\d-\d\d \d\d:\d\d\n/);
    assert.ok(fixed.endsWith('SELECT 1;'));
  });
});
