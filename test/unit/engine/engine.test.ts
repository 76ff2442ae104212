import * as assert from 'node:assert/strict';
import { lintText } from '../../../server/src/engine';
import { resolveConfig } from '../../../server/src/config';
import { RULES_BY_ID } from '../../../server/src/rules/index';

const ID = 'create-table-without-if-not-exists';
const only = [RULES_BY_ID.get(ID)!, RULES_BY_ID.get('empty-migration')!];

describe('engine', () => {
  it('lints every other statement when one does not parse', () => {
    const sql = 'CREATE TABLE a (id int);\nCREATE TABLEX b;\nCREATE TABLE c (id int);';
    const f = lintText(sql, { path: 'db/init/01.sql', rules: only }).findings;
    assert.deepEqual(f.map((x) => [x.ruleId, sql.slice(x.start, x.end)]), [
      [ID, 'CREATE TABLE a (id int)'],
      ['syntax-error', 'TABLEX'],
      [ID, 'CREATE TABLE c (id int)'],
    ]);
  });

  it('applies severities: rule setting over category over default', () => {
    const sql = 'CREATE TABLE a (id int);';
    const sev = (config = resolveConfig()) => lintText(sql, { path: 'db/init/01.sql', config, rules: only }).findings.map((f) => f.severity);
    assert.deepEqual(sev(), ['warning']);
    assert.deepEqual(sev(resolveConfig({ categories: { idempotency: 'error' } })), ['error']);
    assert.deepEqual(sev(resolveConfig({ categories: { idempotency: 'error' }, rules: { [ID]: 'hint' } })), ['hint']);
    assert.deepEqual(sev(resolveConfig({ rules: { [ID]: 'off' } })), []);
    assert.deepEqual(sev(resolveConfig({ categories: { idempotency: 'off' } })), []);
  });

  it('keeps idempotency findings off outside re-run conventions unless the set or a setting asks for them', () => {
    const sql = 'CREATE TABLE a (id int);';
    const path = 'supabase/migrations/20240101000000_a.sql';
    const sev = (text: string, opts: Parameters<typeof lintText>[1]) => lintText(text, { rules: only, ...opts }).findings.map((f) => f.severity);
    assert.deepEqual(sev(sql, { path }), []);
    assert.deepEqual(sev(sql, { path, config: resolveConfig({ idempotent: true }) }), ['warning']);
    assert.deepEqual(sev(sql, { path: 'db/init/01.sql', config: resolveConfig({ idempotent: false }) }), []);
    assert.deepEqual(sev('-- Safe to re-run: no\n' + sql, { path }), []);
    assert.deepEqual(sev('-- Safe to re-run: uses IF NOT EXISTS guards\n' + sql, { path }), ['warning']);
    assert.deepEqual(sev(sql, { path, set: { repeatable: true } }), ['warning']);
    // Asked for: a category or rule setting turns them on again.
    assert.deepEqual(sev(sql, { path, config: resolveConfig({ categories: { idempotency: 'info' } }) }), ['info']);
    assert.deepEqual(sev(sql, { path, config: resolveConfig({ rules: { [ID]: 'warning' } }) }), ['warning']);
  });

  it('answers binary, oversized and empty files with one clear finding', () => {
    const bin = lintText('CREATE\u0000\u0001TABLE', { path: 'db/init/01.sql' }).findings;
    assert.deepEqual(bin.map((f) => [f.ruleId, f.message]), [['unlintable-file', 'Binary file (it contains NUL bytes): not linted.']]);
    const big = lintText('SELECT 1;\n'.repeat(300_000), { path: 'db/init/01.sql' }).findings;
    assert.equal(big.length, 1);
    assert.equal(big[0].ruleId, 'unlintable-file');
    assert.match(big[0].message, /File too large to lint: 2\.9 MB is over the 2\.0 MB limit/);
    assert.deepEqual(lintText('  -- only a comment\n', { path: 'db/init/01.sql', rules: only }).findings.map((f) => f.ruleId), ['empty-migration']);
    assert.deepEqual(lintText('', { path: 'db/init/01.sql', rules: only }).findings.map((f) => f.ruleId), ['empty-migration']);
    // A rollback with nothing to undo, said in a comment, is empty on purpose; an up file or a silent down file is not.
    for (const path of ['migrations/002_seed_plans.down.sql', 'db/migrations/002_seed_plans_down.sql']) {
      assert.deepEqual(lintText('-- Irreversible data migration: nothing to undo.\n', { path, rules: only }).findings, [], path);
      assert.deepEqual(lintText('', { path, rules: only }).findings.map((f) => f.ruleId), ['empty-migration'], path);
    }
    assert.deepEqual(lintText('-- nothing\n', { path: 'migrations/002_seed_plans.up.sql', rules: only }).findings.map((f) => f.ruleId), ['empty-migration']);
  });

  it('tracks explicit transactions against the convention default', () => {
    let seen: boolean[] = [];
    const probe = {
      id: 'probe', category: 'safety' as const, defaultSeverity: 'info' as const,
      docs: { summary: 's', why: 'w', instead: 'i', bad: 'b', good: 'g' },
      checkStatement(stmt: Parameters<NonNullable<import('../../../server/src/rules/types').Rule['checkStatement']>>[0], ctx: import('../../../server/src/rules/types').RuleContext) {
        if (stmt.kind === 'SelectStmt') seen.push(ctx.inTransaction(stmt));
        return undefined;
      },
    };
    const sql = 'SELECT 1; BEGIN; SELECT 2; COMMIT; SELECT 3;';
    lintText(sql, { path: 'db/001_x.sql', rules: [probe] }); // numbered: psql autocommit
    assert.deepEqual(seen, [false, true, false]);
    seen = [];
    // Prisma sends migration.sql as one query: a lone statement autocommits, several form one implicit transaction.
    lintText('SELECT 1;', { path: 'prisma/migrations/20240101000000_a/migration.sql', rules: [probe] });
    assert.deepEqual(seen, [false]);
    seen = [];
    lintText('SELECT 1; SELECT 2;', { path: 'prisma/migrations/20240101000000_a/migration.sql', rules: [probe] });
    assert.deepEqual(seen, [true, true]);
    seen = [];
    lintText('SELECT 1; BEGIN; SELECT 2; COMMIT; SELECT 3;', { path: 'db/migrations/1_a.up.sql', rules: [probe] });
    assert.deepEqual(seen, [true, true, true], 'golang-migrate: after COMMIT the next statement opens a new implicit transaction');
  });
});
