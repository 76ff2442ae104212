/** Explicit transaction control statements (BEGIN, COMMIT…) of a file, shared by the transaction rules. */
import type { Statement } from '../parse/parser';

type TransactionVerb = 'begin' | 'end' | 'other';

export function transactionVerb(stmt: Statement): TransactionVerb | undefined {
  if (stmt.kind !== 'TransactionStmt') return undefined;
  switch (stmt.node.kind as string) {
    case 'TRANS_STMT_BEGIN':
    case 'TRANS_STMT_START':
      return 'begin';
    case 'TRANS_STMT_COMMIT':
    case 'TRANS_STMT_ROLLBACK':
    case 'TRANS_STMT_PREPARE':
      return 'end';
    default:
      return 'other'; // SAVEPOINT, RELEASE, ROLLBACK TO: inside a transaction, they do not open or close it
  }
}
