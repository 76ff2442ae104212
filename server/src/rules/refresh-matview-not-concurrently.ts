import { relationName } from '../parse/ast';
import { USERS_TABLE } from './docs-setup';
import { fix, insertAfterPrefix } from './fixes';
import { locksOnExisting } from './locks';
import { defineRule } from './types';

export default defineRule({
  id: 'refresh-matview-not-concurrently',
  category: 'safety',
  defaultSeverity: 'warning',
  docs: {
    summary: 'REFRESH MATERIALIZED VIEW locks the view ACCESS EXCLUSIVE: nobody can read it until the refresh ends.',
    why: 'A plain refresh takes an ACCESS EXCLUSIVE lock on the materialized view for the whole recomputation: every query reading the view waits.',
    instead: 'Write `REFRESH MATERIALIZED VIEW CONCURRENTLY` (it may run in a transaction): it takes EXCLUSIVE, which lets reads through, and needs a unique index on the view (without WHERE, on plain columns). It cannot be used on a view that is not populated yet (`WITH NO DATA`).',
    lock: 'ACCESS EXCLUSIVE',
    setup: `${USERS_TABLE}\nCREATE MATERIALIZED VIEW user_emails AS SELECT id, email FROM users;\nCREATE UNIQUE INDEX user_emails_id ON user_emails (id);`,
    bad: 'REFRESH MATERIALIZED VIEW user_emails;',
    good: 'REFRESH MATERIALIZED VIEW CONCURRENTLY user_emails;',
  },
  statementKinds: ['RefreshMatViewStmt'],
  checkStatement(stmt, ctx) {
    if (stmt.kind !== 'RefreshMatViewStmt' || stmt.node.concurrent || stmt.node.skipData) return;
    if (locksOnExisting(stmt, ctx).length === 0) return;
    return {
      message: `REFRESH MATERIALIZED VIEW ${relationName(stmt.node.relation)} blocks every read of the view (ACCESS EXCLUSIVE): use CONCURRENTLY (needs a unique index on the view).`,
      fixes: fix('Add CONCURRENTLY (the view needs a unique index)', insertAfterPrefix(ctx, stmt, /REFRESH\s+MATERIALIZED\s+VIEW/i, ' CONCURRENTLY')),
    };
  },
});
