/**
 * "Is this statement already safe to re-run?" checks shared by the idempotency rules: an
 * earlier statement of the file that drops the object (or the table it lives on), or clears
 * a table's rows, makes a re-run start from scratch, so the CREATE/ADD/INSERT after it is fine.
 */
import type { Node } from '@pgsql/types';
import { normalizeName, qualifiedName, relationName, stringValue, unwrap } from '../parse/ast';
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
  switch (stmt.kind) {
    case 'DropStmt': {
      const kind = stmt.node.removeType && DROP_KINDS[stmt.node.removeType];
      if (!kind) return [];
      return (stmt.node.objects ?? []).map((o) => ({ kind, name: droppedName(o) }));
    }
    case 'AlterTableStmt': {
      const table = relationName(stmt.node.relation);
      const out: Removal[] = [];
      (stmt.node.cmds ?? []).forEach((c, cmdIndex) => {
        const cmd = unwrap(c, 'AlterTableCmd');
        const kind = cmd?.subtype === 'AT_DropColumn' ? 'column' : cmd?.subtype === 'AT_DropConstraint' ? 'constraint' : undefined;
        if (kind) out.push({ kind, name: `${table}.${cmd?.name}`, cmdIndex });
      });
      return out;
    }
    case 'TruncateStmt':
      return (stmt.node.relations ?? []).map((r) => ({ kind: 'rows', name: relationName(unwrap(r, 'RangeVar')) }));
    case 'DeleteStmt':
      return [{ kind: 'rows', name: relationName(stmt.node.relation) }];
    default:
      return [];
  }
}

/** A dropped object's name: `a.b` lists, bare strings, type names, functions (without arguments). */
function droppedName(o: Node): string {
  const list = unwrap(o, 'List');
  if (list) return qualifiedName(list.items);
  const type = unwrap(o, 'TypeName');
  if (type) return qualifiedName(type.names);
  const fn = unwrap(o, 'ObjectWithArgs');
  if (fn) return qualifiedName(fn.objname);
  return stringValue(o) ?? '';
}

interface Seen {
  at: number;
  cmdIndex?: number;
}

interface RemovalIndex {
  byKey: Map<string, Seen[]>;
}

const indexes = new WeakMap<ParsedFile, RemovalIndex>();

function removalIndex(file: ParsedFile): RemovalIndex {
  let index = indexes.get(file);
  if (index) return index;
  index = { byKey: new Map() };
  const { byKey } = index;
  file.executed.forEach((stmt, at) => {
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
  const { byKey } = removalIndex(ctx.file);
  const self = stmt.executedAt;
  if (self < 0) return false;
  const keys = [key(target.kind, target.name)];
  if (target.table) keys.push(key('table', target.table), key('view', target.table), key('matview', target.table));
  return keys.some((k) =>
    (byKey.get(k) ?? []).some((s) => s.at < self || (s.at === self && target.cmdIndex !== undefined && s.cmdIndex !== undefined && s.cmdIndex < target.cmdIndex)),
  );
}
