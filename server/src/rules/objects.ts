/** Which schema objects a statement creates: the basis of "created earlier in this file" context. */
import { qualifiedName, relationName, normalizeName, stringValue, type PgNode } from '../parse/ast';
import type { Statement } from '../parse/parser';
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
  const n = stmt.node as PgNode;
  switch (stmt.kind) {
    case 'CreateStmt':
      return [{ kind: 'table', name: relationName(n.relation) }];
    case 'CreateTableAsStmt':
      return [{ kind: n.objtype === 'OBJECT_MATVIEW' ? 'matview' : 'table', name: relationName(n.into?.rel) }];
    case 'IndexStmt':
      return n.idxname ? [{ kind: 'index', name: n.relation?.schemaname ? `${n.relation.schemaname}.${n.idxname}` : n.idxname }] : [];
    case 'CreateSchemaStmt':
      // `CREATE SCHEMA AUTHORIZATION role` names the schema after the role.
      return [{ kind: 'schema', name: n.schemaname ?? n.authrole?.RoleSpec?.rolename ?? '' }];
    case 'CreateSeqStmt':
      return [{ kind: 'sequence', name: relationName(n.sequence) }];
    case 'ViewStmt':
      return [{ kind: 'view', name: relationName(n.view) }];
    case 'CreateEnumStmt':
    case 'CreateRangeStmt':
    case 'CreateDomainStmt':
      // A domain's `typeName` is its base type (a TypeName node); its own name is `domainname`.
      return [{ kind: 'type', name: qualifiedName(n.domainname ?? n.typeName) }];
    case 'CompositeTypeStmt':
      return [{ kind: 'type', name: relationName(n.typevar) }];
    case 'CreateFunctionStmt':
      return [{ kind: 'function', name: qualifiedName(n.funcname) }];
    case 'CreateTrigStmt':
      return [{ kind: 'trigger', name: `${relationName(n.relation)}.${n.trigname}` }];
    case 'CreatePolicyStmt':
      return [{ kind: 'policy', name: `${relationName(n.table)}.${n.policy_name}` }];
    case 'CreateExtensionStmt':
      return [{ kind: 'extension', name: n.extname }];
    case 'AlterTableStmt':
      return alterTableCreations(n);
    default:
      return [];
  }
}

function alterTableCreations(n: PgNode): CreatedObject[] {
  const table = relationName(n.relation);
  const out: CreatedObject[] = [];
  for (const c of n.cmds ?? []) {
    const cmd = c.AlterTableCmd;
    if (cmd?.subtype === 'AT_AddColumn') out.push({ kind: 'column', name: `${table}.${cmd.def?.ColumnDef?.colname}` });
    if (cmd?.subtype === 'AT_AddConstraint') {
      const name = cmd.def?.Constraint?.conname;
      if (name) out.push({ kind: 'constraint', name: `${table}.${name}` });
    }
  }
  return out;
}

/** Tracks creations in execution order so rules can ask "was this made earlier in the file?". */
export class CreationIndex {
  private readonly firstAt = new Map<string, number>();
  private readonly order = new Map<Statement, number>();

  constructor(executed: Statement[]) {
    executed.forEach((stmt, i) => {
      this.order.set(stmt, i);
      for (const o of createdObjects(stmt)) {
        const key = objectKey(o.kind, o.name);
        if (!this.firstAt.has(key)) this.firstAt.set(key, i);
      }
    });
  }

  createdBefore(kind: ObjectKind, name: string, before: Statement): boolean {
    const at = this.firstAt.get(objectKey(kind, name));
    const self = this.order.get(before) ?? Number.POSITIVE_INFINITY;
    return at !== undefined && at < self;
  }
}

export { stringValue };
