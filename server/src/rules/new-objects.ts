/**
 * Objects a file provably brings into existence: a plain CREATE (or ADD COLUMN) that would
 * have failed had the object existed. Dropping, renaming or rewriting such an object loses no
 * data and breaks no running code. `CREATE … IF NOT EXISTS` or a guarded DO block proves
 * nothing: the object may predate the file, and the later DROP would then destroy real data.
 */
import { qualifiedName, relationName, unwrap, unwrapAll } from '../parse/ast';
import { runOrder, type ParsedFile, type Statement } from '../parse/parser';
import { objectKey } from './objects';
import type { RuleContext } from './types';

type NewKind = 'table' | 'column' | 'type' | 'schema';

interface Provenance {
  firstAt: Map<string, number>;
}

const cache = new WeakMap<ParsedFile, Provenance>();

function provenance(file: ParsedFile): Provenance {
  let p = cache.get(file);
  if (p) return p;
  p = { firstAt: new Map() };
  const { firstAt } = p;
  file.executed.forEach((stmt, i) => {
    if (stmt.guarded || stmt.scope === 'function') return;
    for (const [kind, name] of provenCreations(stmt)) {
      const key = objectKey(kind, name);
      if (!firstAt.has(key)) firstAt.set(key, i);
    }
  });
  cache.set(file, p);
  return p;
}

function provenCreations(stmt: Statement): [NewKind, string][] {
  switch (stmt.kind) {
    case 'CreateStmt': {
      if (stmt.node.if_not_exists) return [];
      const table = relationName(stmt.node.relation);
      const columns = unwrapAll(stmt.node.tableElts, 'ColumnDef').map((col): [NewKind, string] => ['column', `${table}.${col.colname}`]);
      return [['table', table], ...columns];
    }
    case 'CreateTableAsStmt':
      return stmt.node.if_not_exists ? [] : [['table', relationName(stmt.node.into?.rel)]];
    case 'AlterTableStmt': {
      const table = relationName(stmt.node.relation);
      return unwrapAll(stmt.node.cmds, 'AlterTableCmd')
        .filter((c) => c.subtype === 'AT_AddColumn' && !c.missing_ok)
        .map((c): [NewKind, string] => ['column', `${table}.${unwrap(c.def, 'ColumnDef')?.colname}`]);
    }
    case 'CreateSchemaStmt':
      return stmt.node.if_not_exists ? [] : [['schema', stmt.node.schemaname ?? '']];
    case 'CreateEnumStmt':
    case 'CreateRangeStmt':
      return [['type', qualifiedName(stmt.node.typeName)]];
    case 'CreateDomainStmt':
      return [['type', qualifiedName(stmt.node.domainname)]];
    case 'CompositeTypeStmt':
      return [['type', relationName(stmt.node.typevar)]];
    default:
      return [];
  }
}

/** The object was created by an earlier statement of this file in a way that proves it is new. */
export function isNew(ctx: RuleContext, kind: NewKind, name: string, before: Statement): boolean {
  // In a down file, what the up twin created is new to this pair of files: removing it is the rollback.
  if (ctx.createdByUpTwin(kind, name)) return true;
  const p = provenance(ctx.file);
  const at = p.firstAt.get(objectKey(kind, name));
  return at !== undefined && at < runOrder(before);
}

/** A column is new when its table is new or it was added earlier in this file. */
export function isNewColumn(ctx: RuleContext, table: string, column: string, before: Statement): boolean {
  return isNew(ctx, 'table', table, before) || isNew(ctx, 'column', `${table}.${column}`, before);
}
