/**
 * The schema preview's model (preview/schema-model.ts, read from PostgreSQL's catalog) placed in
 * the object timeline, for hover and workspace symbols: real column types, defaults, NOT NULL,
 * enum values and function signatures as PostgreSQL reports them, where the static events only
 * know what the statements spell out.
 *
 * A preview session keeps one schema: the one after its last file (introspecting after every
 * file would cost a catalog read per migration on each run). So the preview describes an object
 * at a point of the timeline only when nothing between that point and the preview's end changes
 * the object, its members or its parents (their create, alter, rename and drop events), and no
 * file in between changes the schema in ways its events do not show (FileEvents.opaque). Anywhere
 * else the static timeline answers. A last check keeps a table whose columns the preview and the
 * timeline disagree on (a DROP … CASCADE the events do not follow) on the static answer.
 */
import { quoteIdent } from '../parse/ast';
import { columnSql, policySql, schemaToSql, sequenceSql, typeSql } from '../preview/render';
import { schemaPartDdl } from '../preview/ddl';
import type { FunctionInfo, SchemaInfo, SchemaModel, TableInfo } from '../preview/schema-model';
import type { FileEvents } from './model';
import type { Occurrence, Point, SchemaObject, Timeline } from './timeline';

/** A preview's schema and where it stands: just before statement 0 of file `end.file` (after the files it ran on). */
export interface PlacedPreview {
  schema: SchemaModel;
  end: Point;
}

/** The preview's files are the set's first ones with the same texts: where it ends in the set's timeline, or undefined. */
export function placePreview(schema: SchemaModel, ran: readonly { path: string; text: string }[], current: readonly { path: string; text: string }[]): PlacedPreview | undefined {
  if (ran.length === 0 || ran.length > current.length) return undefined;
  for (let i = 0; i < ran.length; i++) if (ran[i].path !== current[i].path || ran[i].text !== current[i].text) return undefined;
  return { schema, end: { file: ran.length, stmt: 0 } };
}

const before = (o: Occurrence, p: Point) => o.file < p.file || (o.file === p.file && o.event.stmt < p.stmt);
const earlier = (a: Point, b: Point) => a.file < b.file || (a.file === b.file && a.stmt < b.stmt);

/** Does the preview's schema show `object` as it stands at `p`? (See the module comment.) */
export function previewHolds(timeline: Timeline, files: readonly FileEvents[], target: SchemaObject, p: Point, end: Point): boolean {
  // An enum value is shown as its type: every value of it counts.
  const object = target.kind === 'enum value' && target.parent ? target.parent : target;
  const [lo, hi] = earlier(p, end) ? [p, end] : [end, p];
  const between = (o: Occurrence) => before(o, hi) && !before(o, lo);
  // A file between the two points that may change the schema unseen; the point's own file, when the
  // point is after the end, only before the point's statement (the one being typed may not parse yet).
  const after = !earlier(p, end);
  for (let f = lo.file; f <= (after ? p.file : end.file - 1); f++) {
    const file = files[f];
    if (!file?.opaque) continue;
    if (after && f === p.file && (file.opaqueFrom ?? 0) >= (file.statements[p.stmt]?.start ?? Infinity)) continue;
    return false;
  }
  const changes = (o: SchemaObject): boolean => o.occurrences.some((occ) => occ.event.event !== 'use' && between(occ)) || o.children.some(changes);
  if (changes(object)) return false;
  for (let a = object.parent; a; a = a.parent) if (a.occurrences.some((occ) => occ.event.event !== 'use' && occ.event.event !== 'alter' && between(occ))) return false;
  return timeline.exists(object, p);
}

/** The object as the preview's schema has it, as SQL, or undefined when the schema does not have it (or disagrees with the timeline). */
export function previewedShape(schema: SchemaModel, timeline: Timeline, object: SchemaObject, p: Point): string | undefined {
  const subject = object.kind === 'enum value' && object.parent ? object.parent : object;
  const name = timeline.nameAt(subject, p);
  const owner = subject.parent;
  const schemaName = owner?.schema ?? subject.schema ?? 'public';
  const s = schema.schemas.find((x) => x.name === schemaName);
  if (!s) return undefined;
  const relation = (n: string) => s.tables.find((t) => t.name === n) ?? s.views.find((v) => v.name === n);
  switch (subject.kind) {
    case 'table':
    case 'view':
    case 'materialized view': {
      const rel = relation(name);
      if (!rel) return undefined;
      if ('kind' in rel) return columnsAgree(timeline, subject, p, rel) ? schemaPartDdl(schemaToSql, s.name, { tables: [rel] }) : undefined;
      return schemaPartDdl(schemaToSql, s.name, { views: [rel] });
    }
    case 'column': {
      const rel = owner && relation(timeline.nameAt(owner, p));
      if (!rel) return undefined;
      if ('kind' in rel) {
        const col = rel.columns.find((c) => c.name === name);
        return col && columnSql(col);
      }
      const col = rel.columns.find((c) => c.name === name);
      return col && `${quoteIdent(col.name)} ${col.type}`;
    }
    case 'constraint': {
      const c = ownerTable(s, timeline, owner, p)?.constraints.find((x) => x.name === name);
      return c && `CONSTRAINT ${quoteIdent(c.name)} ${c.definition}${c.validated ? '' : ' -- not validated'}`;
    }
    case 'trigger':
      return ownerTable(s, timeline, owner, p)?.triggers.find((x) => x.name === name)?.definition;
    case 'policy': {
      const t = ownerTable(s, timeline, owner, p);
      const pol = t?.policies.find((x) => x.name === name);
      return t && pol && policySql(s.name, t.name, pol);
    }
    case 'index': {
      const i = [...s.tables, ...s.views].flatMap((r) => r.indexes).find((x) => x.name === name);
      return i && `${i.definition}${i.valid ? '' : ' -- INVALID'}`;
    }
    case 'sequence': {
      const q = s.sequences.find((x) => x.name === name);
      return q && sequenceSql(s.name, q);
    }
    case 'type': {
      const t = s.types.find((x) => x.name === name);
      return t && typeSql(s.name, t);
    }
    case 'function': {
      const overloads = s.functions.filter((f) => f.name === name);
      return overloads.length ? overloads.map((f) => signature(s.name, f)).join('\n') : undefined;
    }
    default:
      return undefined;
  }
}

/** `FUNCTION public.touch(t integer) RETURNS trigger LANGUAGE plpgsql`: what PostgreSQL reports of it. */
function signature(schema: string, f: FunctionInfo): string {
  return `${f.kind.toUpperCase()} ${quoteIdent(schema)}.${quoteIdent(f.name)}(${f.arguments})${f.returns ? ` RETURNS ${f.returns}` : ''} LANGUAGE ${f.language}`;
}

function ownerTable(s: SchemaInfo, timeline: Timeline, owner: SchemaObject | undefined, p: Point): TableInfo | undefined {
  const name = owner && timeline.nameAt(owner, p);
  return name === undefined ? undefined : s.tables.find((t) => t.name === name);
}

/**
 * The timeline's columns at the point are all in the preview's table (and, for a table whose
 * statement writes all its columns, the only ones).
 */
function columnsAgree(timeline: Timeline, table: SchemaObject, p: Point, t: TableInfo): boolean {
  const known = timeline.columnsAt(table, p).map((c) => c.name);
  const previewed = new Set(t.columns.map((c) => c.name));
  if (!known.every((n) => previewed.has(n))) return false;
  const created = table.lifecycle.filter((o) => o.event.event === 'create' && before(o, p)).pop();
  return !created || !!created.event.attrs?.openColumns || known.length === previewed.size;
}

/** One object of a previewed schema, for workspace symbols. */
export interface PreviewedSymbol {
  name: string;
  kind: 'schema' | 'table' | 'view' | 'materialized view' | 'sequence' | 'index' | 'column' | 'constraint' | 'type' | 'function' | 'trigger' | 'policy' | 'extension';
  /** The table of a member, else the schema. */
  container?: string;
  path: string;
  /** 1-based. */
  line: number;
}

/** Every object of a previewed schema that a migration made or changed (those with an origin). */
export function previewedSymbols(schema: SchemaModel): PreviewedSymbol[] {
  const out: PreviewedSymbol[] = [];
  const add = (name: string, kind: PreviewedSymbol['kind'], container: string | undefined, origin: { path: string; line: number } | undefined) => {
    if (origin) out.push({ name, kind, container, path: origin.path, line: origin.line });
  };
  for (const s of schema.schemas) {
    add(s.name, 'schema', undefined, s.origin);
    for (const t of s.tables) {
      add(t.name, 'table', s.name, t.origin);
      for (const c of t.columns) add(c.name, 'column', t.name, c.origin);
      for (const c of t.constraints) add(c.name, 'constraint', t.name, c.origin);
      for (const i of t.indexes) if (!i.constraint) add(i.name, 'index', t.name, i.origin);
      for (const tr of t.triggers) add(tr.name, 'trigger', t.name, tr.origin);
      for (const pol of t.policies) add(pol.name, 'policy', t.name, pol.origin);
    }
    for (const v of s.views) {
      add(v.name, v.materialized ? 'materialized view' : 'view', s.name, v.origin);
      for (const i of v.indexes) add(i.name, 'index', v.name, i.origin);
    }
    for (const f of s.functions) add(f.name, 'function', s.name, f.origin);
    for (const t of s.types) add(t.name, 'type', s.name, t.origin);
    for (const q of s.sequences) if (!q.identity) add(q.name, 'sequence', s.name, q.origin);
  }
  for (const e of schema.extensions) add(e.name, 'extension', e.schema, e.origin);
  return out;
}
