/** Which schema objects a statement creates: the basis of "created earlier in this file" context. */
import type { AlterTableStmt } from '@pgsql/types';
import { qualifiedName, relationName, normalizeName, stringValue, unwrap, unwrapAll } from '../parse/ast';
import { runOrder, type Statement } from '../parse/parser';
import type { ObjectKind } from './types';

interface CreatedObject {
  kind: ObjectKind;
  /** Lower-level name without a `public.` prefix; columns are `table.column`. */
  name: string;
}

export function objectKey(kind: ObjectKind, name: string): string {
  return `${kind}:${normalizeName(name)}`;
}

export function createdObjects(stmt: Statement): CreatedObject[] {
  switch (stmt.kind) {
    case 'CreateStmt':
      return [{ kind: 'table', name: relationName(stmt.node.relation) }];
    case 'CreateTableAsStmt':
      return [{ kind: stmt.node.objtype === 'OBJECT_MATVIEW' ? 'matview' : 'table', name: relationName(stmt.node.into?.rel) }];
    case 'IndexStmt':
      return stmt.node.idxname ? [{ kind: 'index', name: stmt.node.relation?.schemaname ? `${stmt.node.relation.schemaname}.${stmt.node.idxname}` : stmt.node.idxname }] : [];
    case 'CreateSchemaStmt':
      // `CREATE SCHEMA AUTHORIZATION role` names the schema after the role.
      return [{ kind: 'schema', name: stmt.node.schemaname ?? stmt.node.authrole?.rolename ?? '' }];
    case 'CreateSeqStmt':
      return [{ kind: 'sequence', name: relationName(stmt.node.sequence) }];
    case 'ViewStmt':
      return [{ kind: 'view', name: relationName(stmt.node.view) }];
    case 'CreateEnumStmt':
    case 'CreateRangeStmt':
    case 'CreateDomainStmt':
      // A domain's `typeName` is its base type (a TypeName node); its own name is `domainname`.
      return [{ kind: 'type', name: qualifiedName(stmt.kind === 'CreateDomainStmt' ? stmt.node.domainname : stmt.node.typeName) }];
    case 'CompositeTypeStmt':
      return [{ kind: 'type', name: relationName(stmt.node.typevar) }];
    case 'CreateFunctionStmt':
      return [{ kind: 'function', name: qualifiedName(stmt.node.funcname) }];
    case 'CreateTrigStmt':
      return [{ kind: 'trigger', name: `${relationName(stmt.node.relation)}.${stmt.node.trigname}` }];
    case 'CreatePolicyStmt':
      return [{ kind: 'policy', name: `${relationName(stmt.node.table)}.${stmt.node.policy_name}` }];
    case 'CreateExtensionStmt':
      return [{ kind: 'extension', name: stmt.node.extname ?? '' }];
    case 'AlterTableStmt':
      return alterTableCreations(stmt.node);
    default:
      return [];
  }
}

function alterTableCreations(n: AlterTableStmt): CreatedObject[] {
  const table = relationName(n.relation);
  const out: CreatedObject[] = [];
  for (const cmd of unwrapAll(n.cmds, 'AlterTableCmd')) {
    if (cmd.subtype === 'AT_AddColumn') out.push({ kind: 'column', name: `${table}.${unwrap(cmd.def, 'ColumnDef')?.colname}` });
    if (cmd.subtype === 'AT_AddConstraint') {
      const name = unwrap(cmd.def, 'Constraint')?.conname;
      if (name) out.push({ kind: 'constraint', name: `${table}.${name}` });
    }
  }
  return out;
}

/** Tracks creations in execution order so rules can ask "was this made earlier in the file?". */
export class CreationIndex {
  /**
   * Where each name of each kind is first created. By kind, then name: a lock check asks this
   * several times for each statement, and the AST's own name strings look up without being
   * joined into a key first.
   */
  private readonly firstAt = new Map<ObjectKind, Map<string, number>>();

  constructor(executed: Statement[]) {
    executed.forEach((stmt, i) => {
      for (const o of createdObjects(stmt)) {
        let names = this.firstAt.get(o.kind);
        if (!names) this.firstAt.set(o.kind, (names = new Map()));
        const name = normalizeName(o.name);
        if (!names.has(name)) names.set(name, i);
      }
    });
  }

  createdBefore(kind: ObjectKind, name: string, before: Statement): boolean {
    const at = this.firstAt.get(kind)?.get(normalizeName(name));
    return at !== undefined && at < runOrder(before);
  }
}

export { stringValue };
