/**
 * "Is this statement already safe to re-run?" checks shared by the idempotency rules: an
 * earlier statement of the file that drops the object (or the table it lives on), or clears
 * a table's rows, makes a re-run start from scratch, so the CREATE/ADD/INSERT after it is fine.
 */
import { normalizeName, qualifiedName, relationName, stringValue, type PgNode } from '../parse/ast';
import type { ParsedFile, Statement } from '../parse/parser';
import type { ObjectKind, RuleContext } from './types';

/** What a statement removes: an object (named as objects.ts names created ones) or a table's rows. */
interface Removal {
  kind: ObjectKind | 'rows';
  name: string;
  /** Index of the ALTER TABLE subcommand that removes it. */
  cmdIndex?: number;
}

/** DROP object types that some rule's object can be recreated after; others are not tracked. */
const DROP_KINDS: Record<string, ObjectKind> = {
  OBJECT_TABLE: 'table',
  OBJECT_FOREIGN_TABLE: 'table',
  OBJECT_INDEX: 'index',
  OBJECT_VIEW: 'view',
  OBJECT_MATVIEW: 'matview',
  OBJECT_SEQUENCE: 'sequence',
  OBJECT_SCHEMA: 'schema',
  OBJECT_EXTENSION: 'extension',
  OBJECT_TYPE: 'type',
  OBJECT_DOMAIN: 'type',
  OBJECT_FUNCTION: 'function',
  OBJECT_PROCEDURE: 'function',
  OBJECT_ROUTINE: 'function',
  OBJECT_TRIGGER: 'trigger',
  OBJECT_POLICY: 'policy',
};

export function removals(stmt: Statement): Removal[] {
  const n = stmt.node as PgNode;
  switch (stmt.kind) {
    case 'DropStmt': {
      const kind = DROP_KINDS[n.removeType];
      if (!kind) return [];
      return (n.objects ?? []).map((o: PgNode) => ({ kind, name: droppedName(o) }));
    }
    case 'AlterTableStmt': {
      const table = relationName(n.relation);
      const out: Removal[] = [];
      (n.cmds ?? []).forEach((c: PgNode, cmdIndex: number) => {
        const cmd = c.AlterTableCmd;
        const kind = cmd?.subtype === 'AT_DropColumn' ? 'column' : cmd?.subtype === 'AT_DropConstraint' ? 'constraint' : undefined;
        if (kind) out.push({ kind, name: `${table}.${cmd.name}`, cmdIndex });
      });
      return out;
    }
    case 'TruncateStmt':
      return (n.relations ?? []).map((r: PgNode) => ({ kind: 'rows', name: relationName(r.RangeVar) }));
    case 'DeleteStmt':
      return [{ kind: 'rows', name: relationName(n.relation) }];
    default:
      return [];
  }
}

/** A dropped object's name: `a.b` lists, bare strings, type names, functions (without arguments). */
function droppedName(o: PgNode): string {
  if (o.List) return qualifiedName(o.List.items);
  if (o.TypeName) return qualifiedName(o.TypeName.names);
  if (o.ObjectWithArgs) return qualifiedName(o.ObjectWithArgs.objname);
  return stringValue(o) ?? '';
}

interface Seen {
  at: number;
  cmdIndex?: number;
}

interface RemovalIndex {
  order: Map<Statement, number>;
  byKey: Map<string, Seen[]>;
}

const indexes = new WeakMap<ParsedFile, RemovalIndex>();

function removalIndex(file: ParsedFile): RemovalIndex {
  let index = indexes.get(file);
  if (index) return index;
  index = { order: new Map(), byKey: new Map() };
  const { order, byKey } = index;
  file.executed.forEach((stmt, at) => {
    order.set(stmt, at);
    for (const r of removals(stmt)) {
      const k = key(r.kind, r.name);
      const seen = byKey.get(k) ?? [];
      seen.push({ at, cmdIndex: r.cmdIndex });
      byKey.set(k, seen);
    }
  });
  indexes.set(file, index);
  return index;
}

function key(kind: string, name: string): string {
  return `${kind}:${normalizeName(name)}`;
}

interface GuardTarget {
  kind: ObjectKind | 'rows';
  name: string;
  /** The table (or view) the object belongs to: dropping that drops the object too. */
  table?: string;
  /** For ALTER TABLE subcommands: earlier subcommands of the same statement count as earlier. */
  cmdIndex?: number;
}

/** An earlier statement of the file removes the target (or its table), so a re-run recreates it. */
export function removedBefore(ctx: RuleContext, stmt: Statement, target: GuardTarget): boolean {
  const { order, byKey } = removalIndex(ctx.file);
  const self = order.get(stmt);
  if (self === undefined) return false;
  const keys = [key(target.kind, target.name)];
  if (target.table) keys.push(key('table', target.table), key('view', target.table), key('matview', target.table));
  return keys.some((k) =>
    (byKey.get(k) ?? []).some((s) => s.at < self || (s.at === self && target.cmdIndex !== undefined && s.cmdIndex !== undefined && s.cmdIndex < target.cmdIndex)),
  );
}
