import { builtinType, columnLabel, columnSites, SCHEMA_ADVICE_NOTE, typeFinding } from './types-of-columns';
import { defineRule } from './types';

export default defineRule({
  id: 'prefer-jsonb',
  category: 'safety',
  defaultSeverity: 'info',
  docs: {
    summary: 'json: prefer jsonb.',
    why: '`json` keeps the input text and re-parses it on every access; it has no equality operator (so no `DISTINCT`, `GROUP BY` or unique index on it) and cannot be indexed with GIN. `jsonb` is parsed once, supports containment (`@>`) and GIN indexes. Converting later is a table rewrite under an ACCESS EXCLUSIVE lock.',
    instead: 'Write `jsonb`, unless the exact input text (key order, duplicate keys, whitespace) must be kept. ' + SCHEMA_ADVICE_NOTE,
    bad: 'CREATE TABLE events (id bigint PRIMARY KEY, payload json NOT NULL);',
    good: 'CREATE TABLE events (id bigint PRIMARY KEY, payload jsonb NOT NULL);',
  },
  statementKinds: ['CreateStmt', 'AlterTableStmt'],
  checkStatement(stmt, ctx) {
    return columnSites(stmt)
      .filter((site) => builtinType(site.typeName) === 'json')
      .map((site) =>
        typeFinding(ctx, stmt, site, `${columnLabel(site)} is json: prefer jsonb.`, 'jsonb', {
          prisma: 'take `@db.Json` off the field (a `Json` field is jsonb)',
          drizzle: 'declare the column with `jsonb()` instead of `json()`',
        }),
      );
  },
});
