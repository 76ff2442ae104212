import { describeLock, disruptsTraffic, locksOnExisting } from './locks';
import { transactionBlocks } from './transaction-blocks';
import { defineRule, type Report } from './types';

export default defineRule({
  id: 'many-tables-locked',
  category: 'safety',
  defaultSeverity: 'info',
  docs: {
    summary: 'One transaction takes write-blocking locks on many existing tables: more traffic waits, and deadlocks become likely.',
    why:
      'Every table a transaction locks stays locked until COMMIT. Locking several busy tables in one transaction widens the outage to all of them, and taking the locks one after another while the application locks them in another order invites deadlocks.',
    instead: 'Split the migration so each transaction changes one table (or a few), with a short `lock_timeout`. Option `threshold` (default 3) is how many tables it takes to fire.',
    lock: 'ACCESS EXCLUSIVE',
    setup: 'CREATE TABLE users (id bigint PRIMARY KEY);\nCREATE TABLE orders (id bigint PRIMARY KEY);\nCREATE TABLE invoices (id bigint PRIMARY KEY);',
    bad: 'ALTER TABLE users ADD COLUMN archived boolean;\nALTER TABLE orders ADD COLUMN archived boolean;\nALTER TABLE invoices ADD COLUMN archived boolean;',
    good: 'ALTER TABLE users ADD COLUMN archived boolean;\n-- orders and invoices in migrations of their own',
  },
  options: { threshold: { type: 'integer', minimum: 2, default: 3, description: 'How many existing tables one transaction must lock to fire.' } },
  checkFile(ctx) {
    // Validated with the configuration (rules/known.ts): a bad value never reaches here.
    const threshold = typeof ctx.options.threshold === 'number' ? ctx.options.threshold : 3;
    const reports: Report[] = [];
    for (const block of transactionBlocks(ctx)) {
      const locked = new Map<string, string>();
      for (const stmt of block.statements) {
        for (const lock of locksOnExisting(stmt, ctx).filter(disruptsTraffic)) locked.set(`${lock.target}:${lock.name}`, describeLock(lock));
        if (locked.size >= threshold) {
          reports.push({ start: stmt.start, end: stmt.end, message: `This transaction now holds write-blocking locks on ${locked.size} existing tables (${[...locked.values()].join(', ')}) until COMMIT: split it.` });
          break;
        }
      }
    }
    return reports;
  },
});
