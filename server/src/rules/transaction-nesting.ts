import type { Statement } from '../parse/parser';
import { removeStatement } from './fixes';
import { transactionVerb } from './transactions';
import { defineRule, type Fix, type Report, type RuleContext } from './types';

export default defineRule({
  id: 'transaction-nesting',
  category: 'safety',
  defaultSeverity: 'error',
  squawk: ['transaction-nesting'],
  docs: {
    summary: 'BEGIN inside a transaction: the COMMIT that follows ends the runner\'s transaction early.',
    why: 'PostgreSQL has no nested transactions. A `BEGIN` inside an open transaction only prints a warning, and the matching `COMMIT` commits the *outer* transaction: everything after it, including the runner\'s own bookkeeping (the history-table row), runs outside any transaction, so a later failure leaves the migration half applied and unrecorded. Runners that wrap each file (the Supabase CLI) or a whole run (Drizzle\'s migrator, the init-scripts runner migrate-db.js) already provide the transaction. Runners that send the file as one query without a transaction of their own (golang-migrate, Prisma) and psql-loaded files are not affected: there `BEGIN … COMMIT` is how a file makes itself atomic.',
    instead: 'Leave transaction control to the runner: remove `BEGIN`/`COMMIT` from the file. Where a runner does not wrap files (golang-migrate, Prisma, psql-style scripts), one `BEGIN … COMMIT` pair is right; use `SAVEPOINT` for an inner unit.',
    bad: 'BEGIN;\nCREATE TABLE IF NOT EXISTS audit_log (id bigint PRIMARY KEY);\nCOMMIT;',
    good: 'CREATE TABLE IF NOT EXISTS audit_log (id bigint PRIMARY KEY);',
  },
  checkFile(ctx) {
    const reports: Report[] = [];
    // Runners that send the file as one query (`script`) open no transaction: BEGIN there turns the
    // implicit block into the file's own transaction, golang-migrate's documented way to be atomic.
    const runnerWraps = ctx.transactionMode === 'per-file' || ctx.transactionMode === 'all';
    let open = runnerWraps;
    let explicit = false;
    const statements = ctx.file.statements;
    statements.forEach((stmt, i) => {
      const verb = transactionVerb(stmt);
      if (verb === 'begin') {
        if (open) reports.push(nestingReport(ctx, stmt, explicit, explicit ? [] : unwrapFix(ctx, stmt, statements.slice(i + 1))));
        open = true;
        explicit = true;
      } else if (verb === 'end') {
        open = false;
        explicit = false;
      }
    });
    return reports;
  },
});

function nestingReport(ctx: RuleContext, stmt: Statement, afterBegin: boolean, fixes: Fix[]): Report {
  if (afterBegin) return { start: stmt.start, end: stmt.end, message: 'BEGIN after BEGIN: a transaction is already open, so this BEGIN is ignored and the first COMMIT ends both.' };
  const who = ctx.transactionMode === 'all' ? 'the runner applies every file inside one transaction' : 'the runner already wraps this file in a transaction';
  return {
    start: stmt.start,
    end: stmt.end,
    message: `Under the ${ctx.convention} convention ${who}: this BEGIN is ignored and its COMMIT ends the runner's transaction early. Remove BEGIN/COMMIT.`,
    fixes,
  };
}

/** Removes the BEGIN and the COMMIT that closes it, leaving transaction control to the runner. */
function unwrapFix(ctx: RuleContext, begin: Statement, rest: Statement[]): Fix[] {
  const close = rest.find((s) => transactionVerb(s) === 'end');
  // A ROLLBACK or PREPARE TRANSACTION at the end means something else (a dry run, two-phase commit): no mechanical fix.
  if (close && (close.kind !== 'TransactionStmt' || close.node.kind !== 'TRANS_STMT_COMMIT')) return [];
  const edits = [removeStatement(ctx, begin)];
  if (close) edits.push(removeStatement(ctx, close));
  return [{ title: 'Remove BEGIN/COMMIT (the runner provides the transaction)', edits }];
}
