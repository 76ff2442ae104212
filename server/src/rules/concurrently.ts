/**
 * Shared by the `…-not-concurrently` rules and `concurrently-in-transaction`: whether a
 * statement that cannot run in a transaction block would land in one, and what to do then.
 */
import type { Statement } from '../parse/parser';
import { fix } from './fixes';
import type { Edit, Report, RuleContext } from './types';

/** Whether a statement that refuses transaction blocks (CONCURRENTLY, VACUUM) would be inside one. */
export function inTransactionBlock(stmt: Statement, ctx: RuleContext): boolean {
  // PL/pgSQL always runs inside the calling statement's transaction.
  if (stmt.scope !== 'top') return true;
  return ctx.inTransaction(stmt);
}

/** Why the statement is inside a transaction block and how to get it out, for messages. */
export function outsideTransactionAdvice(stmt: Statement, ctx: RuleContext): string {
  if (stmt.scope !== 'top') return 'A DO block or function runs inside a transaction: run the statement at top level.';
  switch (ctx.transactionMode) {
    case 'none':
      return 'Move it after the COMMIT of the explicit transaction.';
    case 'script':
      // The file is one query string: even after the file's own COMMIT the next statement opens a new implicit block.
      return ctx.convention === 'prisma'
        ? 'Prisma sends migration.sql as one query, and a query of several statements is one implicit transaction: put this statement alone in a migration of its own.'
        : 'The runner sends the file as one query, and a query of several statements is one implicit transaction (a COMMIT in the file does not end it for the statements after it): put this statement alone in a migration file of its own.';
    case 'all':
      return ctx.convention === 'drizzle'
        ? "Drizzle's migrator applies all pending migrations in one transaction: run this statement outside the migrator (a separate step after it), or use the blocking form."
        : 'This set applies all files in one transaction: run it as a separate step outside the migration run.';
    default:
      return `The ${ctx.convention} runner applies each file in a transaction: put it in a migration the runner applies outside one.`;
  }
}

/**
 * The report for a blocking statement that has a CONCURRENTLY form: with the fix where the
 * statement can run outside a transaction block, with advice where it cannot.
 */
export function concurrentlyReport(stmt: Statement, ctx: RuleContext, message: string, edit: Edit | undefined): Report {
  if (inTransactionBlock(stmt, ctx)) return { message: `${message} ${outsideTransactionAdvice(stmt, ctx)}` };
  return { message, fixes: fix('Add CONCURRENTLY', edit) };
}
