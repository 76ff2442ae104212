import { relationName } from '../parse/ast';
import { USERS_TABLE } from './docs-setup';
import { fix, insertAfterPrefix } from './fixes';
import { removedBefore } from './guards';
import { defineRule } from './types';

export default defineRule({
  id: 'create-view-without-guard',
  category: 'idempotency',
  defaultSeverity: 'warning',
  docs: {
    summary: 'CREATE VIEW fails when the migration runs again: use CREATE OR REPLACE VIEW (IF NOT EXISTS for materialized views).',
    why: 'A second run fails with `relation "…" already exists`. A `DROP VIEW IF EXISTS` (or `DROP MATERIALIZED VIEW IF EXISTS`) of the same view earlier in the file counts as a guard.',
    instead: [
      'Write `CREATE OR REPLACE VIEW`: a re-run then also applies a changed definition. PostgreSQL only lets OR REPLACE add columns at the end; to rename, reorder or drop columns, `DROP VIEW IF EXISTS` first (dependent views must be recreated too).',
      '',
      'Materialized views have no OR REPLACE: write `CREATE MATERIALIZED VIEW IF NOT EXISTS` (a changed definition is then ignored on re-runs), or drop it first when the definition changes.',
    ].join('\n'),
    lock: 'ACCESS SHARE',
    setup: USERS_TABLE,
    bad: 'CREATE VIEW named_users AS SELECT id, name FROM users WHERE name IS NOT NULL;',
    good: 'CREATE OR REPLACE VIEW named_users AS SELECT id, name FROM users WHERE name IS NOT NULL;',
  },
  statementKinds: ['ViewStmt', 'CreateTableAsStmt'],
  checkStatement(stmt, ctx) {
    if (stmt.kind === 'ViewStmt' && !stmt.node.replace) {
      const name = relationName(stmt.node.view);
      if (removedBefore(ctx, stmt, { kind: 'view', name })) return;
      const edit = insertAfterPrefix(ctx, stmt, /CREATE/i, ' OR REPLACE');
      return { message: `CREATE VIEW ${name} fails if the view already exists: use CREATE OR REPLACE VIEW.`, fixes: fix('Use CREATE OR REPLACE VIEW', edit) };
    }
    if (stmt.kind === 'CreateTableAsStmt' && stmt.node.objtype === 'OBJECT_MATVIEW' && !stmt.node.if_not_exists) {
      const name = relationName(stmt.node.into?.rel);
      if (removedBefore(ctx, stmt, { kind: 'matview', name })) return;
      const edit = insertAfterPrefix(ctx, stmt, /CREATE\s+(?:UNLOGGED\s+)?MATERIALIZED\s+VIEW/i, ' IF NOT EXISTS');
      return { message: `CREATE MATERIALIZED VIEW ${name} fails if it already exists: add IF NOT EXISTS.`, fixes: fix('Add IF NOT EXISTS', edit) };
    }
    return undefined;
  },
});
