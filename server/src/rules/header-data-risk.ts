import { activeHeader } from '../header/active';
import { field, isPlaceholder } from '../header/parse';
import { defineRule, type Report } from './types';

const LEVEL = /^(none|low|medium|high)\b\s*(.*)$/i;

export default defineRule({
  id: 'header-data-risk',
  category: 'header',
  defaultSeverity: 'error',
  docs: {
    summary: '`DATA RISK:` must be none, low, medium or high with a reason, and must not understate destructive statements.',
    why: 'Reviewers triage by the declared risk. A value outside the scale cannot be triaged, and `none` or `low` on a migration that drops or rewrites data sends it through review unnoticed.',
    instead: 'Write `DATA RISK: <level> (<reason>)`; raise it to medium or high when the migration drops, truncates, rewrites or tightens.',
    bad: `-- DATA RISK: none
ALTER TABLE users DROP COLUMN legacy_flag;`,
    good: `-- DATA RISK: high (drops users.legacy_flag; backup taken, column unused since v12)
ALTER TABLE users DROP COLUMN legacy_flag;`,
  },
  checkFindings(ctx, findings) {
    const active = activeHeader(ctx);
    const f = field(active?.header, 'DATA RISK');
    if (!active || !f || isPlaceholder(f.value)) return [];
    const out: Report[] = [];
    const m = LEVEL.exec(f.value);
    if (!m) out.push({ start: f.valueStart, end: f.valueEnd, message: `DATA RISK "${f.value}" must start with none, low, medium or high.` });
    else if (!m[2].replace(/[()\-–—:;,.+\s]/g, '')) {
      out.push({ start: f.valueStart, end: f.valueEnd, message: `DATA RISK ${m[1]} needs a brief justification.` });
    }
    const destructive = [...new Set(findings.filter((x) => ctx.isDestructive(x.ruleId)).map((x) => x.ruleId))];
    if (m && /^(none|low)$/i.test(m[1]) && destructive.length) {
      out.push({ start: f.valueStart, end: f.valueEnd, message: `DATA RISK says ${m[1]}, but the migration is destructive (${destructive.join(', ')}).` });
    }
    return out;
  },
});
