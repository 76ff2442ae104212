import { builtinType, columnLabel, columnSites, SCHEMA_ADVICE_NOTE, typeFinding } from './types-of-columns';
import { defineRule } from './types';

export default defineRule({
  id: 'ban-char',
  category: 'safety',
  defaultSeverity: 'info',
  squawk: ['ban-char-field'],
  docs: {
    summary: 'char(n) pads values with spaces: use text.',
    why: '`char(n)` (`character(n)`, and plain `char`, which means `char(1)`) pads every value with spaces to n characters, ignores trailing spaces in comparisons but not in `LIKE` or in client code, and is no faster than `text` in PostgreSQL. Values that are "always n characters" (country codes) rarely stay that way, and changing n locks and rewrites the table.',
    instead: 'Write `text`, with `CHECK (char_length(col) = n)` when the length is a rule. ' + SCHEMA_ADVICE_NOTE,
    bad: 'CREATE TABLE countries (code char(2) PRIMARY KEY);',
    good: 'CREATE TABLE countries (code text PRIMARY KEY CHECK (char_length(code) = 2));',
  },
  statementKinds: ['CreateStmt', 'AlterTableStmt'],
  checkStatement(stmt, ctx) {
    return columnSites(stmt)
      .filter((site) => builtinType(site.typeName) === 'bpchar')
      .map((site) =>
        typeFinding(ctx, stmt, site, `${columnLabel(site)} is char(n), padded with spaces: use text.`, 'text', {
          prisma: 'take `@db.Char` off the field (a `String` field is text)',
          drizzle: 'declare the column with `text()` instead of `char()`',
        }),
      );
  },
});
