import { USERS_TABLE } from './docs-setup';
import { describeLock, locksOnExisting, type RelationLock } from './locks';
import { isControlStatement, transactionBlocks } from './transaction-blocks';
import { defineRule, type Report } from './types';

export default defineRule({
  id: 'holding-access-exclusive',
  category: 'safety',
  defaultSeverity: 'warning',
  docs: {
    summary: 'More statements run in the transaction after it took ACCESS EXCLUSIVE on an existing table: the table stays unusable until COMMIT.',
    why: 'A transaction keeps every lock until it ends. After a statement takes ACCESS EXCLUSIVE on a table, nobody can read or write that table until COMMIT, so every later statement of the transaction (a backfill, an index build, waiting for a lock on another table) adds to the outage.',
    instead: 'Put the statement that takes ACCESS EXCLUSIVE last in its transaction, or in a migration of its own; run backfills and other slow work in separate transactions.',
    lock: 'ACCESS EXCLUSIVE',
    setup: USERS_TABLE,
    bad: "ALTER TABLE users ADD COLUMN nickname text;\nUPDATE users SET nickname = name;",
    good: "ALTER TABLE users ADD COLUMN nickname text;\n-- backfill nickname in a later migration, in batches",
  },
  checkFile(ctx) {
    const reports: Report[] = [];
    for (const block of transactionBlocks(ctx)) {
      if (!block.inTransaction) continue;
      let held: { lock: RelationLock; line: number } | undefined;
      for (const stmt of block.statements) {
        if (held && !isControlStatement(stmt) && stmt.kind !== 'DoStmt') {
          reports.push({
            start: stmt.start,
            end: stmt.end,
            message: `Runs while ${describeLock(held.lock)} is still locked ACCESS EXCLUSIVE (taken on line ${held.line}): every query on it waits until COMMIT. Take that lock last, or move this to another transaction.`,
          });
          break;
        }
        const lock = locksOnExisting(stmt, ctx).find((l) => l.mode === 'ACCESS EXCLUSIVE');
        if (lock && !held) held = { lock, line: lineOf(ctx.file.text, stmt.start) };
      }
    }
    return reports;
  },
});

function lineOf(text: string, offset: number): number {
  let line = 1;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) line++;
  return line;
}
