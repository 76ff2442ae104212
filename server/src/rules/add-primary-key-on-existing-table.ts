import { columnsAddedWithIndex, indexBuildingConstraints, usingIndexFix } from './index-backed-constraint';
import { defineRule } from './types';

export default defineRule({
  id: 'add-primary-key-on-existing-table',
  category: 'safety',
  defaultSeverity: 'warning',
  destructive: true,
  squawk: ['adding-serial-primary-key-field'],
  docs: {
    summary: 'ADD PRIMARY KEY on an existing table builds its index (and checks NOT NULL) under ACCESS EXCLUSIVE.',
    why: 'Adding a primary key builds a unique index and sets the key columns NOT NULL, scanning the table, all while holding ACCESS EXCLUSIVE: reads and writes wait for the whole build. `ADD COLUMN … PRIMARY KEY` on an existing table does the same (this rule reports it; `ADD COLUMN … UNIQUE` is reported by `unique-constraint-without-index`).',
    instead:
      'Make the key columns NOT NULL safely first (see `set-not-null-on-existing-column`), `CREATE UNIQUE INDEX CONCURRENTLY` on them, then `ALTER TABLE … ADD CONSTRAINT name PRIMARY KEY USING INDEX name`, which only takes the lock for a moment.',
    lock: 'ACCESS EXCLUSIVE',
    setup: "CREATE TABLE audit_log (id bigint NOT NULL, message text);\nINSERT INTO audit_log VALUES (1, 'created'), (2, 'updated');",
    bad: 'ALTER TABLE audit_log ADD PRIMARY KEY (id);',
    good: 'CREATE UNIQUE INDEX CONCURRENTLY audit_log_pkey ON audit_log (id);\nALTER TABLE audit_log ADD CONSTRAINT audit_log_pkey PRIMARY KEY USING INDEX audit_log_pkey;',
  },
  statementKinds: ['AlterTableStmt'],
  checkStatement(stmt, ctx) {
    return [
      ...indexBuildingConstraints(stmt, ctx, 'CONSTR_PRIMARY').map((added) => ({
        node: added.constraint,
        message: `ADD PRIMARY KEY builds its index while ${added.table} is locked ACCESS EXCLUSIVE: create a unique index CONCURRENTLY, then ADD CONSTRAINT … PRIMARY KEY USING INDEX.`,
        fixes: usingIndexFix(stmt, ctx, added),
      })),
      ...columnsAddedWithIndex(stmt, ctx, 'CONSTR_PRIMARY').map((added) => ({
        node: added.col,
        message: `ADD COLUMN ${added.column} … PRIMARY KEY builds its index while ${added.table} is locked ACCESS EXCLUSIVE: add the column first (filled and NOT NULL), create a unique index CONCURRENTLY, then ADD CONSTRAINT … PRIMARY KEY USING INDEX.`,
      })),
    ];
  },
});
