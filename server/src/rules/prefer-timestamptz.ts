import { builtinType, columnLabel, columnSites, SCHEMA_ADVICE_NOTE, typeFinding, typeModifiers } from './types-of-columns';
import { defineRule } from './types';

export default defineRule({
  id: 'prefer-timestamptz',
  category: 'safety',
  defaultSeverity: 'info',
  squawk: ['prefer-timestamptz'],
  docs: {
    summary: 'timestamp without time zone: prefer timestamptz.',
    why: '`timestamp` stores a wall-clock reading with no zone: the same instant written from servers or sessions in different time zones is stored differently, comparisons with `now()` shift with the session\'s `TimeZone`, and daylight-saving changes produce duplicate or missing hours. `timestamptz` stores an absolute instant (in UTC) in the same 8 bytes. Converting the column later is a table rewrite under an ACCESS EXCLUSIVE lock.',
    instead: 'Write `timestamptz` (`timestamp with time zone`) for points in time. ' + SCHEMA_ADVICE_NOTE,
    bad: 'CREATE TABLE events (id bigint PRIMARY KEY, created_at timestamp NOT NULL DEFAULT now());',
    good: 'CREATE TABLE events (id bigint PRIMARY KEY, created_at timestamptz NOT NULL DEFAULT now());',
  },
  statementKinds: ['CreateStmt', 'AlterTableStmt'],
  checkStatement(stmt, ctx) {
    return columnSites(stmt)
      .filter((site) => builtinType(site.typeName) === 'timestamp')
      .map((site) => {
        const precision = typeModifiers(site.typeName);
        const zoned = `timestamptz${precision.length ? `(${precision[0]})` : ''}`;
        return typeFinding(ctx, stmt, site, `${columnLabel(site)} is timestamp without time zone: prefer ${zoned}.`, zoned, {
          prisma: `give the field \`@db.Timestamptz${precision.length ? `(${precision[0]})` : ''}\``,
          drizzle: 'add `withTimezone: true` to its `timestamp()` options',
        });
      });
  },
});
