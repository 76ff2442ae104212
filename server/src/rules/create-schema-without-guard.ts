import { fix, insertAfterPrefix } from './fixes';
import { removedBefore } from './guards';
import { defineRule } from './types';

export default defineRule({
  id: 'create-schema-without-guard',
  category: 'idempotency',
  defaultSeverity: 'warning',
  docs: {
    summary: 'CREATE SCHEMA fails when the migration runs again: add IF NOT EXISTS.',
    why: 'A second run fails with `schema "…" already exists`, and in a runner that applies all files in one transaction that one failure rolls back everything.',
    instead: [
      'Write `CREATE SCHEMA IF NOT EXISTS name`. PostgreSQL refuses IF NOT EXISTS together with schema elements (`CREATE SCHEMA s CREATE TABLE …`): create the schema on its own, then its objects with their own guards.',
    ].join('\n'),
    bad: 'CREATE SCHEMA billing;',
    good: 'CREATE SCHEMA IF NOT EXISTS billing;',
  },
  statementKinds: ['CreateSchemaStmt'],
  checkStatement(stmt, ctx) {
    if (stmt.kind !== 'CreateSchemaStmt') return;
    const n = stmt.node;
    if (n.if_not_exists) return;
    // `CREATE SCHEMA AUTHORIZATION role` names the schema after the role.
    const name = n.schemaname ?? n.authrole?.rolename ?? '';
    if (removedBefore(ctx, stmt, { kind: 'schema', name })) return;
    if (n.schemaElts?.length) {
      return { message: `CREATE SCHEMA ${name} fails if the schema already exists, and IF NOT EXISTS cannot be combined with schema elements: create the schema with IF NOT EXISTS, then each object separately.` };
    }
    const edit = insertAfterPrefix(ctx, stmt, /CREATE\s+SCHEMA/i, ' IF NOT EXISTS');
    return { message: `CREATE SCHEMA ${name} fails if the schema already exists: add IF NOT EXISTS.`, fixes: fix('Add IF NOT EXISTS', edit) };
  },
});
