import { quoteIdent } from '../parse/ast';
import { builtinType, columnLabel, columnSites, isArrayType, SCHEMA_ADVICE_NOTE, typeFinding, typeModifiers, type ColumnSite } from './types-of-columns';
import { defineRule } from './types';

export default defineRule({
  id: 'prefer-text',
  category: 'safety',
  defaultSeverity: 'info',
  squawk: ['prefer-text-field'],
  docs: {
    summary: 'varchar(n): prefer text with a CHECK constraint on the length.',
    why: 'In PostgreSQL `varchar(n)` stores exactly like `text`; the limit is the only difference, and it is hard to change: raising it takes an ACCESS EXCLUSIVE lock on the table (no rewrite since 9.2), lowering it rewrites the table. A `CHECK (char_length(col) <= n)` enforces the same rule and can be replaced without blocking: add the new check `NOT VALID`, `VALIDATE` it, drop the old one.',
    instead: 'Write `text` and, where the length matters, `CHECK (char_length(col) <= n)`. ' + SCHEMA_ADVICE_NOTE,
    bad: 'CREATE TABLE users (id bigint PRIMARY KEY, email varchar(255) NOT NULL);',
    good: 'CREATE TABLE users (id bigint PRIMARY KEY, email text NOT NULL CHECK (char_length(email) <= 255));',
  },
  statementKinds: ['CreateStmt', 'AlterTableStmt'],
  checkStatement(stmt, ctx) {
    return columnSites(stmt)
      .filter((site) => builtinType(site.typeName) === 'varchar' && typeModifiers(site.typeName).length > 0)
      .map((site) => {
        const [limit] = typeModifiers(site.typeName);
        const message = `${columnLabel(site)} is varchar(${limit}): prefer text with CHECK (char_length(${quoteIdent(site.column)}) <= ${limit}); changing a varchar limit later locks the table.`;
        return typeFinding(ctx, stmt, site, message, replacement(site, limit), {
          prisma: 'take `@db.VarChar` off the field (a `String` field is text) and add the CHECK in a migration of its own',
          drizzle: 'declare the column with `text()` instead of `varchar()` and add the CHECK with `check()`',
        }, 'Use text with a length CHECK');
      });
  },
});

/** text plus an equivalent check where the column definition can carry one (not arrays, not ALTER … TYPE). */
function replacement(site: ColumnSite, limit: number): string {
  if (!site.definition || isArrayType(site.typeName)) return 'text';
  return `text CHECK (char_length(${quoteIdent(site.column)}) <= ${limit})`;
}
