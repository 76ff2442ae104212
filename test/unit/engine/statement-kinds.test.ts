/**
 * Rules that declare `statementKinds` are offered only those statements. A declaration that
 * leaves out a kind the rule reports on would silently lose findings: every such rule is run
 * here on every statement of its docs examples, the generated benchmark corpus and (where built)
 * the real-history corpus, and must report nothing on the kinds it left out.
 */
import { strict as assert } from 'node:assert';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { lintText } from '../../../server/src/engine';
import { ALL_RULES } from '../../../server/src/rules/index';
import type { Report, Rule, RuleContext } from '../../../server/src/rules/types';

const REPO = path.resolve(__dirname, '../../..');
const REAL = path.join(REPO, 'bench/.cache/real-corpus');

async function texts(): Promise<string[]> {
  const out: string[] = [];
  for (const r of ALL_RULES) for (const t of [r.docs.bad, r.docs.good, r.docs.setup]) if (typeof t === 'string' && !r.checkSet) out.push(t);
  const { cliCorpus } = (await import(path.join(REPO, 'bench/corpus.mjs'))) as { cliCorpus(count?: number): { text: string }[] };
  out.push(...cliCorpus(60).map((f) => f.text));
  if (existsSync(REAL)) {
    for (const f of readdirSync(REAL, { recursive: true }) as string[]) if (f.endsWith('.sql')) out.push(readFileSync(path.join(REAL, f), 'utf8'));
  }
  return out;
}

describe('engine: rules offered statements by kind', function () {
  this.timeout(120_000);
  it('a rule reports nothing on the statement kinds it did not declare', async () => {
    const declared = ALL_RULES.filter((r) => r.checkStatement && r.statementKinds);
    const misses: string[] = [];
    // A probe rule per declared rule: offered every statement (no declaration), it calls the real
    // check on the kinds left out and records any report.
    const probes: Rule[] = declared.map((rule) => ({
      ...rule,
      statementKinds: undefined,
      checkStatement(stmt, ctx: RuleContext): Report[] {
        if (rule.statementKinds!.includes(stmt.kind)) return [];
        const r = rule.checkStatement!(stmt, ctx);
        const reports = r === undefined ? [] : Array.isArray(r) ? r : [r];
        if (reports.length) misses.push(`${rule.id} reports on ${stmt.kind}: ${ctx.textOf(stmt).slice(0, 80)}`);
        return [];
      },
      checkFile: undefined,
      checkFindings: undefined,
    }));
    for (const text of await texts()) lintText(text, { rules: probes, path: 'migrations/0001_probe.sql' });
    assert.deepEqual([...new Set(misses)].slice(0, 20), []);
  });
});
