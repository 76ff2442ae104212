import { USERS_TABLE } from './docs-setup';
import { LOCK_TIMEOUT, missingTimeoutReport } from './timeout-preamble';
import { defineRule } from './types';

export default defineRule({
  id: 'missing-lock-timeout',
  category: 'safety',
  defaultSeverity: 'warning',
  squawk: ['require-timeout-settings'],
  docs: {
    summary: 'A strong lock on an existing table without lock_timeout: while it waits for the lock, every query on the table queues behind it.',
    why:
      'A statement that needs a strong lock (SHARE and above: writes blocked; ACCESS EXCLUSIVE: reads too) waits for every transaction already using the table, such as a long report or an idle-in-transaction session. While it waits, all new queries on the table queue behind it: a quick `ADD COLUMN` becomes an outage. In a transaction that locks several tables (a migration that alters two tables, or a migrator that applies several files in one transaction), the tables locked earlier stay unusable while a later statement waits. `lock_timeout` makes the migration give up instead, so it can be retried.',
    instead:
      "Start the migration with `SET lock_timeout = '5s';` (before the first statement that takes a strong lock on an existing table; `SET LOCAL` inside a transaction) and retry on failure. Option `lockTimeout` sets the value the quick fix inserts (default `5s`). Where `statement_timeout` is missing at the same statement too, this finding names both and its fix adds both settings (`missing-statement-timeout` then reports nothing there).",
    lock: 'ACCESS EXCLUSIVE',
    setup: USERS_TABLE,
    bad: 'ALTER TABLE users ADD COLUMN nickname text;',
    good: "SET lock_timeout = '5s';\nALTER TABLE users ADD COLUMN nickname text;",
  },
  options: { lockTimeout: { type: 'duration', default: '5s', description: 'The `lock_timeout` the quick fix inserts.' } },
  checkFile(ctx) {
    return missingTimeoutReport(ctx, LOCK_TIMEOUT);
  },
});
