import { relationName } from '../parse/ast';
import { fix, insertStatementBefore } from './fixes';
import { removedBefore } from './guards';
import { quoteIdent, quoteRelation } from './tokens';
import { defineRule } from './types';

export default defineRule({
  id: 'create-policy-without-drop',
  category: 'idempotency',
  defaultSeverity: 'warning',
  docs: {
    summary: 'CREATE POLICY fails when the migration runs again: DROP POLICY IF EXISTS first.',
    why: 'A second run fails with `policy "…" for table "…" already exists`. PostgreSQL has neither `CREATE POLICY IF NOT EXISTS` nor `CREATE OR REPLACE POLICY`. A table created earlier in the same file does not help: with `CREATE TABLE IF NOT EXISTS` the table, and its policies, survive into the second run.',
    instead: [
      'Write `DROP POLICY IF EXISTS name ON table;` right before the CREATE (the quick fix inserts it): a re-run then also applies a changed policy. Keep both in one transaction: between the DROP and the CREATE, row-level security with no permissive policy hides every row.',
      '',
      'A DROP of the same policy on the same table (or of the table) anywhere earlier in the file counts as a guard, as does a `DO` block that checks `pg_policies`.',
    ].join('\n'),
    lock: 'ACCESS EXCLUSIVE',
    setup: "CREATE TABLE notes (id bigint PRIMARY KEY, owner name NOT NULL DEFAULT current_user, body text);\nALTER TABLE notes ENABLE ROW LEVEL SECURITY;",
    bad: 'CREATE POLICY own_rows ON notes USING (owner = current_user);',
    good: 'DROP POLICY IF EXISTS own_rows ON notes;\nCREATE POLICY own_rows ON notes USING (owner = current_user);',
  },
  statementKinds: ['CreatePolicyStmt'],
  checkStatement(stmt, ctx) {
    if (stmt.kind !== 'CreatePolicyStmt') return;
    const n = stmt.node;
    const table = relationName(n.table);
    if (removedBefore(ctx, stmt, { kind: 'policy', name: `${table}.${n.policy_name}`, table })) return;
    const drop = `DROP POLICY IF EXISTS ${quoteIdent(n.policy_name ?? '')} ON ${quoteRelation(n.table)};`;
    return {
      message: `CREATE POLICY ${n.policy_name} ON ${table} fails if the policy already exists: put DROP POLICY IF EXISTS before it.`,
      fixes: fix('Insert DROP POLICY IF EXISTS before it', insertStatementBefore(ctx, stmt, drop)),
    };
  },
});
