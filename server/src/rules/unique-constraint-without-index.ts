import { USERS_TABLE } from './docs-setup';
import { columnsAddedWithIndex, indexBuildingConstraints, usingIndexFix } from './index-backed-constraint';
import { defineRule } from './types';

export default defineRule({
  id: 'unique-constraint-without-index',
  category: 'safety',
  defaultSeverity: 'warning',
  destructive: true,
  squawk: ['disallowed-unique-constraint'],
  docs: {
    summary: 'ADD CONSTRAINT … UNIQUE builds its index under ACCESS EXCLUSIVE: build the index CONCURRENTLY first, then add the constraint USING INDEX.',
    why: 'Adding a UNIQUE constraint creates its index while holding ACCESS EXCLUSIVE on the table: reads and writes wait for the whole index build. `ADD COLUMN … UNIQUE` on an existing table does the same (this rule reports it too; `ADD COLUMN … PRIMARY KEY` is reported by `add-primary-key-on-existing-table`).',
    instead:
      '`CREATE UNIQUE INDEX CONCURRENTLY name ON table (columns);` (outside a transaction block), then `ALTER TABLE table ADD CONSTRAINT name UNIQUE USING INDEX name;`, which only takes the lock for a moment. For a new column, add it without UNIQUE first. If the concurrent build fails on duplicates it leaves an INVALID index: drop it, fix the data, retry.',
    lock: 'ACCESS EXCLUSIVE',
    setup: USERS_TABLE,
    bad: 'ALTER TABLE users ADD CONSTRAINT users_email_key UNIQUE (email);',
    good: 'CREATE UNIQUE INDEX CONCURRENTLY users_email_key ON users (email);\nALTER TABLE users ADD CONSTRAINT users_email_key UNIQUE USING INDEX users_email_key;',
  },
  statementKinds: ['AlterTableStmt'],
  checkStatement(stmt, ctx) {
    return [
      ...indexBuildingConstraints(stmt, ctx, 'CONSTR_UNIQUE').map((added) => ({
        node: added.constraint,
        message: `Adding a UNIQUE constraint builds its index while ${added.table} is locked ACCESS EXCLUSIVE: create the unique index CONCURRENTLY, then ADD CONSTRAINT … UNIQUE USING INDEX.`,
        fixes: usingIndexFix(stmt, ctx, added),
      })),
      ...columnsAddedWithIndex(stmt, ctx, 'CONSTR_UNIQUE').map((added) => ({
        node: added.col,
        message: `ADD COLUMN ${added.column} … UNIQUE builds its index while ${added.table} is locked ACCESS EXCLUSIVE: add the column without UNIQUE, create the unique index CONCURRENTLY, then ADD CONSTRAINT … UNIQUE USING INDEX.`,
      })),
    ];
  },
});
