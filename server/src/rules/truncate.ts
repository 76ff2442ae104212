import { relationName, unwrap } from '../parse/ast';
import { isNew } from './new-objects';
import { defineRule } from './types';

export default defineRule({
  id: 'truncate',
  category: 'safety',
  defaultSeverity: 'error',
  destructive: true,
  squawk: ['ban-truncate-cascade'],
  docs: {
    summary: 'TRUNCATE deletes every row of the table.',
    why: 'All rows are gone at once and no trigger or WHERE clause can stop it; with CASCADE every table with a foreign key to it is emptied too, which is easy to miss in review. TRUNCATE takes an ACCESS EXCLUSIVE lock, blocking even reads until the migration commits. A migration that runs on every environment empties production the same way it empties a dev database.',
    instead: 'Delete exactly the rows that must go with `DELETE … WHERE …` (in batches on large tables), or keep test-data resets out of migrations (seed scripts). A table created earlier in the same file can be truncated freely.',
    lock: 'ACCESS EXCLUSIVE',
    setup: 'CREATE TABLE sessions (id bigint PRIMARY KEY, expires_at timestamptz NOT NULL);',
    bad: 'TRUNCATE sessions;',
    good: "DELETE FROM sessions WHERE expires_at < now() - interval '30 days';",
  },
  statementKinds: ['TruncateStmt'],
  checkStatement(stmt, ctx) {
    if (stmt.kind !== 'TruncateStmt') return;
    const tables = (stmt.node.relations ?? []).map((r) => relationName(unwrap(r, 'RangeVar'))).filter((t) => !isNew(ctx, 'table', t, stmt));
    if (tables.length === 0) return;
    const cascade = stmt.node.behavior === 'DROP_CASCADE' ? ' CASCADE also empties every table that references it.' : '';
    return { message: `TRUNCATE deletes every row of ${tables.join(', ')}.${cascade}` };
  },
});
