/**
 * A fix never harms: applying any rule's quick fix to its docs `bad` example removes that finding
 * and brings back no finding of the same concern (the rule itself, or a rule of its category, or
 * a rule whose fixes touch the same thing) that was not there before. This is how "use integer
 * GENERATED … AS IDENTITY" used to bring back "use bigint".
 */
import * as assert from 'node:assert/strict';
import { parseSql } from '../../../server/src/parse/parser';
import { ALL_RULES } from '../../../server/src/rules/index';
import type { Finding } from '../../../server/src/engine';
import { applyEdits, findingsOf } from './harness';
import { HEADER_ON } from './header-fixtures';

/** Rules of different categories that judge the same thing. */
const SIBLINGS: string[][] = [['prefer-bigint', 'prefer-identity'], ['create-index-not-concurrently', 'concurrently-in-transaction'], ['drop-index-not-concurrently', 'concurrently-in-transaction']];

function concernOf(ruleId: string, category: string): Set<string> {
  const ids = new Set(ALL_RULES.filter((r) => r.category === category).map((r) => r.id));
  for (const group of SIBLINGS) if (group.includes(ruleId)) for (const id of group) ids.add(id);
  return ids;
}

/**
 * Known follow-ups that a fix's own title announces: the NOT NULL recipe's first statement belongs
 * in an earlier migration ("move the first statement to an earlier migration"), and
 * validate-in-same-transaction and holding-access-exclusive (the constraint's ACCESS EXCLUSIVE held
 * while it validates) say so until the author moves it.
 */
const ANNOUNCED: Record<string, string[]> = { 'set-not-null-on-existing-column': ['validate-in-same-transaction', 'holding-access-exclusive'] };

/** A header fix inserts a template for the author to fill in: its `<placeholders>` are filled as the author would. */
const filled = (text: string) => text.replace(/<[^<>\n]*>/g, 'low: written by the author');

function lintAll(sql: string, header: boolean): Finding[] {
  return ALL_RULES.flatMap((r) => findingsOf(r.id, sql, header ? HEADER_ON : {}));
}

const count = (findings: Finding[]) => {
  const m = new Map<string, number>();
  for (const f of findings) m.set(f.ruleId, (m.get(f.ruleId) ?? 0) + 1);
  return m;
};

describe('every quick fix settles its concern', () => {
  let checked = 0;
  for (const rule of ALL_RULES) {
    if (rule.checkSet) continue;
    it(`${rule.id}: its fixes remove the finding and bring back none of the same concern`, () => {
      const header = rule.category === 'header';
      const bad = rule.docs.bad;
      const before = lintAll(bad, header);
      const concern = concernOf(rule.id, rule.category);
      for (const finding of before.filter((f) => f.ruleId === rule.id)) {
        for (const fix of finding.fixes) {
          checked++;
          const fixed = applyEdits(bad, header ? fix.edits.map((e) => ({ ...e, newText: filled(e.newText) })) : fix.edits);
          assert.deepEqual(parseSql(fixed).syntaxErrors, [], `"${fix.title}" leaves SQL that parses:\n${fixed}`);
          const after = count(lintAll(fixed, header).filter((f) => concern.has(f.ruleId)));
          const was = count(before.filter((f) => concern.has(f.ruleId)));
          assert.ok((after.get(rule.id) ?? 0) < (was.get(rule.id) ?? 0), `"${fix.title}" removes its ${rule.id} finding:\n${fixed}`);
          for (const [id, n] of after) if (!ANNOUNCED[rule.id]?.includes(id) || !/earlier migration/.test(fix.title)) assert.ok(n <= (was.get(id) ?? 0), `"${fix.title}" (${rule.id}) brings ${id} back:\n${fixed}`);
        }
      }
    });
  }
  after(() => assert.ok(checked > 20, `fixes checked: ${checked}`));
});
