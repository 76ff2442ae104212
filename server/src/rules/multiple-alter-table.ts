import type { AlterTableCmd } from '@pgsql/types';
import { normalizeName, relationName, unwrap, unwrapAll } from '../parse/ast';
import type { Statement, StatementOf } from '../parse/parser';
import { USERS_TABLE } from './docs-setup';
import { fix, removeStatement } from './fixes';
import { isExistingTable, mayHaveRows } from './locks';
import { alterTableCommands } from './tokens';
import { defineRule, type Fix, type Report, type RuleContext } from './types';
import { rewriteReason } from './volatile-default-rewrite';

/** Subcommands that must stay in a statement of their own (or that are kept apart on purpose). */
const ALONE = new Set<string>(['AT_AttachPartition', 'AT_DetachPartition', 'AT_DetachPartitionFinalize', 'AT_ValidateConstraint']);

type AlterTable = StatementOf<'AlterTableStmt'>;

function cmdsOf(stmt: AlterTable): (AlterTableCmd | undefined)[] {
  return (stmt.node.cmds ?? []).map((c) => unwrap(c, 'AlterTableCmd'));
}

function mergeable(stmt: Statement): stmt is AlterTable {
  return stmt.kind === 'AlterTableStmt' && stmt.node.objtype === 'OBJECT_TABLE' && !cmdsOf(stmt).some((c) => !c || ALONE.has(c.subtype ?? ''));
}

/**
 * Merged, PostgreSQL runs subcommands in its own pass order (drops first, then alters, then
 * adds), not as written: keep apart `b` altering a column `a` adds, and `b` dropping a
 * constraint (the CHECK that lets `a`'s SET NOT NULL skip its scan would be gone first).
 */
function orderMatters(a: AlterTable, b: AlterTable): boolean {
  const added = new Set(cmdsOf(a).filter((c) => c?.subtype === 'AT_AddColumn').map((c) => unwrap(c?.def, 'ColumnDef')?.colname));
  return cmdsOf(b).some((c) => (c?.name && added.has(c.name)) || c?.subtype === 'AT_DropConstraint');
}

/**
 * The statement rewrites the table or scans it to check a CHECK or NOT NULL: work PostgreSQL does
 * for all subcommands of one ALTER TABLE in a single pass (tablecmds.c, ATRewriteTables). Foreign
 * keys are validated one query each and indexes built one by one, merged or not.
 */
function passWork(stmt: AlterTable, ctx: RuleContext): boolean {
  if (!mayHaveRows(relationName(stmt.node.relation), stmt, ctx)) return false;
  return cmdsOf(stmt).some((cmd) => {
    switch (cmd?.subtype) {
      case 'AT_AlterColumnType':
      case 'AT_SetLogged':
      case 'AT_SetUnLogged':
      case 'AT_SetAccessMethod':
      case 'AT_SetNotNull':
        return true;
      case 'AT_AddColumn': {
        const col = unwrap(cmd.def, 'ColumnDef');
        return !!col && (!!rewriteReason(col, ctx.pgVersion) || unwrapAll(col.constraints, 'Constraint').some((k) => k.contype === 'CONSTR_CHECK' && !k.skip_validation));
      }
      case 'AT_AddConstraint': {
        const k = unwrap(cmd.def, 'Constraint');
        return k?.contype === 'CONSTR_CHECK' && !k.skip_validation;
      }
      default:
        return false;
    }
  });
}

/** Appends the subcommands of `second` to `first` and deletes `second`. */
function mergeFix(ctx: RuleContext, first: Statement, second: Statement): Fix[] {
  const runs = alterTableCommands(ctx, second);
  if (!runs?.[0]?.length) return [];
  const cmds = ctx.file.text.slice(runs[0][0].start, second.end);
  return fix('Merge into the previous ALTER TABLE', { start: first.end, end: first.end, newText: `,\n  ${cmds}` }, removeStatement(ctx, second));
}

export default defineRule({
  id: 'multiple-alter-table',
  category: 'safety',
  defaultSeverity: 'info',
  docs: {
    summary: 'Consecutive ALTER TABLE statements on the same table: one statement takes the lock once and rewrites or scans at most once.',
    why: 'Outside a transaction each `ALTER TABLE` queues for its own ACCESS EXCLUSIVE lock, and each may rewrite or scan the table again. One `ALTER TABLE` with several comma-separated subcommands takes the lock once and does all its work in one pass. Inside a transaction the lock is taken once anyway, so consecutive statements are reported only when both need that pass (a rewrite, or a scan for a CHECK or NOT NULL): catalog-only changes such as adding a nullable column or dropping one cost microseconds, and foreign keys are validated and indexes built one by one, merged or not. ORM-generated migrations, one statement per change, are mostly left alone.',
    instead: 'Combine them: `ALTER TABLE users ADD COLUMN a text, ADD COLUMN b text;`. `VALIDATE CONSTRAINT` and partition attach/detach are left apart on purpose.',
    lock: 'ACCESS EXCLUSIVE',
    setup: USERS_TABLE,
    bad: 'ALTER TABLE users ALTER COLUMN email SET NOT NULL;\nALTER TABLE users ADD CONSTRAINT users_name_len CHECK (length(name) < 200);',
    good: 'ALTER TABLE users ALTER COLUMN email SET NOT NULL,\n  ADD CONSTRAINT users_name_len CHECK (length(name) < 200);',
  },
  checkFile(ctx) {
    const reports: Report[] = [];
    const top = ctx.file.statements;
    for (let i = 1; i < top.length; i++) {
      const [a, b] = [top[i - 1], top[i]];
      if (!mergeable(a) || !mergeable(b)) continue;
      const table = relationName(a.node.relation);
      if (normalizeName(table) !== normalizeName(relationName(b.node.relation)) || !!a.node.missing_ok !== !!b.node.missing_ok) continue;
      if (a.node.relation?.inh !== b.node.relation?.inh || !isExistingTable(table, a, ctx) || orderMatters(a, b)) continue;
      // In one transaction the lock is taken once either way: merging saves only a second pass over the table.
      const inTransaction = ctx.inTransaction(a) && ctx.inTransaction(b);
      if (inTransaction && !(passWork(a, ctx) && passWork(b, ctx))) continue;
      const saves = inTransaction ? 'one pass over the table instead of two' : 'one lock, one pass';
      reports.push({ start: b.start, end: b.end, message: `Another ALTER TABLE on ${table} right after the previous one: combine them into one statement (${saves}).`, fixes: mergeFix(ctx, a, b) });
    }
    return reports;
  },
});
