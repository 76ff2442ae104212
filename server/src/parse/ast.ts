/** Small, typed-enough accessors over libpg_query's JSON AST, shared by every rule. */

import type { AlterTableCmd, AlterTableStmt, Node, RangeVar } from '@pgsql/types';
import type { AlterTableType } from '@pgsql/types/enums';

export type { Node } from '@pgsql/types';

/**
 * libpg_query's JSON AST as typed by @pgsql/types (the package libpg-query's own declarations
 * use, generated from the same PostgreSQL 18 protobuf): a `Node` is a one-key wrapper such as
 * `{ String: { sval } }`, and `NodeKind` is the name of any such key.
 */
export type NodeKind = Node extends infer N ? (N extends unknown ? keyof N : never) : never;

/** The node type under a kind: `NodeOf<'IndexStmt'>` is the IndexStmt interface. */
export type NodeOf<K extends NodeKind> = K extends unknown ? Extract<Node, Record<K, unknown>>[K] : never;

/** The node inside a wrapper when it is of that kind (`unwrap(item, 'ColumnDef')?.colname`), else undefined. */
export function unwrap<K extends NodeKind>(node: Node | undefined, kind: K): NodeOf<K> | undefined {
  return node && kind in node ? (node as Record<K, NodeOf<K>>)[kind] : undefined;
}

/** The nodes of one kind in a list of wrappers, in order (`unwrapAll(cmds, 'AlterTableCmd')`). */
export function unwrapAll<K extends NodeKind>(nodes: readonly Node[] | undefined, kind: K): NodeOf<K>[] {
  const out: NodeOf<K>[] = [];
  for (const n of nodes ?? []) {
    const inner = unwrap(n, kind);
    if (inner) out.push(inner);
  }
  return out;
}

/** The kind of a wrapper (`ColumnDef` for `{ ColumnDef: {...} }`). */
export function kindOf(node: Node): NodeKind {
  return Object.keys(node)[0] as NodeKind;
}

interface SqlErrorLike extends Error {
  sqlDetails?: { cursorPosition: number; message: string };
}

export function isSqlError(e: unknown): e is SqlErrorLike {
  return e instanceof Error && 'sqlDetails' in e;
}

/**
 * Visits every object of an AST (or any JSON value) depth-first, in source order, without
 * recursion: a 10,000-term `'x' || 'x' || …` nests 10,000 deep. `visit` returns false to stop.
 */
export function walkNodes(root: unknown, visit: (node: object) => boolean | void): void {
  const stack: unknown[] = [root];
  while (stack.length) {
    const node = stack.pop();
    if (!node || typeof node !== 'object') continue;
    if (Array.isArray(node)) {
      for (let i = node.length - 1; i >= 0; i--) stack.push(node[i]);
      continue;
    }
    if (visit(node) === false) return;
    // Its values pushed in order, then that run reversed (popped in source order): no array of
    // them per node (Object.values), as every AST node of every statement passes here.
    const from = stack.length;
    for (const k in node) stack.push((node as Record<string, unknown>)[k]);
    for (let i = from, j = stack.length - 1; i < j; i++, j--) {
      const t = stack[i];
      stack[i] = stack[j];
      stack[j] = t;
    }
  }
}

/** `{String: {sval}}` → sval. */
export function stringValue(node: Node | undefined): string | undefined {
  return unwrap(node, 'String')?.sval;
}

/** A RangeVar as `schema.name` (schema omitted when not written). */
export function relationName(rv: RangeVar | undefined): string {
  if (!rv) return '';
  return rv.schemaname ? `${rv.schemaname}.${rv.relname}` : rv.relname ?? '';
}

/** A list of `{String}` nodes (a qualified name) joined with dots. */
export function qualifiedName(names: readonly Node[] | undefined): string {
  return (names ?? []).map((n) => stringValue(n) ?? '').filter(Boolean).join('.');
}

/** The subcommands of one subtype (`AT_DropColumn`…) of an ALTER TABLE, with the table they change. */
export function alterCommands(alter: AlterTableStmt, subtype: AlterTableType): { table: string; cmd: AlterTableCmd }[] {
  const table = relationName(alter.relation);
  return unwrapAll(alter.cmds, 'AlterTableCmd')
    .filter((cmd) => cmd.subtype === subtype)
    .map((cmd) => ({ table, cmd }));
}

/** Name without a `public.` prefix. */
export function normalizeName(name: string): string {
  return name.startsWith('public.') ? name.slice(7) : name;
}

/** An identifier as SQL text: bare when PostgreSQL would read it back unchanged, double-quoted otherwise. */
export function quoteIdent(name: string): string {
  return /^[a-z_][a-z0-9_$]*$/.test(name) ? name : `"${name.replace(/"/g, '""')}"`;
}

/** The longest prefix of `s` that fits in `max` UTF-8 bytes without splitting a character (as PostgreSQL clips names). */
export function clipBytes(s: string, max: number): string {
  let bytes = 0;
  let out = '';
  for (const ch of s) {
    bytes += Buffer.byteLength(ch, 'utf8');
    if (bytes > max) break;
    out += ch;
  }
  return out;
}
