import { qualifiedName, relationName } from '../parse/ast';
import { fix, wrapInExceptionBlock } from './fixes';
import { removedBefore } from './guards';
import { defineRule } from './types';

/** CREATE TYPE (enum, composite, range) and CREATE DOMAIN: the statements PostgreSQL gives no IF NOT EXISTS. */
const WHAT = {
  CreateEnumStmt: 'CREATE TYPE … AS ENUM',
  CompositeTypeStmt: 'CREATE TYPE … AS (…)',
  CreateRangeStmt: 'CREATE TYPE … AS RANGE',
  CreateDomainStmt: 'CREATE DOMAIN …',
} as const;

export default defineRule({
  id: 'create-type-without-guard',
  category: 'idempotency',
  defaultSeverity: 'warning',
  docs: {
    summary: 'CREATE TYPE / CREATE DOMAIN fails when the migration runs again, and has no IF NOT EXISTS: guard it.',
    why: 'A second run fails with `type "…" already exists` (SQLSTATE 42710, `duplicate_object`), for enums, composite types, range types and domains alike. PostgreSQL has no `CREATE TYPE IF NOT EXISTS`.',
    instead: [
      'Wrap the statement in a `DO` block that ignores exactly that error:',
      '',
      '```sql',
      'DO $$',
      'BEGIN',
      "  CREATE TYPE mood AS ENUM ('happy', 'sad');",
      'EXCEPTION WHEN duplicate_object THEN NULL;',
      'END',
      '$$;',
      '```',
      '',
      'Catching `duplicate_object` is what the quick fix writes: unlike a lookup in `pg_type` by name, it resolves the name with the same `search_path` as the CREATE, and a table of the same name (tables have row types) is handled the same way. An `IF NOT EXISTS (SELECT FROM pg_type WHERE typname = …)` guard also counts. Neither compares definitions: to add an enum value later use `ALTER TYPE … ADD VALUE IF NOT EXISTS`. `DROP TYPE IF EXISTS` before the CREATE also counts as a guard, but only works while no column uses the type.',
    ].join('\n'),
    bad: "CREATE TYPE mood AS ENUM ('happy', 'sad');",
    good: "DO $$\nBEGIN\n  CREATE TYPE mood AS ENUM ('happy', 'sad');\nEXCEPTION WHEN duplicate_object THEN NULL;\nEND\n$$;",
  },
  statementKinds: ['CreateEnumStmt', 'CompositeTypeStmt', 'CreateRangeStmt', 'CreateDomainStmt'],
  checkStatement(stmt, ctx) {
    const what = WHAT[stmt.kind];
    const name =
      stmt.kind === 'CompositeTypeStmt' ? relationName(stmt.node.typevar) : qualifiedName(stmt.kind === 'CreateDomainStmt' ? stmt.node.domainname : stmt.node.typeName);
    if (removedBefore(ctx, stmt, { kind: 'type', name })) return;
    return {
      message: `${what.replace('…', name)} fails if the type already exists, and has no IF NOT EXISTS: wrap it in a DO block that catches duplicate_object.`,
      fixes: fix('Wrap in a DO block that ignores duplicate_object', wrapInExceptionBlock(ctx, stmt, 'duplicate_object')),
    };
  },
});
