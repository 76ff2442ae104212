/** Small, typed-enough accessors over libpg_query's JSON AST, shared by every rule. */

// The AST is deep and wide; rules read it through these helpers rather than typing every node.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type PgNode = any;

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
    const values = Object.values(node);
    for (let i = values.length - 1; i >= 0; i--) stack.push(values[i]);
  }
}

/** `{String: {sval}}` → sval. */
export function stringValue(node: PgNode): string | undefined {
  return node?.String?.sval ?? (typeof node?.sval === 'string' ? node.sval : undefined);
}

/** A RangeVar as `schema.name` (schema omitted when not written). */
export function relationName(rv: PgNode): string {
  if (!rv) return '';
  return rv.schemaname ? `${rv.schemaname}.${rv.relname}` : rv.relname;
}

/** A list of `{String}` nodes (a qualified name) joined with dots. */
export function qualifiedName(names: PgNode[] | undefined): string {
  return (names ?? []).map((n) => stringValue(n) ?? '').filter(Boolean).join('.');
}

/** The ALTER TABLE subcommands of one subtype (`AT_DropColumn`…), with the table they change. */
export function alterCommands(stmt: { kind: string; node: PgNode }, subtype: string): { table: string; cmd: PgNode }[] {
  if (stmt.kind !== 'AlterTableStmt') return [];
  const table = relationName(stmt.node.relation);
  return (stmt.node.cmds ?? []).map((c: PgNode) => c.AlterTableCmd).filter((cmd: PgNode) => cmd?.subtype === subtype).map((cmd: PgNode) => ({ table, cmd }));
}

/** Name without a `public.` prefix, lower-cased as PostgreSQL folds unquoted identifiers. */
export function normalizeName(name: string): string {
  return name.replace(/^public\./, '');
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
