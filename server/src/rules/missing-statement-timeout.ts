import { USERS_TABLE } from './docs-setup';
import { STATEMENT_TIMEOUT, missingTimeoutReport } from './timeout-preamble';
import { defineRule } from './types';

export default defineRule({
  id: 'missing-statement-timeout',
  category: 'safety',
  defaultSeverity: 'info',
  squawk: ['require-timeout-settings'],
  docs: {
    summary: 'A strong lock on an existing table without statement_timeout: a slow statement keeps the table locked for as long as it runs.',
    why:
      'Once a statement holds a strong lock, everything else on the table waits until it finishes. If it turns out slower than expected (a rewrite, a validation scan, a lock wait on another table), nothing bounds the outage. `statement_timeout` cancels it instead.',
    instead:
      "Start the migration with `SET statement_timeout = '15min';` (or what the largest statement needs); a backfill that must run longer can raise it just for itself. Option `statementTimeout` sets the value the quick fix inserts (default `15min`). Where `lock_timeout` is missing at the same statement too, `missing-lock-timeout` reports both in one finding, whose fix adds both settings (unless either rule is off or silenced by a comment there).",
    lock: 'ACCESS EXCLUSIVE',
    setup: USERS_TABLE,
    bad: "SET lock_timeout = '5s';\nALTER TABLE users ADD CONSTRAINT users_email_has_at CHECK (email LIKE '%@%');",
    good: "SET lock_timeout = '5s';\nSET statement_timeout = '15min';\nALTER TABLE users ADD CONSTRAINT users_email_has_at CHECK (email LIKE '%@%');",
  },
  options: { statementTimeout: { type: 'duration', default: '15min', description: 'The `statement_timeout` the quick fix inserts.' } },
  checkFile(ctx) {
    return missingTimeoutReport(ctx, STATEMENT_TIMEOUT);
  },
});
