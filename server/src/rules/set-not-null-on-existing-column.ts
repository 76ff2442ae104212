import { alterCommands, stringValue, unwrap } from '../parse/ast';
import { USERS_TABLE } from './docs-setup';
import { fix, hasOwnRange } from './fixes';
import { alteredTableWithRows } from './locks';
import { checksValidatedBefore, type ValidatedCheck } from './not-valid';
import { quoteIdent, quoteRelation } from './tokens';
import { defineRule, type Fix, type Report, type RuleContext } from './types';
import type { StatementOf } from '../parse/parser';

/** `col IS NOT NULL`, the CHECK that lets SET NOT NULL skip its scan (PostgreSQL 12+). */
function provesNotNull(check: ValidatedCheck, column: string): boolean {
  const t = unwrap(check.expr, 'NullTest');
  if (t) return t.nulltesttype === 'IS_NOT_NULL' && stringValue(unwrap(t.arg, 'ColumnRef')?.fields?.slice(-1)[0]) === column;
  // Added in an earlier migration: only the name tells (`users_email_not_null`).
  return !check.expr && !!check.name?.includes(column);
}

/** The four-step recipe in place of a lone `ALTER COLUMN … SET NOT NULL`. */
function checkRecipeFix(stmt: StatementOf<'AlterTableStmt'>, ctx: RuleContext, column: string): Fix[] {
  if ((stmt.node.cmds ?? []).length !== 1 || !hasOwnRange(stmt)) return [];
  const table = quoteRelation(stmt.node.relation);
  const check = quoteIdent(`${stmt.node.relation?.relname}_${column}_not_null_check`);
  const col = quoteIdent(column);
  const text = [
    `ALTER TABLE ${table} ADD CONSTRAINT ${check} CHECK (${col} IS NOT NULL) NOT VALID;`,
    `ALTER TABLE ${table} VALIDATE CONSTRAINT ${check};`,
    `ALTER TABLE ${table} ALTER COLUMN ${col} SET NOT NULL;`,
    `ALTER TABLE ${table} DROP CONSTRAINT ${check}`,
  ].join('\n');
  const title = ctx.inTransaction(stmt)
    ? 'Use CHECK (… IS NOT NULL) NOT VALID, VALIDATE, SET NOT NULL (move the first statement to an earlier migration)'
    : 'Use CHECK (… IS NOT NULL) NOT VALID, VALIDATE, SET NOT NULL';
  return fix(title, { start: stmt.start, end: stmt.end, newText: text });
}

export default defineRule({
  id: 'set-not-null-on-existing-column',
  category: 'safety',
  defaultSeverity: 'warning',
  destructive: true,
  squawk: ['adding-not-nullable-field'],
  docs: {
    summary: 'SET NOT NULL scans the whole table under ACCESS EXCLUSIVE: prove it with a validated CHECK first.',
    why: '`ALTER COLUMN … SET NOT NULL` takes ACCESS EXCLUSIVE and scans every row to check for NULLs: reads and writes wait for the scan, and the migration fails if an old row is NULL.',
    instead: [
      'Expand/backfill/contract: backfill the NULLs first, then (PostgreSQL 12+):',
      [
        '1. `ADD CONSTRAINT t_col_not_null_check CHECK (col IS NOT NULL) NOT VALID` (brief lock)',
        '2. `VALIDATE CONSTRAINT t_col_not_null_check` in a later transaction (SHARE UPDATE EXCLUSIVE: traffic goes on)',
        '3. `ALTER COLUMN col SET NOT NULL`: PostgreSQL sees the valid CHECK and skips the scan',
        '4. `DROP CONSTRAINT t_col_not_null_check`.',
      ].join('\n'),
      'On PostgreSQL 18, `ADD CONSTRAINT t_col_not_null NOT NULL col NOT VALID` then `VALIDATE CONSTRAINT` does the same directly. Before 12 there is no scan-free way.',
    ].join('\n\n'),
    lock: 'ACCESS EXCLUSIVE',
    setup: USERS_TABLE,
    bad: 'ALTER TABLE users ALTER COLUMN email SET NOT NULL;',
    good: [
      'ALTER TABLE users ADD CONSTRAINT users_email_not_null_check CHECK (email IS NOT NULL) NOT VALID;',
      '-- in a later migration:',
      'ALTER TABLE users VALIDATE CONSTRAINT users_email_not_null_check;',
      'ALTER TABLE users ALTER COLUMN email SET NOT NULL;',
      'ALTER TABLE users DROP CONSTRAINT users_email_not_null_check;',
    ].join('\n'),
  },
  statementKinds: ['AlterTableStmt'],
  checkStatement(stmt, ctx) {
    if (stmt.kind !== 'AlterTableStmt') return;
    const table = alteredTableWithRows(stmt, ctx);
    if (!table) return;
    const reports: Report[] = [];
    for (const { cmd } of alterCommands(stmt.node, 'AT_SetNotNull')) {
      const column = cmd.name ?? '';
      if (ctx.pgVersion >= 12 && checksValidatedBefore(stmt, ctx, table).some((k) => provesNotNull(k, column))) continue;
      if (ctx.pgVersion < 12) {
        reports.push({ node: cmd, message: `SET NOT NULL on ${table}.${column} scans the table under ACCESS EXCLUSIVE; before PostgreSQL 12 no CHECK constraint avoids it: backfill first and keep the table small or the window quiet.` });
        continue;
      }
      reports.push({
        node: cmd,
        message: `SET NOT NULL on ${table}.${column} scans the table under ACCESS EXCLUSIVE: add CHECK (${column} IS NOT NULL) NOT VALID, VALIDATE it, then SET NOT NULL.`,
        fixes: checkRecipeFix(stmt, ctx, column),
      });
    }
    return reports;
  },
});
