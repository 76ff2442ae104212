import { relationName } from '../parse/ast';
import { fix, insertAfterPrefix } from './fixes';
import { removedBefore } from './guards';
import { defineRule } from './types';

export default defineRule({
  id: 'create-sequence-without-guard',
  category: 'idempotency',
  defaultSeverity: 'warning',
  docs: {
    summary: 'CREATE SEQUENCE fails when the migration runs again: add IF NOT EXISTS.',
    why: 'A second run fails with `relation "…" already exists`.',
    instead: 'Write `CREATE SEQUENCE IF NOT EXISTS`. The existing sequence keeps its current value and options; do not `DROP` and recreate it to "reset" it, or ids will be handed out twice.',
    bad: 'CREATE SEQUENCE invoice_number_seq START 1000;',
    good: 'CREATE SEQUENCE IF NOT EXISTS invoice_number_seq START 1000;',
  },
  statementKinds: ['CreateSeqStmt'],
  checkStatement(stmt, ctx) {
    const n = stmt.node;
    if (stmt.kind !== 'CreateSeqStmt' || n.if_not_exists) return;
    const name = relationName(n.sequence);
    if (removedBefore(ctx, stmt, { kind: 'sequence', name })) return;
    const edit = insertAfterPrefix(ctx, stmt, /CREATE\s+(?:(?:TEMP|TEMPORARY|UNLOGGED)\s+)?SEQUENCE/i, ' IF NOT EXISTS');
    return { message: `CREATE SEQUENCE ${name} fails if the sequence already exists: add IF NOT EXISTS.`, fixes: fix('Add IF NOT EXISTS', edit) };
  },
});
