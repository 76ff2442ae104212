import { qualifiedName } from '../parse/ast';
import { fix, insertAfterToken } from './fixes';
import { removedBefore } from './guards';
import { statementTokens } from './tokens';
import { defineRule } from './types';

export default defineRule({
  id: 'alter-enum-add-value-without-if-not-exists',
  category: 'idempotency',
  defaultSeverity: 'warning',
  docs: {
    summary: 'ALTER TYPE … ADD VALUE fails when the migration runs again: add IF NOT EXISTS.',
    why: 'A second run fails with `enum label "…" already exists`. An enum created earlier in the same file does not help: its guarded CREATE is skipped on the second run and the value is already there. A `DROP TYPE IF EXISTS` of the enum earlier in the file counts as a guard.',
    instead: 'Write `ALTER TYPE name ADD VALUE IF NOT EXISTS \'value\'` (PostgreSQL 9.6+). With IF NOT EXISTS a `BEFORE`/`AFTER` position is ignored when the value exists, so an existing value is never moved.',
    setup: "CREATE TYPE order_status AS ENUM ('new', 'paid');",
    bad: "ALTER TYPE order_status ADD VALUE 'refunded';",
    good: "ALTER TYPE order_status ADD VALUE IF NOT EXISTS 'refunded';",
  },
  statementKinds: ['AlterEnumStmt'],
  checkStatement(stmt, ctx) {
    const n = stmt.node;
    // oldVal marks RENAME VALUE, which has no IF NOT EXISTS form.
    if (stmt.kind !== 'AlterEnumStmt' || n.oldVal || n.skipIfNewValExists) return;
    const name = qualifiedName(n.typeName);
    if (removedBefore(ctx, stmt, { kind: 'type', name })) return;
    const tokens = statementTokens(ctx, stmt);
    const value = tokens.findIndex((t, i) => t.upper === 'VALUE' && tokens[i - 1]?.upper === 'ADD');
    return {
      message: `ADD VALUE '${n.newVal}' fails if ${name} already has it: add IF NOT EXISTS.`,
      fixes: fix('Add IF NOT EXISTS', value < 0 ? undefined : insertAfterToken(tokens, value, ' IF NOT EXISTS')),
    };
  },
});
