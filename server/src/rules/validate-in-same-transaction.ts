import type { AlterTableCmd } from '@pgsql/types';
import { normalizeName, qualifiedName, relationName, unwrap, unwrapAll } from '../parse/ast';
import type { Statement } from '../parse/parser';
import { USERS_TABLE } from './docs-setup';
import { transactionBlocks } from './transaction-blocks';
import { defineRule, type Report } from './types';

/** `table.constraint` (or `domain:name.constraint`) keys of what a statement adds NOT VALID / validates. */
function notValidAdded(stmt: Statement): string[] {
  if (stmt.kind === 'AlterTableStmt') {
    const table = normalizeName(relationName(stmt.node.relation));
    return unwrapAll(stmt.node.cmds, 'AlterTableCmd')
      .map((cmd) => (cmd.subtype === 'AT_AddConstraint' ? unwrap(cmd.def, 'Constraint') : undefined))
      .filter((k) => k?.skip_validation && k.conname)
      .map((k) => `${table}.${k?.conname}`);
  }
  const k = stmt.kind === 'AlterDomainStmt' && stmt.node.subtype === 'C' ? unwrap(stmt.node.def, 'Constraint') : undefined;
  if (stmt.kind === 'AlterDomainStmt' && k?.skip_validation && k.conname) {
    return [`domain:${normalizeName(qualifiedName(stmt.node.typeName))}.${k.conname}`];
  }
  return [];
}

/** What a statement validates: each key with the VALIDATE subcommand it comes from (ALTER TABLE only). */
function validated(stmt: Statement): { key: string; cmd?: AlterTableCmd }[] {
  if (stmt.kind === 'AlterTableStmt') {
    const table = normalizeName(relationName(stmt.node.relation));
    return unwrapAll(stmt.node.cmds, 'AlterTableCmd')
      .filter((cmd) => cmd.subtype === 'AT_ValidateConstraint')
      .map((cmd) => ({ key: `${table}.${cmd.name}`, cmd }));
  }
  // ALTER DOMAIN … VALIDATE CONSTRAINT is subtype 'V'.
  if (stmt.kind === 'AlterDomainStmt' && stmt.node.subtype === 'V') return [{ key: `domain:${normalizeName(qualifiedName(stmt.node.typeName))}.${stmt.node.name}` }];
  return [];
}

export default defineRule({
  id: 'validate-in-same-transaction',
  category: 'safety',
  defaultSeverity: 'warning',
  docs: {
    summary: 'VALIDATE CONSTRAINT in the same transaction as the NOT VALID that added it: the table stays locked during the scan.',
    why:
      '`ADD CONSTRAINT … NOT VALID` takes a strong lock (ACCESS EXCLUSIVE for CHECK, SHARE ROW EXCLUSIVE for foreign keys) and a transaction keeps every lock until it commits. `VALIDATE CONSTRAINT` in the same transaction therefore scans the table while that lock is still held: exactly the blocking NOT VALID was meant to avoid.',
    instead: 'Commit between the two: put `VALIDATE CONSTRAINT` in a later migration (or, where the runner does not wrap the file, after a `COMMIT`).',
    lock: 'ACCESS EXCLUSIVE',
    setup: USERS_TABLE,
    bad: "ALTER TABLE users ADD CONSTRAINT users_email_has_at CHECK (email LIKE '%@%') NOT VALID;\nALTER TABLE users VALIDATE CONSTRAINT users_email_has_at;",
    good: "ALTER TABLE users ADD CONSTRAINT users_email_has_at CHECK (email LIKE '%@%') NOT VALID;\n-- VALIDATE CONSTRAINT users_email_has_at goes in the next migration.",
  },
  checkFile(ctx) {
    const reports: Report[] = [];
    for (const block of transactionBlocks(ctx)) {
      if (!block.inTransaction) continue;
      const pending = new Set<string>();
      for (const stmt of block.statements) {
        for (const { key, cmd } of validated(stmt)) {
          if (!pending.has(key)) continue;
          const name = key.slice(key.lastIndexOf('.') + 1);
          reports.push({ node: cmd, start: stmt.start, end: stmt.end, message: `VALIDATE CONSTRAINT ${name} runs in the same transaction as the NOT VALID that added it: the lock taken then is still held during the scan. Validate in a later migration.` });
        }
        for (const key of notValidAdded(stmt)) pending.add(key);
      }
    }
    return reports;
  },
});
