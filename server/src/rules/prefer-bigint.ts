import { columnLabel, columnSites, SCHEMA_ADVICE_NOTE, serialIdReplacement, typeFinding, widerId } from './types-of-columns';
import { defineRule } from './types';

export default defineRule({
  id: 'prefer-bigint',
  category: 'safety',
  defaultSeverity: 'info',
  squawk: ['prefer-bigint-over-int', 'prefer-bigint-over-smallint', 'prefer-big-int'],
  docs: {
    summary: 'Integer ids run out at 2,147,483,647: use bigint for keys and ids.',
    why: 'A busy table burns through 32-bit ids faster than expected (sequences advance on rollbacks and failed inserts too); when it runs out every insert fails. Widening the column later is `ALTER COLUMN … TYPE bigint`: a full table rewrite under an ACCESS EXCLUSIVE lock, on the biggest table you have, plus every foreign key column that points at it. bigint costs 4 more bytes per row.',
    instead: 'Declare primary keys and the columns that reference them as `bigint` (`bigint GENERATED ALWAYS AS IDENTITY` for keys, or `bigserial`). ' + SCHEMA_ADVICE_NOTE,
    bad: 'CREATE TABLE orders (id serial PRIMARY KEY, customer_id integer NOT NULL);',
    good: 'CREATE TABLE orders (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, customer_id bigint NOT NULL);',
  },
  statementKinds: ['CreateStmt', 'AlterTableStmt'],
  checkStatement(stmt, ctx) {
    return columnSites(stmt)
      .filter((site) => widerId(site))
      .map((site) => {
        // A serial id gets the identity prefer-identity asks for too (bigserial would only trade this finding for that one).
        const wider = serialIdReplacement(ctx, site) ?? widerId(site)!;
        return typeFinding(ctx, stmt, site, `${columnLabel(site)} is a 32-bit (or smaller) id: use ${wider} before the table grows; widening later rewrites the table.`, wider, {
          prisma: 'make the field `BigInt`',
          drizzle: "declare the column with `bigint(…, { mode: 'number' })` (and `.generatedByDefaultAsIdentity()` for a serial)",
        });
      });
  },
});
