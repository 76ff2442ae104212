import { unwrap, unwrapAll } from '../parse/ast';
import type { Statement } from '../parse/parser';
import { inTransactionBlock, outsideTransactionAdvice } from './concurrently';
import { USERS_TABLE } from './docs-setup';
import { fix, insertLineAfter, removeStatement } from './fixes';
import { hasOption } from './locks';
import { defineRule, type Fix, type RuleContext } from './types';

/** What the statement is, when it is one PostgreSQL refuses to run inside a transaction block. */
function refusesTransaction(stmt: Statement): string | undefined {
  switch (stmt.kind) {
    case 'IndexStmt':
      return stmt.node.concurrent ? 'CREATE INDEX CONCURRENTLY' : undefined;
    case 'DropStmt':
      return stmt.node.concurrent ? 'DROP INDEX CONCURRENTLY' : undefined;
    case 'ReindexStmt':
      return hasOption(stmt.node.params, 'concurrently') ? 'REINDEX CONCURRENTLY' : undefined;
    case 'AlterTableStmt':
      return unwrapAll(stmt.node.cmds, 'AlterTableCmd').some((c) => unwrap(c.def, 'PartitionCmd')?.concurrent) ? 'DETACH PARTITION CONCURRENTLY' : undefined;
    case 'VacuumStmt':
      return stmt.node.is_vacuumcmd ? 'VACUUM' : undefined;
    default:
      return undefined;
  }
}

/** Where the file's own BEGIN … COMMIT wraps the statement (and the runner does not): move it past the COMMIT. */
function moveAfterCommit(stmt: Statement, ctx: RuleContext): Fix[] {
  if (ctx.transactionMode !== 'none' || stmt.scope !== 'top') return [];
  const statements = ctx.file.statements;
  const commit = statements.slice(statements.indexOf(stmt) + 1).find((s) => s.kind === 'TransactionStmt');
  if (commit?.kind !== 'TransactionStmt' || (commit.node.kind !== 'TRANS_STMT_COMMIT' && commit.node.kind !== 'TRANS_STMT_ROLLBACK')) return [];
  return fix('Move it after COMMIT', removeStatement(ctx, stmt), insertLineAfter(ctx, commit, `${ctx.textOf(stmt)};`));
}

export default defineRule({
  id: 'concurrently-in-transaction',
  category: 'safety',
  defaultSeverity: 'error',
  squawk: ['ban-concurrent-index-creation-in-transaction'],
  docs: {
    summary: 'This statement cannot run inside a transaction block: the migration fails.',
    why:
      '`CREATE INDEX CONCURRENTLY`, `DROP INDEX CONCURRENTLY`, `REINDEX CONCURRENTLY`, `DETACH PARTITION CONCURRENTLY` and `VACUUM` fail with "cannot run inside a transaction block". Whether a file runs in one depends on the runner: golang-migrate and Prisma send a file as one query, so a file of several statements is one implicit transaction while a file holding only that statement runs fine; Drizzle\'s migrator and the init-scripts runner apply a whole run in one transaction; the Supabase CLI wraps each file; psql-loaded numbered files do not run in one unless the file says `BEGIN`. Statements inside a `DO` block or function always run in a transaction.',
    instead:
      'Give the statement a migration the runner applies outside a transaction (golang-migrate, Prisma: a migration file holding only that statement), or, for psql-loaded files, move it after the file\'s own `COMMIT`. No lock is documented: the statement cannot run inside the transaction the lock test uses, which is the point of this rule.',
    setup: USERS_TABLE,
    bad: 'BEGIN;\nCREATE INDEX CONCURRENTLY users_name_idx ON users (name);\nCOMMIT;',
    good: 'CREATE INDEX CONCURRENTLY users_name_idx ON users (name);',
  },
  statementKinds: ['IndexStmt', 'DropStmt', 'ReindexStmt', 'AlterTableStmt', 'VacuumStmt'],
  checkStatement(stmt, ctx) {
    const what = refusesTransaction(stmt);
    if (!what || !inTransactionBlock(stmt, ctx)) return;
    return {
      message: `${what} cannot run inside a transaction block, and this statement runs in one: the migration fails. ${outsideTransactionAdvice(stmt, ctx)}`,
      fixes: moveAfterCommit(stmt, ctx),
    };
  },
});
