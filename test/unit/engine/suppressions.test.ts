import * as assert from 'node:assert/strict';
import { lintText } from '../../../server/src/engine';
import { RULES_BY_ID } from '../../../server/src/rules/index';
import { applyEdits } from '../rules/harness';

const ID = 'create-table-without-if-not-exists';
// Only the rule under test (plus the engine's own: syntax, unused-ignore), so other rules cannot blur the picture.
const lint = (sql: string) => lintText(sql, { path: 'db/init/01.sql', rules: [RULES_BY_ID.get(ID)!, RULES_BY_ID.get('empty-migration')!] });
const ids = (sql: string) => lint(sql).findings.map((f) => f.ruleId);

describe('suppressions', () => {
  it('lens-ignore covers the whole next statement, not just the next line', () => {
    const sql = `-- lens-ignore ${ID} -- legacy table, reviewed\nCREATE TABLE\n  a (\n  id int\n);\nCREATE TABLE b (id int);`;
    const f = lint(sql).findings;
    assert.deepEqual(f.map((x) => [x.ruleId, sql.slice(x.start, x.end)]), [[ID, 'CREATE TABLE b (id int)']]);
  });

  it('a comment before a DO block covers the statements inside it', () => {
    assert.deepEqual(ids(`-- lens-ignore ${ID}\nDO $$ BEGIN CREATE TABLE a (id int); END $$;`), []);
  });

  it('lens-ignore-file covers the file wherever it stands', () => {
    assert.deepEqual(ids(`CREATE TABLE a (id int);\nCREATE TABLE b (id int);\n-- lens-ignore-file ${ID}`), []);
  });

  it('an id-less lens-ignore silences every rule for that statement', () => {
    assert.deepEqual(ids('-- lens-ignore\nCREATE TABLE a (id int);'), []);
  });

  it("honours squawk's comments through rule aliases", () => {
    assert.deepEqual(ids('-- squawk-ignore prefer-robust-stmts\nCREATE TABLE a (id int);'), []);
    assert.deepEqual(ids('-- squawk-ignore-file prefer-robust-stmts\nCREATE TABLE a (id int);'), []);
    // A squawk comment for a rule we do not map is squawk's business, not an unused suppression.
    assert.deepEqual(ids('-- squawk-ignore ban-drop-column\nSELECT 1;'), []);
  });

  it('reports unused and unknown suppressions, with a fix that removes them', () => {
    const sql = `-- lens-ignore ${ID}\nCREATE TABLE IF NOT EXISTS a (id int);\n-- lens-ignore no-such-rule\nSELECT 1;`;
    const f = lint(sql).findings;
    assert.deepEqual(f.map((x) => [x.ruleId, x.message]), [
      ['unused-ignore', `lens-ignore ${ID} suppresses nothing here.`],
      ['unused-ignore', 'Unknown rule id "no-such-rule" in lens-ignore no-such-rule.'],
    ]);
    const fixed = applyEdits(sql, f[0].fixes[0].edits);
    assert.equal(fixed, 'CREATE TABLE IF NOT EXISTS a (id int);\n-- lens-ignore no-such-rule\nSELECT 1;');
  });

  it('keeps the used ids when only some ids of a comment are unused', () => {
    const sql = `-- lens-ignore ${ID}, empty-migration -- reason\nCREATE TABLE a (id int);`;
    const [f] = lint(sql).findings;
    assert.equal(f.ruleId, 'unused-ignore');
    assert.equal(applyEdits(sql, f.fixes[0].edits), `-- lens-ignore ${ID} -- reason\nCREATE TABLE a (id int);`);
  });
});
