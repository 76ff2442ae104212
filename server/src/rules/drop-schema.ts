import { droppedNames } from './dropped-names';
import { isNew } from './new-objects';
import { defineRule } from './types';

export default defineRule({
  id: 'drop-schema',
  category: 'safety',
  defaultSeverity: 'error',
  destructive: true,
  docs: {
    summary: 'DROP SCHEMA … CASCADE drops every table, view and function in the schema.',
    why: 'With CASCADE, PostgreSQL silently drops everything in the schema (and everything elsewhere that depends on it): all of its data is gone and running code fails. It takes an ACCESS EXCLUSIVE lock on every table it drops. Without CASCADE (RESTRICT, the default) the statement fails unless the schema is empty, so it cannot lose data.',
    instead: 'Drop the schema\'s tables one by one in reviewed migrations after the code stops using them, then drop the empty schema without CASCADE.',
    lock: 'ACCESS EXCLUSIVE',
    setup: 'CREATE SCHEMA billing;\nCREATE TABLE billing.invoices (id bigint PRIMARY KEY);',
    bad: 'DROP SCHEMA billing CASCADE;',
    good: 'DROP SCHEMA billing;',
  },
  statementKinds: ['DropStmt'],
  checkStatement(stmt, ctx) {
    if (stmt.kind !== 'DropStmt') return;
    const n = stmt.node;
    if (n.removeType !== 'OBJECT_SCHEMA' || n.behavior !== 'DROP_CASCADE') return;
    const lost = droppedNames(n).filter((s) => !isNew(ctx, 'schema', s, stmt));
    if (lost.length === 0) return;
    return { message: `DROP SCHEMA ${lost.join(', ')} CASCADE drops every object in it with its data; drop its tables in reviewed steps, then the empty schema without CASCADE.` };
  },
});
