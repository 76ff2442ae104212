import type { ColumnDef, Constraint, Node } from '@pgsql/types';
import { clipBytes, normalizeName, quoteIdent, relationName, stringValue, unwrap, unwrapAll } from '../parse/ast';
import type { ParsedFile, Statement } from '../parse/parser';
import type { NameEvent, PriorFile } from '../navigation/model';
import { insertLineAfter } from './fixes';
import { isNew } from './new-objects';
import { defineRule, type Fix, type RuleContext } from './types';

interface ForeignKey {
  table: string;
  columns: string[];
  references: string;
  /** AST location of the constraint. */
  location: number;
  /** The columns are made by this statement (a new table or column), so no older index can cover them. */
  newColumns: boolean;
}

export default defineRule({
  id: 'foreign-key-without-index',
  category: 'safety',
  defaultSeverity: 'info',
  docs: {
    summary: 'Foreign key columns without an index: deletes on the parent table scan the child table.',
    why: 'PostgreSQL indexes the referenced key, not the referencing columns. Every `DELETE` or key `UPDATE` on the parent then scans the whole child table to check for references (under the child\'s lock), `ON DELETE CASCADE` does the same, and joins from parent to children cannot use an index. Adding the key takes a SHARE ROW EXCLUSIVE lock on the referenced table (writes to it wait). It is invisible on small tables and becomes a slow delete, with lock waits, once the child table is large.',
    instead: 'Create an index whose leading columns are the foreign key columns: in the same migration for a new table, or `CREATE INDEX CONCURRENTLY` in its own migration for an existing one. A primary key or unique constraint that starts with those columns counts, and so does an index a later migration of the set creates (the key is reported where no migration indexes it).',
    lock: 'SHARE ROW EXCLUSIVE',
    setup: 'CREATE TABLE customers (id bigint PRIMARY KEY);',
    bad: 'CREATE TABLE orders (id bigint PRIMARY KEY, customer_id bigint NOT NULL REFERENCES customers (id));',
    good: 'CREATE TABLE orders (id bigint PRIMARY KEY, customer_id bigint NOT NULL REFERENCES customers (id));\nCREATE INDEX orders_customer_id_idx ON orders (customer_id);',
  },
  statementKinds: ['CreateStmt', 'AlterTableStmt'],
  checkStatement(stmt, ctx) {
    const indexed = indexedColumns(ctx.file);
    return foreignKeys(stmt)
      // An older table's indexes (its primary key, say) are out of sight: judge only columns this file makes.
      .filter((fk) => fk.newColumns || ctx.createdEarlierInFile('table', fk.table, stmt))
      .filter((fk) => !(indexed.get(normalizeName(fk.table)) ?? []).some((cols) => leadsWith(cols, fk.columns)))
      .filter((fk) => !indexedLater(ctx, fk))
      .map((fk) => {
        const start = ctx.offsetOf(stmt, fk.location);
        const word = /^\w+/.exec(ctx.file.text.slice(start, stmt.end));
        return {
          start,
          end: start + (word?.[0].length ?? 0),
          message: `No index on ${fk.table} (${fk.columns.join(', ')}) for its foreign key to ${fk.references}: deletes and key updates on ${fk.references} scan ${fk.table}.`,
          fixes: indexFix(ctx, stmt, fk),
        };
      });
  },
});

function foreignKeys(stmt: Statement): ForeignKey[] {
  if (stmt.kind !== 'CreateStmt' && stmt.kind !== 'AlterTableStmt') return [];
  const out: ForeignKey[] = [];
  const table = relationName(stmt.node.relation);
  const fromColumn = (def: ColumnDef | undefined) => {
    for (const c of unwrapAll(def?.constraints, 'Constraint')) if (c.contype === 'CONSTR_FOREIGN') out.push(fk(table, [def?.colname ?? ''], c, true));
  };
  const fromConstraint = (con: Constraint | undefined, newColumns: boolean) => {
    if (con?.contype === 'CONSTR_FOREIGN') out.push(fk(table, (con.fk_attrs ?? []).map((a) => stringValue(a) ?? ''), con, newColumns));
  };
  if (stmt.kind === 'CreateStmt') {
    for (const e of stmt.node.tableElts ?? []) {
      fromColumn(unwrap(e, 'ColumnDef'));
      fromConstraint(unwrap(e, 'Constraint'), true);
    }
  } else {
    for (const cmd of unwrapAll(stmt.node.cmds, 'AlterTableCmd')) {
      if (cmd.subtype === 'AT_AddColumn') fromColumn(unwrap(cmd.def, 'ColumnDef'));
      if (cmd.subtype === 'AT_AddConstraint') fromConstraint(unwrap(cmd.def, 'Constraint'), false);
    }
  }
  return out;
}

function fk(table: string, columns: string[], con: Constraint, newColumns: boolean): ForeignKey {
  return { table, columns, references: relationName(con.pktable), location: con.location ?? 0, newColumns };
}

const cache = new WeakMap<ParsedFile, Map<string, string[][]>>();

/** Per table, the leading plain columns of every index the file creates (indexes, primary keys, unique constraints). */
function indexedColumns(file: ParsedFile): Map<string, string[][]> {
  const hit = cache.get(file);
  if (hit) return hit;
  const map = new Map<string, string[][]>();
  const add = (table: string, cols: string[]) => {
    if (cols.length === 0) return;
    const key = normalizeName(table);
    map.set(key, [...(map.get(key) ?? []), cols]);
  };
  const fromConstraint = (table: string, con: Constraint | undefined, column?: string) => {
    if (con?.contype !== 'CONSTR_PRIMARY' && con?.contype !== 'CONSTR_UNIQUE') return;
    add(table, column ? [column] : (con.keys ?? []).map((k) => stringValue(k) ?? ''));
  };
  for (const stmt of file.executed) {
    if (stmt.kind !== 'IndexStmt' && stmt.kind !== 'CreateStmt' && stmt.kind !== 'AlterTableStmt') continue;
    const table = relationName(stmt.node.relation);
    if (stmt.kind === 'IndexStmt' && !stmt.node.whereClause) add(table, leadingNames(stmt.node.indexParams ?? []));
    const defs: ColumnDef[] = [];
    if (stmt.kind === 'CreateStmt') {
      for (const e of stmt.node.tableElts ?? []) {
        const def = unwrap(e, 'ColumnDef');
        if (def) defs.push(def);
        fromConstraint(table, unwrap(e, 'Constraint'));
      }
    }
    if (stmt.kind === 'AlterTableStmt') {
      for (const cmd of unwrapAll(stmt.node.cmds, 'AlterTableCmd')) {
        const def = unwrap(cmd.def, 'ColumnDef');
        if (cmd.subtype === 'AT_AddColumn' && def) defs.push(def);
        if (cmd.subtype === 'AT_AddConstraint') fromConstraint(table, unwrap(cmd.def, 'Constraint'));
      }
    }
    for (const def of defs) for (const c of unwrapAll(def.constraints, 'Constraint')) fromConstraint(table, c, def.colname);
  }
  cache.set(file, map);
  return map;
}

/** Per set (the array of its up files' events), each table's indexes made by CREATE INDEX, with the file making them. */
const setIndexes = new WeakMap<readonly PriorFile[], Map<string, { file: number; columns: string[] }[]>>();

function indexesOfSet(files: readonly PriorFile[]): Map<string, { file: number; columns: string[] }[]> {
  let map = setIndexes.get(files);
  if (map) return map;
  map = new Map();
  files.forEach((f, file) => {
    const { statements, events } = f.events;
    // A full index (no WHERE): its table is the statement's first table, its columns the columns named in order.
    const full = (si: number) => statements[si]?.kind === 'index' && statements[si].statement === 'IndexStmt' && !/\bWHERE\b/i.test(f.text.slice(statements[si].start, statements[si].end));
    const byStmt = new Map<number, NameEvent[]>();
    for (const e of events) if (e.event === 'use' && full(e.stmt)) byStmt.set(e.stmt, [...(byStmt.get(e.stmt) ?? []), e]);
    for (const list of byStmt.values()) {
      const table = list.find((e) => e.target.kind === 'table')?.target;
      const columns = list.filter((e) => e.target.kind === 'column').map((e) => e.target.name);
      if (!table || columns.length === 0) continue;
      const key = `${table.schema}.${table.name}`;
      map!.set(key, [...(map!.get(key) ?? []), { file, columns }]);
    }
  });
  setIndexes.set(files, map);
  return map;
}

/**
 * A later migration of the set creates an index that leads with the key's columns (documenso adds
 * its foreign keys' indexes in later `add_database_indexes` migrations): the set has the index, so
 * asking for one here would only make a duplicate. Read from the set's schema events.
 */
function indexedLater(ctx: RuleContext, fk: ForeignKey): boolean {
  const set = ctx.setFiles();
  if (!set || set.index < 0) return false;
  const key = fk.table.includes('.') ? fk.table : `public.${fk.table}`;
  return (indexesOfSet(set.files).get(key) ?? []).some((i) => i.file > set.index && leadsWith(i.columns, fk.columns));
}

/** Index columns up to the first expression. */
function leadingNames(params: Node[]): string[] {
  const out: string[] = [];
  for (const p of params) {
    const name = unwrap(p, 'IndexElem')?.name;
    if (!name) break;
    out.push(name);
  }
  return out;
}

/** The index's first columns are exactly the key's columns, in any order. */
function leadsWith(indexCols: string[], keyCols: string[]): boolean {
  const lead = new Set(indexCols.slice(0, keyCols.length));
  return indexCols.length >= keyCols.length && keyCols.every((c) => lead.has(c));
}

/** For a table this file creates: add the index right after the statement. */
function indexFix(ctx: RuleContext, stmt: Statement, key: ForeignKey): Fix[] {
  const newTable = stmt.kind === 'CreateStmt' || isNew(ctx, 'table', key.table, stmt);
  if (stmt.scope !== 'top' || !newTable) return [];
  const [schema, relname] = key.table.includes('.') ? key.table.split('.') : [undefined, key.table];
  const name = clipBytes(`${relname}_${key.columns.join('_')}_idx`, 63);
  const target = `${schema ? `${quoteIdent(schema)}.` : ''}${quoteIdent(relname)}`;
  const line = `CREATE INDEX IF NOT EXISTS ${quoteIdent(name)} ON ${target} (${key.columns.map(quoteIdent).join(', ')});`;
  return [{ title: `Index ${key.table} (${key.columns.join(', ')})`, edits: [insertLineAfter(ctx, stmt, line)] }];
}
