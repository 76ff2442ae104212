/**
 * Whether a file carries data over before it drops where the data lived: an earlier statement
 * reads the table (or its column) to write rows or columns elsewhere (`INSERT … SELECT … FROM t`,
 * `UPDATE other SET … FROM t`, `UPDATE t SET new_col = … col …`, `CREATE TABLE … AS SELECT … FROM t`).
 * drop-table and drop-column read it: then the drop does not lose the data, though code that still
 * uses the old place breaks.
 */
import type { ColumnRef, RangeVar } from '@pgsql/types';
import { normalizeName, relationName, stringValue, unwrap, unwrapAll, walkNodes } from '../parse/ast';
import type { ParsedFile, Statement } from '../parse/parser';
import { LineIndex } from '../parse/positions';
import type { RelatedLocation, RuleContext } from './types';

/** The last statement before `drop` (executed, not in a function body) that copies the table's rows, or the column's values, elsewhere. */
export function carriedBefore(ctx: RuleContext, drop: Statement, table: string, column?: string): Statement | undefined {
  const { writers } = writersOf(ctx.file);
  const at = (drop.parent ?? drop).executedAt;
  const key = normalizeName(table);
  const copies = (s: Statement) => {
    const read = readPart(s, key, column);
    return !!read && mentionsTable(read, key) && (column === undefined || readsColumn(read, column));
  };
  const before = writers.filter((w) => w.at < at).map((w) => w.stmt).reverse();
  // A table's rows are copied by an INSERT … SELECT or CREATE TABLE AS; an UPDATE … FROM t only carries values over.
  return (column === undefined ? before.find((s) => s.kind !== 'UpdateStmt' && copies(s)) : undefined) ?? before.find(copies);
}

/** Where the copy is, for the message (`line 12`) and as related information. */
export function carriedAt(ctx: RuleContext, copy: Statement, what: string): { line: number; related: RelatedLocation } {
  const { lines } = writersOf(ctx.file);
  const start = lines.positionAt(copy.start);
  return { line: start.line + 1, related: { message: `${what} copied here`, range: { start, end: lines.positionAt(copy.end) } } };
}

interface Writers {
  /** The executed statements that may copy data (outside function bodies), with their place. */
  writers: { stmt: Statement; at: number }[];
  lines: LineIndex;
}

/**
 * Per file, once: a file of thousands of drops (a generated teardown, a hostile 80,000-statement
 * file) must not scan the statements before each drop again.
 */
const writersCache = new WeakMap<ParsedFile, Writers>();

function writersOf(file: ParsedFile): Writers {
  let w = writersCache.get(file);
  if (!w) {
    const writers: Writers['writers'] = [];
    file.executed.forEach((stmt, at) => {
      if (stmt.scope !== 'function' && WRITES.has(stmt.kind)) writers.push({ stmt, at });
    });
    w = { writers, lines: new LineIndex(file.text) };
    writersCache.set(file, w);
  }
  return w;
}

/** The statements readPart reads. */
const WRITES = new Set(['InsertStmt', 'CreateTableAsStmt', 'UpdateStmt']);

/** The parts of a data-writing statement that it reads, when it writes somewhere else than the dropped table or column. */
function readPart(s: Statement, table: string, column: string | undefined): unknown[] | undefined {
  switch (s.kind) {
    case 'InsertStmt':
      return sameTable(s.node.relation, table) ? undefined : [s.node.selectStmt];
    case 'CreateTableAsStmt':
      return [s.node.query];
    case 'UpdateStmt': {
      const targets = unwrapAll(s.node.targetList, 'ResTarget');
      if (sameTable(s.node.relation, table)) {
        // The same table: only a column copied into another one of its columns.
        if (column === undefined || targets.every((t) => t.name === column)) return undefined;
        return [targets.map((t) => t.val), s.node.fromClause, s.node.whereClause, { RangeVar: s.node.relation }];
      }
      return [targets.map((t) => t.val), s.node.fromClause, s.node.whereClause];
    }
  }
  return undefined;
}

function sameTable(rv: RangeVar | undefined, table: string): boolean {
  return !!rv && normalizeName(relationName(rv)) === table;
}

function mentionsTable(part: unknown, table: string): boolean {
  let found = false;
  walkNodes(part, (node) => {
    const rv = unwrap(node as never, 'RangeVar');
    if (rv && sameTable(rv, table)) found = true;
    return !found;
  });
  return found;
}

/** The expression reads `column`: a column reference whose last field is its name. */
export function readsColumn(expr: unknown, column: string): boolean {
  let found = false;
  walkNodes(expr, (node) => {
    const ref = (node as { ColumnRef?: ColumnRef }).ColumnRef;
    if (ref && stringValue(ref.fields?.[ref.fields.length - 1]) === column) found = true;
    return !found;
  });
  return found;
}
