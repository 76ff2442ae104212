/**
 * Drift: the live schema against the schema the applied migrations make. Both sides are read by
 * the preview's own introspect() into the same schema model and compared object by object
 * (compare.ts), after normalising what differs between PostgreSQL versions only (a PostgreSQL 15
 * server against PGlite's 18). Each difference names the migration that made the object.
 */
import { introspect, type CatalogSource } from '../preview/introspect';
import { compareSchemas, describeChange, type SchemaChange } from '../preview/compare';
import type { Origin, SchemaModel } from '../preview/schema-model';
import type { LiveDb } from './connection';
import type { HistoryTable } from './history';

export interface DriftItem {
  /** `missing`: a migration makes it, the database lacks it; `extra`: only the database has it; `different`: both, not alike. */
  kind: 'missing' | 'extra' | 'different';
  /** e.g. `column public.users.email`, `index public.users_email_idx`. */
  object: string;
  /** DDL the migrations make / the database has. */
  expected?: string;
  actual?: string;
  /** The migration (file and line) that makes the object. */
  migration?: Origin;
  /** `schema.table` a column, constraint, index, trigger or policy belongs to. */
  table?: string;
  /** One line for text output. */
  message: string;
}

/** Schemas a platform owns (Supabase), compared only for what the migrations add to them. */
const PLATFORM_SCHEMAS = new Set([
  'auth', 'storage', 'extensions', 'realtime', 'graphql', 'graphql_public', 'vault', 'pgsodium', 'pgsodium_masks',
  'supabase_functions', 'net', 'pgbouncer', 'cron', '_realtime', '_analytics', 'supabase_migrations',
]);
/** Schemas only a migration tool's bookkeeping lives in. */
const TOOL_SCHEMAS = new Set(['drizzle', 'supabase_migrations', 'graphile_migrate', 'sqitch']);

const ANYWHERE: Origin = { path: '', line: 0 };

/** The live database's schema model (every user object; origins are meaningless there). */
export async function liveSchema(db: LiveDb): Promise<SchemaModel> {
  return introspect(liveCatalog(db), () => ANYWHERE);
}

/** introspect() sends its catalog queries as one string; run them one by one in one snapshot. */
function liveCatalog(db: LiveDb): CatalogSource {
  return {
    exec: async (sql) => (await db.queryAll(sql.split(/;\n/).map((q) => q.trim()).filter(Boolean))).map((rows) => ({ rows })),
  };
}

/**
 * `expected`: the preview's schema after the applied migrations (origins set); `live`: liveSchema().
 * `histories`: the bookkeeping tables found, left out of the comparison.
 */
export function compareLive(expected: SchemaModel, live: SchemaModel, histories: HistoryTable[], platform: boolean): DriftItem[] {
  const historyTables = new Set(histories.map((h) => `${h.schema}.${h.name}`));
  const cleanLive = withoutBookkeeping(live, historyTables);
  const baselineTables = new Set(expected.schemas.flatMap((s) => s.tables.filter((t) => t.baseline).map((t) => `${s.name}.${t.name}`)));
  const changes = compareSchemas(normalise(expected), normalise(cleanLive)).filter((c) => {
    if (c.change === 'added' && platform && PLATFORM_SCHEMAS.has(schemaOf(c) ?? '')) return false;
    // A preset's table stands in for the platform's own: only what migrations added to it counts.
    if (!c.table && baselineTables.has(objectName(c) ?? '')) return false;
    return true;
  });
  // A table that is missing or extra as a whole carries its columns, indexes and constraints with it.
  const wholeTables = new Map(changes.filter((c) => c.change !== 'changed' && !c.table && / table /.test(` ${c.object.split(' ').slice(0, -1).join(' ')} `)).map((c) => [objectName(c), c.change]));
  return changes.filter((c) => !(c.table && wholeTables.get(c.table) === c.change)).map(toItem);
}

function toItem(c: SchemaChange): DriftItem {
  const kind = c.change === 'removed' ? 'missing' : c.change === 'added' ? 'extra' : 'different';
  const item: DriftItem = { kind, object: c.object, message: '' };
  if (c.before !== undefined) item.expected = c.before;
  if (c.after !== undefined) item.actual = c.after;
  if (c.beforeOrigin && c.beforeOrigin.path) item.migration = c.beforeOrigin;
  if (c.table) item.table = c.table;
  item.message = describeChange(c, { added: 'is in the database but no applied migration makes it', removed: 'is missing from the database' });
  return item;
}

/** The model without the history tables, their sequences, and the schemas only tools use. */
function withoutBookkeeping(model: SchemaModel, historyTables: Set<string>): SchemaModel {
  const copy = structuredClone(model);
  // Every database starts with public, as the preview's does: it is not something a migration made.
  for (const s of copy.schemas) if (s.name === 'public') delete s.origin;
  copy.schemas = copy.schemas
    .filter((s) => !(TOOL_SCHEMAS.has(s.name) && s.tables.every((t) => historyTables.has(`${s.name}.${t.name}`))))
    .map((s) => ({
      ...s,
      tables: s.tables.filter((t) => !historyTables.has(`${s.name}.${t.name}`)),
      sequences: s.sequences.filter((q) => !(q.ownedBy && [...historyTables].some((h) => q.ownedBy!.replace(/"/g, '').startsWith(`${h}.`) || q.ownedBy!.replace(/"/g, '').startsWith(`${h.split('.')[1]}.`)))),
    }));
  return copy;
}

/** What differs between PostgreSQL versions only, made alike on both sides. */
export function normalise(model: SchemaModel): SchemaModel {
  const copy = structuredClone(model);
  // The extension's version is whatever the server (or PGlite) ships, not what a migration chose.
  for (const e of copy.extensions) e.version = '';
  for (const s of copy.schemas) for (const v of s.views) v.definition = unqualifiedSingleRelation(v.definition);
  return copy;
}

/**
 * PG16 dropped the OLD/NEW entries from a view's range table, so the definition of a view that reads
 * one relation no longer qualifies its columns (`SELECT id` where PG15 prints `SELECT t.id`).
 */
export function unqualifiedSingleRelation(definition: string): string {
  const from = /\bFROM\s+(?:\w+\.)?(\w+)\s*(?:\n|;|$)/.exec(definition);
  if (!from || /\bJOIN\b/.test(definition)) return definition;
  return definition.replace(new RegExp(`(?<![\\w.])${from[1]}\\.(?=\\w)`, 'g'), '');
}

function schemaOf(c: SchemaChange): string | undefined {
  if (c.table) return c.table.split('.')[0];
  if (c.object.startsWith('schema ')) return c.object.slice('schema '.length);
  return objectName(c)?.split('.')[0];
}

/** `schema.name` of a change's object (its kind words stripped). */
function objectName(c: SchemaChange): string | undefined {
  return /^(?:partitioned table|foreign table|materialized view|[a-z]+) ([^ ]+)/.exec(c.object)?.[1].replace(/\(.*$/, '');
}
