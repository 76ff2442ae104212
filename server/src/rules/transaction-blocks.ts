/**
 * Which statements share a transaction block: what rules about "in the same transaction"
 * (holding locks, NOT VALID then VALIDATE, lock counts) need beyond ctx.inTransaction.
 */
import type { Statement } from '../parse/parser';
import type { RuleContext } from './types';

interface TransactionBlock {
  /** Executed statements of the block (DO-block statements included), in order. */
  statements: Statement[];
  /** False for a statement that runs on its own in autocommit (a block of one, unless it is a DO block). */
  inTransaction: boolean;
}

/**
 * Splits the file's executed statements into the transaction blocks they run in, using the
 * convention's wrapping plus explicit BEGIN/COMMIT. A statement in autocommit is a block of its own.
 */
export function transactionBlocks(ctx: RuleContext): TransactionBlock[] {
  const blocks: TransactionBlock[] = [];
  let current: TransactionBlock | undefined;
  for (const stmt of ctx.file.executed) {
    const top = stmt.parent ?? stmt;
    if (top.kind === 'TransactionStmt') {
      // BEGIN starts a block, COMMIT/ROLLBACK end one: either way the next statement is in a new one.
      if (BOUNDARIES.has(top.node.kind ?? '')) current = undefined;
      continue;
    }
    if (!ctx.inTransaction(stmt)) {
      current = undefined;
      const last = blocks[blocks.length - 1];
      if (stmt.parent && last?.statements[0] === stmt.parent) last.statements.push(stmt);
      // A DO block is one statement: in autocommit its body still runs as one transaction.
      else blocks.push({ statements: [stmt], inTransaction: stmt.kind === 'DoStmt' });
      continue;
    }
    if (!current) blocks.push((current = { statements: [], inTransaction: true }));
    current.statements.push(stmt);
  }
  return blocks;
}

/** SAVEPOINT and RELEASE stay inside the block; these open or close one. */
const BOUNDARIES = new Set<string>(['TRANS_STMT_BEGIN', 'TRANS_STMT_START', 'TRANS_STMT_COMMIT', 'TRANS_STMT_ROLLBACK', 'TRANS_STMT_PREPARE']);

/** Session settings take no lock and cost nothing: they do not prolong a held lock. */
export function isControlStatement(stmt: Statement): boolean {
  return stmt.kind === 'VariableSetStmt' || stmt.kind === 'VariableShowStmt';
}
