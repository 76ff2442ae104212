import type { RangeVar } from '@pgsql/types';
import { normalizeName, quoteIdent, relationName } from '../parse/ast';
import type { Statement } from '../parse/parser';
import { fix, insertLineAfter } from './fixes';
import { isNew } from './new-objects';
import { defineRule, type RuleContext } from './types';

export default defineRule({
  id: 'rename-table',
  category: 'safety',
  defaultSeverity: 'warning',
  squawk: ['renaming-table'],
  docs: {
    summary: 'Renaming a table breaks every running query that still uses the old name.',
    why: 'Deployed application instances, queued jobs and any image you roll back to still query the old name and fail with `relation does not exist` as soon as the migration commits (older images must still read the schema). The rename takes an ACCESS EXCLUSIVE lock on the table.',
    instead: 'Rename, then keep the old name alive as a view until no deployed code uses it: `ALTER TABLE users RENAME TO accounts; CREATE VIEW users AS SELECT * FROM accounts;` (a simple view is updatable). Drop the view in a later release. Or create the new table and move data over with expand/backfill/contract.',
    lock: 'ACCESS EXCLUSIVE',
    setup: 'CREATE TABLE users (id bigint PRIMARY KEY, email text NOT NULL);',
    bad: 'ALTER TABLE users RENAME TO accounts;',
    good: 'ALTER TABLE users RENAME TO accounts;\nCREATE VIEW users AS SELECT * FROM accounts;',
  },
  statementKinds: ['RenameStmt'],
  checkStatement(stmt, ctx) {
    if (stmt.kind !== 'RenameStmt') return;
    const n = stmt.node;
    if (n.renameType !== 'OBJECT_TABLE' || !n.relation) return;
    const table = relationName(n.relation);
    if (isNew(ctx, 'table', table, stmt) || viewKeepsName(ctx, stmt, table)) return;
    const fixes = stmt.scope === 'top' ? fix(`Keep ${table} as a view of ${n.newname}`, insertLineAfter(ctx, stmt, compatibilityView(n.relation, n.newname ?? ''))) : [];
    return { message: `Renaming table ${table} to ${n.newname} breaks running code that still uses ${table}: keep a view named ${table} until old code is gone.`, fixes };
  },
});

/** A later statement of the file creates a view under the old name: the compatibility recipe. */
function viewKeepsName(ctx: RuleContext, rename: Statement, table: string): boolean {
  const executed = ctx.file.executed;
  const wanted = normalizeName(table);
  for (let i = executed.indexOf(rename) + 1; i < executed.length; i++) {
    const s = executed[i];
    if (s.kind === 'ViewStmt' && normalizeName(relationName(s.node.view)) === wanted) return true;
  }
  return false;
}

/** `CREATE VIEW old AS SELECT * FROM new;` in the renamed table's schema. */
function compatibilityView(relation: RangeVar, newName: string): string {
  const schema = relation.schemaname ? `${quoteIdent(relation.schemaname)}.` : '';
  return `CREATE VIEW ${schema}${quoteIdent(relation.relname ?? '')} AS SELECT * FROM ${schema}${quoteIdent(newName)};`;
}
