import { relationName, unwrap, unwrapAll } from '../parse/ast';
import type { Statement, StatementOf } from '../parse/parser';
import { USERS_TABLE } from './docs-setup';
import { describeLock, droppedByFile, isExistingTable, locksOnExisting, mayHaveRows, type RelationLock } from './locks';
import { isControlStatement, transactionBlocks } from './transaction-blocks';
import { defineRule, type Report, type RuleContext } from './types';
import { rewriteReason } from './volatile-default-rewrite';

export default defineRule({
  id: 'holding-access-exclusive',
  category: 'safety',
  defaultSeverity: 'warning',
  docs: {
    summary: 'Slow work runs in the transaction after it took ACCESS EXCLUSIVE on an existing table: the table stays unusable until COMMIT.',
    why: 'A transaction keeps every lock until it ends. After a statement takes ACCESS EXCLUSIVE on a table, nobody can read or write that table until COMMIT, so every slow statement after it in the transaction adds to the outage: a scan, a rewrite, an index build, a validation, a data change, or waiting for a lock on another table. Statements that only change the catalog (`SET DEFAULT`, `DROP DEFAULT`, `COMMENT`, `RENAME`, `DROP CONSTRAINT`, `ADD COLUMN` without a volatile default, `GRANT`, a new function or type) finish in microseconds and are not reported. Waiting for a lock on another table is not reported here: two statements that each take ACCESS EXCLUSIVE hold one lock while waiting for the other in either order, and what bounds that wait is `lock_timeout`, which `missing-lock-timeout` asks for (when it runs out, the migration fails and releases the lock).',
    instead: 'Put the statement that takes ACCESS EXCLUSIVE last in its transaction, or in a migration of its own; run backfills and other slow work in separate transactions. A CHECK or FOREIGN KEY added without NOT VALID is reported by `check-constraint-not-valid-missing` and `foreign-key-not-valid-missing` instead: adding it NOT VALID takes its scan out of the transaction.',
    lock: 'ACCESS EXCLUSIVE',
    setup: USERS_TABLE,
    bad: "ALTER TABLE users ADD COLUMN nickname text;\nUPDATE users SET nickname = name;",
    good: "ALTER TABLE users ADD COLUMN nickname text;\nALTER TABLE users ALTER COLUMN nickname SET DEFAULT '';\nCOMMENT ON COLUMN users.nickname IS 'shown in the header';\n-- backfill nickname in a later migration, in batches",
  },
  checkFile(ctx) {
    const reports: Report[] = [];
    for (const block of transactionBlocks(ctx)) {
      if (!block.inTransaction) continue;
      let held: { lock: RelationLock; line: number } | undefined;
      for (const stmt of block.statements) {
        const slow = held && !isControlStatement(stmt) && stmt.kind !== 'DoStmt' ? slowWork(stmt, ctx) : undefined;
        if (held && slow) {
          reports.push({
            start: stmt.start,
            end: stmt.end,
            message: `This ${slow} while ${describeLock(held.lock)} is still locked ACCESS EXCLUSIVE (taken on line ${held.line}): every query on it waits until COMMIT. Take that lock last, or move this to another transaction.`,
          });
          break;
        }
        // A table the file drops has nothing left to protect: holding its lock longer costs nothing.
        const lock = locksOnExisting(stmt, ctx).find((l) => l.mode === 'ACCESS EXCLUSIVE' && !(l.target !== 'index' && droppedByFile(l.name, ctx)));
        if (lock && !held) held = { lock, line: lineOf(ctx.file.text, stmt.start) };
      }
    }
    return reports;
  },
});

/** What makes the statement slow while a lock is held (`scans …`, `rewrites …`), or undefined for catalog-only work. */
function slowWork(stmt: Statement, ctx: RuleContext): string | undefined {
  // Waiting for another table's lock is not slow work here: a file that took the held lock
  // without lock_timeout has missing-lock-timeout's finding already, and lock_timeout, not an
  // order of statements, bounds that wait.
  switch (stmt.kind) {
    case 'InsertStmt':
    case 'UpdateStmt':
    case 'DeleteStmt':
    case 'MergeStmt': {
      const n = stmt.node;
      const table = relationName(n.relation);
      const fromQuery =
        stmt.kind === 'InsertStmt'
          ? unwrap(stmt.node.selectStmt, 'SelectStmt')?.fromClause?.length
          : stmt.kind === 'UpdateStmt'
            ? stmt.node.fromClause?.length
            : stmt.kind === 'DeleteStmt'
              ? stmt.node.usingClause?.length
              : stmt.node.sourceRelation;
      if (!isExistingTable(table, stmt, ctx) && !fromQuery) return undefined; // rows into a table made in this file
      return `changes data of ${table}`;
    }
    case 'CopyStmt':
      return `copies data${stmt.node.relation ? ` into ${relationName(stmt.node.relation)}` : ''}`;
    case 'SelectStmt':
      return stmt.node.fromClause?.length || stmt.node.larg ? 'runs a query that reads tables' : undefined;
    case 'CreateTableAsStmt':
      return 'fills a table from a query';
    // On a table emptied earlier in the transaction, builds, scans and rewrites are instant.
    case 'IndexStmt':
    case 'ReindexStmt':
      return mayHaveRows(relationName(stmt.node.relation), stmt, ctx) ? 'builds an index' : undefined;
    case 'ClusterStmt':
    case 'VacuumStmt':
    case 'RefreshMatViewStmt':
      return 'rewrites or scans a table';
    case 'AlterTableStmt':
      return mayHaveRows(relationName(stmt.node.relation), stmt, ctx) ? slowSubcommand(stmt, ctx) : undefined;
  }
  return undefined;
}

/** Subcommands that scan, rewrite, validate or build an index; the rest only change the catalog. */
function slowSubcommand(stmt: StatementOf<'AlterTableStmt'>, ctx: RuleContext): string | undefined {
  const n = stmt.node;
  for (const cmd of unwrapAll(n.cmds, 'AlterTableCmd')) {
    const k = unwrap(cmd.def, 'Constraint');
    switch (cmd.subtype) {
      case 'AT_AddColumn': {
        const col = unwrap(cmd.def, 'ColumnDef');
        const reason = col ? rewriteReason(col, ctx.pgVersion) : undefined;
        if (reason) return `rewrites ${relationName(n.relation)} (${reason})`;
        const kinds = unwrapAll(col?.constraints, 'Constraint').map((x) => x.contype);
        if (kinds.includes('CONSTR_PRIMARY') || kinds.includes('CONSTR_UNIQUE')) return 'builds an index';
        if (kinds.includes('CONSTR_CHECK')) return 'validates a constraint';
        break;
      }
      case 'AT_AlterColumnType':
      case 'AT_SetLogged':
      case 'AT_SetUnLogged':
      case 'AT_SetAccessMethod':
      case 'AT_SetTableSpace':
        return `rewrites ${relationName(n.relation)}`;
      case 'AT_AddConstraint':
        if ((k?.contype === 'CONSTR_PRIMARY' || k?.contype === 'CONSTR_UNIQUE' || k?.contype === 'CONSTR_EXCLUSION') && !k.indexname) return 'builds an index';
        // A validating CHECK or FOREIGN KEY on a table with rows is check-constraint-not-valid-missing's
        // and foreign-key-not-valid-missing's finding, on the same statement: their NOT VALID fix
        // takes the scan out of this transaction as well. Reported here when that rule does not report it.
        if ((k?.contype === 'CONSTR_CHECK' || k?.contype === 'CONSTR_FOREIGN') && !k.skip_validation) {
          if (!ctx.reports(k.contype === 'CONSTR_CHECK' ? 'check-constraint-not-valid-missing' : 'foreign-key-not-valid-missing', stmt)) return 'validates a constraint';
        }
        break;
      case 'AT_ValidateConstraint':
        return 'validates a constraint';
      case 'AT_SetNotNull':
        return 'scans the table for NULLs';
      case 'AT_AttachPartition':
        return 'checks a partition against its bound';
    }
  }
  return undefined;
}

function lineOf(text: string, offset: number): number {
  let line = 1;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) line++;
  return line;
}
