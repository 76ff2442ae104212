/**
 * Object-by-object comparison of two schema models, for the proofs that check "the same schema"
 * (down round trip, snapshot drift). Origins are ignored: the same object made by another file
 * is the same object. Each object is keyed by kind and qualified name and compared by its DDL.
 * Compare models read with `introspectAll` (every object, the baseline's too), so that an object
 * is never in one model and not the other only because of where it came from.
 */
import type { PGliteInterface } from '@electric-sql/pglite';
import { quoteIdent } from '../parse/ast';
import { introspect } from './introspect';
import { columnSql, policySql, sequenceSql, typeSql } from './render';
import type { Origin, SchemaModel, TableInfo } from './schema-model';

export interface SchemaChange {
  /** `added`: only in `after`; `removed`: only in `before`; `changed`: in both, different. */
  change: 'added' | 'removed' | 'changed';
  /** e.g. `column public.users.email`, `index public.users_email_idx`. */
  object: string;
  before?: string;
  after?: string;
  /** Where the object was made, on each side (when the models carry origins). */
  beforeOrigin?: Origin;
  afterOrigin?: Origin;
  /** The table a column, constraint, index, trigger or policy belongs to (`schema.table`). */
  table?: string;
}

/** What differs between `before` and `after`, sorted by object. Empty when they are the same schema. */
export function compareSchemas(before: SchemaModel, after: SchemaModel): SchemaChange[] {
  const a = schemaObjects(before);
  const b = schemaObjects(after);
  const changes: SchemaChange[] = [];
  for (const [object, x] of a) {
    const y = b.get(object);
    const table = x.table ? { table: x.table } : {};
    if (y === undefined) changes.push({ change: 'removed', object, before: x.ddl, beforeOrigin: x.origin, ...table });
    else if (y.ddl !== x.ddl) changes.push({ change: 'changed', object, before: x.ddl, after: y.ddl, beforeOrigin: x.origin, afterOrigin: y.origin, ...table });
  }
  for (const [object, y] of b) if (!a.has(object)) changes.push({ change: 'added', object, after: y.ddl, afterOrigin: y.origin, ...(y.table ? { table: y.table } : {}) });
  return changes.sort((x, y) => (x.object < y.object ? -1 : x.object > y.object ? 1 : 0));
}

/** One line per change, e.g. `column public.users.email: was "email text", now "email character varying(80)"`. */
export function describeChange(c: SchemaChange, words: { added: string; removed: string } = { added: 'added', removed: 'removed' }): string {
  switch (c.change) {
    case 'added':
      return `${c.object} ${words.added}: ${oneLine(c.after)}`;
    case 'removed':
      return `${c.object} ${words.removed}: ${oneLine(c.before)}`;
    case 'changed':
      return `${c.object} differs: was ${oneLine(c.before)}, now ${oneLine(c.after)}`;
  }
}

function oneLine(ddl = ''): string {
  const flat = ddl.replace(/\s+/g, ' ').trim();
  return `\`${flat.length > 160 ? `${flat.slice(0, 157)}…` : flat}\``;
}

/** Every object of the model by key (kind and qualified name), with its DDL. */
type Add = (key: string, ddl: string, origin: Origin | undefined, table?: string) => void;
type Entry = { ddl: string; origin?: Origin; table?: string };

function schemaObjects(model: SchemaModel): Map<string, Entry> {
  const out = new Map<string, Entry>();
  const add: Add = (key, ddl, origin, table) => void out.set(key, { ddl, origin, table });
  for (const e of model.extensions) add(`extension ${e.name}`, `CREATE EXTENSION ${quoteIdent(e.name)} VERSION '${e.version}' SCHEMA ${quoteIdent(e.schema)}`, e.origin);
  for (const s of model.schemas) {
    const q = (name: string): string => `${s.name}.${name}`;
    if (s.origin) add(`schema ${s.name}`, `CREATE SCHEMA ${quoteIdent(s.name)}`, s.origin);
    for (const t of s.tables) tableObjects(q(t.name), t, add);
    for (const v of s.views) {
      add(`${v.materialized ? 'materialized view' : 'view'} ${q(v.name)}`, v.definition, v.origin);
      for (const i of v.indexes) add(`index ${q(i.name)}`, i.definition + (i.valid ? '' : ' (INVALID)'), i.origin);
    }
    for (const f of s.functions) add(`${f.kind} ${q(f.name)}(${f.arguments})`, f.definition ?? `${f.kind} ${f.name}(${f.arguments}) returns ${f.returns ?? 'void'} language ${f.language}`, f.origin);
    for (const t of s.types) add(`type ${q(t.name)}`, typeSql(s.name, t), t.origin);
    for (const seq of s.sequences) if (!seq.identity) add(`sequence ${q(seq.name)}`, sequenceSql(s.name, seq) + (seq.ownedBy ? ` OWNED BY ${seq.ownedBy}` : ''), seq.origin);
  }
  return out;
}

function tableObjects(name: string, t: TableInfo, add: Add): void {
  const flags = [
    t.partitionOf ? `PARTITION OF ${t.partitionOf.parent} ${t.partitionOf.bound}` : '',
    t.partitionKey ? `PARTITION BY ${t.partitionKey}` : '',
    t.rowLevelSecurity ? 'ROW LEVEL SECURITY' : '',
    t.forceRowLevelSecurity ? 'FORCE ROW LEVEL SECURITY' : '',
    t.comment !== undefined ? `COMMENT ${JSON.stringify(t.comment)}` : '',
  ].filter(Boolean);
  add(`${t.kind} ${name}`, [t.kind.toUpperCase(), ...flags].join(' '), t.origin);
  const schema = name.slice(0, name.length - t.name.length - 1);
  for (const c of t.columns) add(`column ${name}.${c.name}`, columnSql(c) + (c.comment !== undefined ? ` COMMENT ${JSON.stringify(c.comment)}` : ''), c.origin, name);
  for (const c of t.constraints) add(`constraint ${c.name} on ${name}`, c.definition, c.origin, name);
  for (const i of t.indexes) add(`index ${schema}.${i.name}`, i.definition + (i.valid ? '' : ' (INVALID)'), i.origin, name);
  for (const tr of t.triggers) add(`trigger ${tr.name} on ${name}`, tr.definition + (tr.enabled ? '' : ' (DISABLED)'), tr.origin, name);
  for (const p of t.policies) add(`policy ${p.name} on ${name}`, policySql(schema, t.name, p), p.origin, name);
}

const ANYWHERE: Origin = { path: '', line: 0 };

/** The whole user schema, the baseline's objects included (see compareSchemas). */
export function introspectAll(db: PGliteInterface): Promise<SchemaModel> {
  return introspect(db, () => ANYWHERE);
}
