import { activeHeader } from '../header/active';
import { field } from '../header/parse';
import { defineRule } from './types';

export default defineRule({
  id: 'rerun-claim-contradicted',
  category: 'header',
  defaultSeverity: 'error',
  docs: {
    summary: 'The header claims "Safe to re-run" but a statement is not idempotent.',
    why: 'Operators trust the claim when a deploy is retried after a partial failure. A statement that fails or duplicates data on the second run turns that retry into an outage.',
    instead: 'Make every statement idempotent (the idempotency rules show how), or change the claim to `Safe to re-run: no` with the reason.',
    bad: `-- Safe to re-run: uses IF NOT EXISTS guards
CREATE TABLE user_preferences (user_id uuid PRIMARY KEY);`,
    good: `-- Safe to re-run: uses IF NOT EXISTS guards
CREATE TABLE IF NOT EXISTS user_preferences (user_id uuid PRIMARY KEY);`,
  },
  checkFindings(ctx, findings) {
    const active = activeHeader(ctx);
    const claim = field(active?.header, 'Safe to re-run');
    if (!active || !claim || /^(no|false|not|never)\b/i.test(claim.value)) return [];
    return findings
      .filter((f) => f.category === 'idempotency')
      .map((f) => ({ start: f.start, end: f.end, message: `The header claims "Safe to re-run", but this statement is not idempotent (${f.ruleId}).` }));
  },
});
