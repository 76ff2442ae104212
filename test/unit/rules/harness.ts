/**
 * Shared checks for rule tests: SQL that must fire a rule, SQL that must not, and fixes that
 * must re-parse and make the finding go away. Every rule's test file uses these.
 */
import * as assert from 'node:assert/strict';
import { lintText, type Finding, type LintOptions } from '../../../server/src/engine';
import { parseSql } from '../../../server/src/parse/parser';
import { RULES_BY_ID } from '../../../server/src/rules/index';
import type { Edit } from '../../../server/src/rules/types';

export function findingsOf(ruleId: string, sql: string, opts: LintOptions = {}): Finding[] {
  return lintText(sql, { path: 'db/init/001_test.sql', ...opts }).findings.filter((f) => f.ruleId === ruleId);
}

/** The rule fires at least once on `sql`; returns its findings. */
export function expectFires(ruleId: string, sql: string, opts: LintOptions = {}): Finding[] {
  assert.ok(RULES_BY_ID.has(ruleId), `rule ${ruleId} is registered`);
  const found = findingsOf(ruleId, sql, opts);
  assert.ok(found.length > 0, `${ruleId} should fire on:\n${sql}`);
  return found;
}

export function expectQuiet(ruleId: string, sql: string, opts: LintOptions = {}): void {
  assert.ok(RULES_BY_ID.has(ruleId), `rule ${ruleId} is registered`);
  const found = findingsOf(ruleId, sql, opts);
  assert.deepEqual(found.map((f) => f.message), [], `${ruleId} should not fire on:\n${sql}`);
}

export function applyEdits(text: string, edits: Edit[]): string {
  const sorted = [...edits].sort((a, b) => b.start - a.start);
  let out = text;
  for (const e of sorted) out = out.slice(0, e.start) + e.newText + out.slice(e.end);
  return out;
}

/** Applies the first fix of the first finding; the result parses and no longer fires the rule. Returns the fixed text. */
export function expectFixed(ruleId: string, sql: string, opts: LintOptions = {}): string {
  const [finding] = expectFires(ruleId, sql, opts);
  assert.ok(finding.fixes.length > 0, `${ruleId} should offer a fix for:\n${sql}`);
  const fixed = applyEdits(sql, finding.fixes[0].edits);
  assert.deepEqual(parseSql(fixed).syntaxErrors, [], `fixed text parses:\n${fixed}`);
  assert.deepEqual(findingsOf(ruleId, fixed, opts), [], `${ruleId} is gone after the fix:\n${fixed}`);
  return fixed;
}

/** Every rule's docs examples behave: the bad example fires it, the good one does not. */
export function expectDocsExamples(ruleId: string, opts: LintOptions = {}): void {
  const rule = RULES_BY_ID.get(ruleId);
  assert.ok(rule, `rule ${ruleId} is registered`);
  expectFires(ruleId, rule.docs.bad, opts);
  expectQuiet(ruleId, rule.docs.good, opts);
}

/** Paths of a Prisma and a Drizzle set: conventions that write their SQL from a schema. */
export const PRISMA_FILE = { path: 'prisma/migrations/20230404095503_initial_migration/migration.sql' };
export const DRIZZLE_FILE = { path: 'migrations/0000_reflective_puck.sql' };

/** One finding on `typeText` in `sql`, whose message names the change to make in the ORM's schema, and no SQL edit. */
export function expectSchemaAdvice(ruleId: string, sql: string, opts: LintOptions, typeText: string, advice: RegExp): void {
  const found = expectFires(ruleId, sql, opts);
  assert.equal(found.length, 1, sql);
  assert.equal(sql.slice(found[0].start, found[0].end), typeText);
  assert.match(found[0].message, advice);
  assert.deepEqual(found[0].fixes, [], `no SQL edit: the ORM would change it back\n${sql}`);
}
