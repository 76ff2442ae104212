/**
 * Failure isolation in the engine: a rule that throws loses only its own findings for the file,
 * once, and the other rules still run; the CLI reports it as one warning of that rule instead of
 * failing the whole run. Set-level rules (checkSet) are isolated the same way, in layout/lint-set.ts.
 */
import { strict as assert } from 'node:assert';
import { lintWithFailures } from '../../../server/src/cli/lint-files';
import { lintText } from '../../../server/src/engine';
import { ALL_RULES } from '../../../server/src/rules/index';
import { defineRule } from '../../../server/src/rules/types';
import { resolveConfig } from '../../../server/src/config';
import { lintSet } from '../../../server/src/layout/lint-set';
import { cleanTemp, materialize, readFromDisk, setsOf } from '../layout/helpers';

const exploding = defineRule({
  id: 'exploding-rule',
  category: 'style',
  defaultSeverity: 'warning',
  docs: { summary: 's', why: 'w', instead: 'i', bad: 'SELECT 1;', good: 'SELECT 1;' },
  checkStatement(stmt) {
    if (stmt.kind === 'SelectStmt') throw new Error('boom');
    return undefined;
  },
});
const text = 'CREATE TABLE t (id bigint);\nSELECT 1;\nSELECT 2;\n';

describe('engine failure isolation', () => {
  it('a throwing rule is one failure at its first statement; the other rules still report', () => {
    const thrown: string[] = [];
    const result = lintText(text, { path: 'db/init/01.sql', rules: [...ALL_RULES, exploding], onRuleError: (id) => thrown.push(id) });
    assert.deepEqual(result.failures, [{ ruleId: 'exploding-rule', message: 'boom', start: text.indexOf('SELECT 1'), end: text.indexOf('SELECT 1') + 8 }]);
    assert.deepEqual(thrown, ['exploding-rule', 'exploding-rule']);
    assert.ok(result.findings.some((f) => f.ruleId === 'create-table-without-if-not-exists'));
  });

  it('isolates file-level and findings-level checks too', () => {
    const fileLevel = defineRule({ ...exploding, id: 'exploding-file-rule', checkStatement: undefined, checkFile: () => { throw new TypeError('nope'); } });
    const judging = defineRule({ ...exploding, id: 'exploding-judge', checkStatement: undefined, checkFindings: () => { throw new RangeError('late'); } });
    const result = lintText('SELECT 1;\n', { rules: [...ALL_RULES, fileLevel, judging] });
    assert.deepEqual(result.failures.map((f) => [f.ruleId, f.message, f.start, f.end]), [['exploding-file-rule', 'nope', 0, 0], ['exploding-judge', 'late', 0, 0]]);
  });

  it('the CLI turns the failure into one warning of that rule and keeps the other findings', () => {
    const errors: string[] = [];
    const io = { err: (s: string) => errors.push(s) } as unknown as Parameters<typeof lintWithFailures>[2];
    const findings = lintWithFailures(text, { path: 'db/init/01.sql', rules: [...ALL_RULES, exploding] }, io);
    const failed = findings.filter((f) => f.ruleId === 'exploding-rule');
    assert.equal(failed.length, 1);
    assert.equal(failed[0].severity, 'warning');
    assert.match(failed[0].message, /^Rule exploding-rule failed on this statement \(the other rules still ran\): boom$/);
    assert.equal(failed[0].start, text.indexOf('SELECT 1'));
    assert.ok(findings.some((f) => f.ruleId === 'create-table-without-if-not-exists'));
    assert.equal(errors.length, 2, 'each throw is logged to stderr');
  });
});

describe('set-level rule failure isolation', () => {
  after(cleanTemp);

  it('a throwing set rule is one warning on the set\'s first file; the other set rules still report', () => {
    const root = materialize('migrations/001_users.up.sql\nmigrations/002_orders.up.sql');
    const [set] = setsOf(root);
    const explodingSet = defineRule({ ...exploding, id: 'exploding-set-rule', checkStatement: undefined, checkSet: () => { throw new Error('set boom'); } });
    const thrown: string[] = [];
    const findings = lintSet(set, resolveConfig(), readFromDisk, [...ALL_RULES, explodingSet], undefined, (id) => thrown.push(id));
    const all = [...findings.entries()].flatMap(([path, list]) => list.map((f) => ({ ...f, path })));
    const failed = all.filter((f) => f.ruleId === 'exploding-set-rule');
    assert.deepEqual(failed.map((f) => [f.path, f.severity, f.message]), [[set.files[0].path, 'warning', 'Rule exploding-set-rule failed on this migration set (the other rules still ran): set boom']]);
    assert.deepEqual(thrown, ['exploding-set-rule']);
    assert.ok(all.some((f) => f.ruleId === 'missing-down-migration'), 'the other set rules still ran');
  });
});
