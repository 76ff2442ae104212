import * as assert from 'node:assert/strict';
import { lintText } from '../../../server/src/engine';
import { RULES_BY_ID } from '../../../server/src/rules/index';

const SET_RULE = 'missing-down-migration';
const FILE_RULE = 'create-table-without-if-not-exists';
const rules = (...ids: string[]) => ids.map((id) => RULES_BY_ID.get(id)!);
const unused = (sql: string, active = rules(FILE_RULE, SET_RULE)) =>
  lintText(sql, { path: 'migrations/001_users.up.sql', rules: active }).findings.filter((f) => f.ruleId === 'unused-ignore').map((f) => f.message);

describe('unused-ignore and set-level rules', () => {
  it('never reports lens-ignore-file for a set-level rule: set linting uses it, one file cannot tell', () => {
    assert.ok(RULES_BY_ID.get(SET_RULE)?.checkSet, `${SET_RULE} is a set rule`);
    assert.deepEqual(unused(`-- lens-ignore-file ${SET_RULE}\nCREATE TABLE IF NOT EXISTS a (id int);`), []);
    assert.deepEqual(unused('-- lens-ignore-file\nCREATE TABLE IF NOT EXISTS a (id int);'), []);
  });

  it('still reports the other ids of the same comment', () => {
    assert.deepEqual(unused(`-- lens-ignore-file ${SET_RULE}, ${FILE_RULE}\nCREATE TABLE IF NOT EXISTS a (id int);`), [`lens-ignore ${FILE_RULE} suppresses nothing here.`]);
  });

  it('reports a statement-level lens-ignore of a set-level rule, saying what silences it', () => {
    assert.deepEqual(unused(`-- lens-ignore ${SET_RULE}\nCREATE TABLE IF NOT EXISTS a (id int);`), [
      `lens-ignore ${SET_RULE}: ${SET_RULE} is checked across the migration set and only \`-- lens-ignore-file ${SET_RULE}\` silences it.`,
    ]);
  });

  it('keeps reporting an id-less lens-ignore-file that nothing could use', () => {
    assert.deepEqual(unused('-- lens-ignore-file\nCREATE TABLE IF NOT EXISTS a (id int);', rules(FILE_RULE)), ['lens-ignore suppresses nothing here.']);
  });
});
