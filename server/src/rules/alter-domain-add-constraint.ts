import type { Constraint } from '@pgsql/types';
import { qualifiedName, stringValue, unwrap } from '../parse/ast';
import { fix, insertLineAfter } from './fixes';
import { locksOnExisting } from './locks';
import { quoteIdent } from './tokens';
import { defineRule, type Fix, type RuleContext } from './types';
import type { StatementOf } from '../parse/parser';

/** NOT VALID for a CHECK added to a domain; then VALIDATE right after it where no transaction holds the lock. */
function domainNotValidFix(stmt: StatementOf<'AlterDomainStmt'>, ctx: RuleContext, k: Constraint | undefined): Fix[] {
  if (k?.contype !== 'CONSTR_CHECK') return [];
  const notValid = { start: stmt.end, end: stmt.end, newText: ' NOT VALID' };
  if (k.conname && !ctx.inTransaction(stmt) && stmt.scope === 'top') {
    const domain = (stmt.node.typeName ?? []).map((n) => quoteIdent(stringValue(n) ?? '')).join('.');
    return fix('Add NOT VALID, then VALIDATE in a separate statement', notValid, insertLineAfter(ctx, stmt, `ALTER DOMAIN ${domain} VALIDATE CONSTRAINT ${quoteIdent(k.conname)};`));
  }
  return fix('Add NOT VALID (VALIDATE CONSTRAINT in a later migration)', notValid);
}

export default defineRule({
  id: 'alter-domain-add-constraint',
  category: 'safety',
  defaultSeverity: 'warning',
  squawk: ['ban-alter-domain-with-add-constraint'],
  docs: {
    summary: 'ALTER DOMAIN … ADD CONSTRAINT checks every column of the domain in every table while blocking writes to them.',
    why: 'Adding a constraint to a domain scans every table with a column of that domain, holding a SHARE lock on each: writes to all of them wait, and the migration fails if any existing value violates the constraint.',
    instead: 'Add the constraint with `NOT VALID` (new values are checked from then on, no scan), then `ALTER DOMAIN … VALIDATE CONSTRAINT` in a later migration.',
    lock: 'SHARE',
    setup: "CREATE DOMAIN email_address AS text;\nCREATE TABLE users (id bigint PRIMARY KEY, email email_address);\nINSERT INTO users VALUES (1, 'ada@example.com');",
    bad: "ALTER DOMAIN email_address ADD CONSTRAINT email_address_has_at CHECK (VALUE LIKE '%@%');",
    good: "ALTER DOMAIN email_address ADD CONSTRAINT email_address_has_at CHECK (VALUE LIKE '%@%') NOT VALID;\n-- in a later migration:\nALTER DOMAIN email_address VALIDATE CONSTRAINT email_address_has_at;",
  },
  statementKinds: ['AlterDomainStmt'],
  checkStatement(stmt, ctx) {
    // lockOf only reports the validating scan, on a domain that existed before this file.
    if (stmt.kind !== 'AlterDomainStmt' || locksOnExisting(stmt, ctx).length === 0) return;
    const k = unwrap(stmt.node.def, 'Constraint');
    return {
      message: `Adding a constraint to domain ${qualifiedName(stmt.node.typeName)} scans every column using it while writes to those tables wait (SHARE): add it NOT VALID, then VALIDATE.`,
      fixes: domainNotValidFix(stmt, ctx, k),
    };
  },
});
