/**
 * The history tables migration runners keep, read as they are (SELECT only). Each reader's table
 * and columns come from the tool's own source, cited beside it. `findHistories` looks in the
 * catalog for every known table at once; `readHistory` reads one into HistoryRows.
 */
import { CONVENTIONS, type ConventionId } from '../layout/conventions';
import type { LiveDb } from './connection';

export type HistoryTool =
  | 'prisma' | 'drizzle' | 'golang-migrate' | 'up-down-runner' | 'supabase'
  | 'flyway' | 'goose' | 'dbmate' | 'sqitch' | 'graphile-migrate';

/** One row of a history table, in the tool's terms. */
export interface HistoryRow {
  /** A version: golang-migrate's, dbmate's, goose's, Flyway's (`1.2`), Supabase's timestamp, the team runner's number. */
  version?: string;
  /** A name: Prisma's folder name, sqitch's change, graphile-migrate's file name, Flyway's script file name. */
  name?: string;
  /** Checksum or hash as the tool stored it (Prisma and Drizzle: sha256 hex; Flyway: CRC32 as a signed integer; sqitch: SHA-1 hex; graphile-migrate: `sha1:…`). */
  checksum?: string;
  /** When it was applied, as the server printed the timestamp. */
  appliedAt?: string;
  /** Drizzle's `created_at`: the journal's `when` of the migration (milliseconds). */
  createdAt?: string;
  /** `failed`: started and not finished (Prisma), dirty (golang-migrate), success = false (Flyway). */
  state: 'applied' | 'failed' | 'rolled-back' | 'baseline';
  /** What the table says about a failure (Prisma's logs), or a note. */
  detail?: string;
  /** Flyway's repeatable migrations (R__), which have no version. */
  repeatable?: boolean;
}

export interface HistoryTable {
  tool: HistoryTool;
  /** Qualified name as found, e.g. `drizzle.__drizzle_migrations`. */
  table: string;
  schema: string;
  name: string;
  columns: string[];
}

export interface History extends HistoryTable {
  rows: HistoryRow[];
}

/** What each tool calls itself, for messages. */
export const TOOL_LABELS: Record<HistoryTool, string> = {
  prisma: 'Prisma Migrate',
  drizzle: 'drizzle-kit migrate',
  'golang-migrate': 'golang-migrate',
  'up-down-runner': 'up/down runner',
  supabase: 'Supabase CLI',
  flyway: 'Flyway',
  goose: 'goose',
  dbmate: 'dbmate',
  sqitch: 'sqitch',
  'graphile-migrate': 'graphile-migrate',
};

/** The tools whose tables fit each convention, best first; any table fits a generic or numbered set. */
const PREFERRED: Partial<Record<ConventionId | string, HistoryTool[]>> = {
  prisma: ['prisma'],
  drizzle: ['drizzle'],
  supabase: ['supabase'],
  'up-down': ['golang-migrate', 'up-down-runner', 'dbmate'],
  flyway: ['flyway'],
  goose: ['goose'],
  dbmate: ['dbmate'],
  sqitch: ['sqitch'],
  'graphile-migrate': ['graphile-migrate'],
};

/** Conventions whose files are never recorded anywhere: status is drift only. */
export const UNTRACKED_CONVENTIONS: readonly string[] = ['init-sorted'];

/** The table names a convention's runner would have created, for the "missing history table" message. */
export function expectedTables(convention: string): string[] {
  const declared = declaredTable(convention);
  if (declared) return [declared];
  const tools = PREFERRED[convention] ?? (Object.keys(TOOL_LABELS) as HistoryTool[]);
  return [...new Set(tools.map((t) => DEFAULT_TABLE[t]))];
}

const DEFAULT_TABLE: Record<HistoryTool, string> = {
  prisma: '_prisma_migrations',
  drizzle: 'drizzle.__drizzle_migrations',
  'golang-migrate': 'schema_migrations',
  'up-down-runner': 'schema_migrations',
  supabase: 'supabase_migrations.schema_migrations',
  flyway: 'flyway_schema_history',
  goose: 'goose_db_version',
  dbmate: 'schema_migrations',
  sqitch: 'sqitch.changes',
  'graphile-migrate': 'graphile_migrate.migrations',
};

const CANDIDATES = `SELECT n.nspname AS schema, c.relname AS name,
    array_agg(a.attname::text ORDER BY a.attnum) AS columns
  FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
  JOIN pg_catalog.pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
  WHERE c.relkind IN ('r', 'p', 'v', 'f')
    AND (c.relname IN ('_prisma_migrations', '__drizzle_migrations', 'schema_migrations', 'flyway_schema_history', 'goose_db_version')
      OR (n.nspname = 'sqitch' AND c.relname = 'changes')
      OR (n.nspname = 'graphile_migrate' AND c.relname = 'migrations'))
    AND has_schema_privilege(n.oid, 'USAGE')
  GROUP BY n.nspname, c.relname
  ORDER BY (n.nspname = ANY (current_schemas(false))) DESC, n.nspname, c.relname`;

/** Every known history table in the database, with the tool each belongs to. */
export async function findHistories(db: LiveDb): Promise<HistoryTable[]> {
  const rows = await db.query<{ schema: string; name: string; columns: string[] }>(CANDIDATES);
  const out: HistoryTable[] = [];
  for (const r of rows) {
    const tool = toolOf(r.schema, r.name, r.columns);
    if (tool) out.push({ tool, schema: r.schema, name: r.name, columns: r.columns, table: `${quote(r.schema)}.${quote(r.name)}` });
  }
  return out;
}

/** The history table of a set of this convention, among those found; undefined when none fits. */
export function pickHistory(found: HistoryTable[], convention: string): HistoryTable | undefined {
  // The convention model names its runner's table: a table of that name (in that schema, when qualified) wins.
  const declared = declaredTable(convention);
  if (declared) {
    const [schema, name] = declared.includes('.') ? declared.split('.') : [undefined, declared];
    const hit = found.find((f) => f.name === name && (schema === undefined || f.schema === schema) && (!PREFERRED[convention] || PREFERRED[convention]!.includes(f.tool)));
    if (hit) return hit;
  }
  const tools = PREFERRED[convention];
  if (!tools) return found[0];
  for (const tool of tools) {
    const t = found.find((f) => f.tool === tool);
    if (t) return t;
  }
  return undefined;
}

/** The history table the convention's module declares (layout/conventions/<id>.ts), if any. */
function declaredTable(convention: string): string | undefined {
  return (CONVENTIONS as Partial<Record<string, { history?: { table: string } }>>)[convention]?.history?.table;
}

function toolOf(schema: string, name: string, columns: string[]): HistoryTool | undefined {
  const has = (c: string) => columns.includes(c);
  switch (name) {
    case '_prisma_migrations':
      return has('migration_name') && has('checksum') ? 'prisma' : undefined;
    case '__drizzle_migrations':
      return has('hash') ? 'drizzle' : undefined;
    case 'flyway_schema_history':
      return has('version') && has('success') ? 'flyway' : undefined;
    case 'goose_db_version':
      return has('version_id') && has('is_applied') ? 'goose' : undefined;
    case 'changes':
      return schema === 'sqitch' && has('change') ? 'sqitch' : undefined;
    case 'migrations':
      return schema === 'graphile_migrate' && has('filename') && has('hash') ? 'graphile-migrate' : undefined;
    case 'schema_migrations':
      if (!has('version')) return undefined;
      if (schema === 'supabase_migrations') return 'supabase';
      if (has('dirty')) return 'golang-migrate';
      if (has('name') || has('applied_at')) return 'up-down-runner';
      return 'dbmate';
  }
  return undefined;
}

export async function readHistory(db: LiveDb, t: HistoryTable): Promise<History> {
  const has = (c: string) => t.columns.includes(c);
  const col = (c: string, as = c) => (has(c) ? `${quote(c)}::text AS ${as}` : `NULL::text AS ${as}`);
  type Row = Record<string, string | boolean | null>;
  const s = (v: unknown): string | undefined => (v === null || v === undefined ? undefined : String(v));
  let rows: HistoryRow[] = [];
  switch (t.tool) {
    case 'prisma': {
      // prisma/prisma-engines, schema-engine sql connector (postgres flavour): _prisma_migrations(id, checksum,
      // finished_at, migration_name, logs, rolled_back_at, started_at, applied_steps_count). A row with no
      // finished_at and no rolled_back_at is a failed migration; `migrate resolve --rolled-back` sets rolled_back_at.
      const r = await db.query<Row>(`SELECT migration_name, checksum, finished_at::text AS finished_at, started_at::text AS started_at,
        rolled_back_at::text AS rolled_back_at, logs FROM ${t.table} ORDER BY started_at, migration_name`);
      rows = r.map((x) => ({
        name: s(x.migration_name), checksum: s(x.checksum), appliedAt: s(x.finished_at) ?? s(x.started_at),
        state: x.rolled_back_at ? 'rolled-back' : x.finished_at ? 'applied' : 'failed',
        detail: x.finished_at || x.rolled_back_at ? undefined : firstLine(s(x.logs)),
      }));
      break;
    }
    case 'drizzle': {
      // drizzle-team/drizzle-orm, drizzle-orm/src/pg-core/dialect.ts migrate(): "__drizzle_migrations" in schema
      // "drizzle" (id SERIAL, hash text, created_at bigint); hash = sha256 hex of the file (src/migrator.ts
      // readMigrationFiles), created_at = the journal entry's `when`. A migration runs only when its `when` is
      // greater than the newest created_at.
      const r = await db.query<Row>(`SELECT hash, created_at::text AS created_at FROM ${t.table} ORDER BY id`);
      rows = r.map((x) => ({ checksum: s(x.hash), createdAt: s(x.created_at), state: 'applied' }));
      break;
    }
    case 'golang-migrate': {
      // golang-migrate/migrate, database/postgres/postgres.go ensureVersionTable: schema_migrations(version bigint,
      // dirty boolean); SetVersion truncates the table and inserts one row: the current version only.
      const r = await db.query<Row>(`SELECT version::text AS version, dirty FROM ${t.table}`);
      rows = r.map((x) => ({ version: s(x.version), state: x.dirty ? 'failed' : 'applied', detail: x.dirty ? 'dirty: the migration failed part-way; fix the database, then force the version' : undefined }));
      break;
    }
    case 'up-down-runner': {
      // The team's up/down runner keeps schema_migrations(version, name, applied_at) (its handbook: "Version
      // history is stored in the schema_migrations table (version, name, applied_at)"); a rollback deletes the row.
      const r = await db.query<Row>(`SELECT version::text AS version, ${col('name')}, ${col('applied_at')} FROM ${t.table} ORDER BY 1`);
      rows = r.map((x) => ({ version: s(x.version), name: s(x.name), appliedAt: s(x.applied_at), state: 'applied' }));
      break;
    }
    case 'supabase': {
      // supabase/cli, pkg/migration/history.go: supabase_migrations.schema_migrations(version text primary key,
      // statements text[], name text); the version is the file's timestamp prefix. No date, no checksum.
      const r = await db.query<Row>(`SELECT version::text AS version, ${col('name')} FROM ${t.table} ORDER BY 1`);
      rows = r.map((x) => ({ version: s(x.version), name: s(x.name), state: 'applied' }));
      break;
    }
    case 'dbmate': {
      // amacneil/dbmate, pkg/driver/postgres/postgres.go CreateMigrationsTable: schema_migrations(version varchar(128)
      // primary key); the version is the file's timestamp prefix; rollback deletes the row.
      const r = await db.query<Row>(`SELECT version::text AS version FROM ${t.table} ORDER BY 1`);
      rows = r.map((x) => ({ version: s(x.version), state: 'applied' }));
      break;
    }
    case 'goose': {
      // pressly/goose, internal/dialect/dialectquery/postgres.go: goose_db_version(id serial, version_id bigint,
      // is_applied boolean, tstamp timestamp default now()). The newest row of a version decides (older goose
      // recorded a rollback as is_applied = false; newer ones delete the row); version 0 is the table's own row.
      const r = await db.query<Row>(`SELECT DISTINCT ON (version_id) version_id::text AS version, is_applied, tstamp::text AS tstamp
        FROM ${t.table} WHERE version_id <> 0 ORDER BY version_id, id DESC`);
      rows = r.filter((x) => x.is_applied).map((x) => ({ version: s(x.version), appliedAt: s(x.tstamp), state: 'applied' }));
      break;
    }
    case 'flyway': {
      // flyway/flyway, flyway-database-postgresql createMetaDataTable.sql: flyway_schema_history(installed_rank,
      // version, description, type, script, checksum int, installed_by, installed_on, execution_time, success).
      // Repeatable migrations have no version; BASELINE marks every version up to its own as applied.
      const r = await db.query<Row>(`SELECT version, description, type, script, checksum::text AS checksum, installed_on::text AS installed_on, success
        FROM ${t.table} WHERE type NOT IN ('SCHEMA', 'DELETE') ORDER BY installed_rank`);
      rows = r.map((x) => ({
        version: s(x.version), name: s(x.script), checksum: s(x.checksum), appliedAt: s(x.installed_on),
        state: x.type === 'BASELINE' ? 'baseline' : x.success ? 'applied' : 'failed', repeatable: x.version === null,
      }));
      break;
    }
    case 'sqitch': {
      // sqitchers/sqitch, lib/App/Sqitch/Engine/pg.sql: sqitch.changes(change_id, script_hash, change, project, note,
      // committed_at, …): one row per deployed change (revert deletes it); script_hash = SHA-1 of the deploy script.
      const r = await db.query<Row>(`SELECT change, ${col('script_hash')}, committed_at::text AS committed_at FROM ${t.table} ORDER BY committed_at`);
      rows = r.map((x) => ({ name: s(x.change), checksum: s(x.script_hash), appliedAt: s(x.committed_at), state: 'applied' }));
      break;
    }
    case 'graphile-migrate': {
      // graphile/migrate, src/migration.ts _migrateMigrationSchema: graphile_migrate.migrations(hash text primary key,
      // previous_hash, filename, date); committed files carry their hash in a `--! Hash: sha1:…` header.
      const r = await db.query<Row>(`SELECT filename, hash, date::text AS date FROM ${t.table} ORDER BY filename`);
      rows = r.map((x) => ({ name: s(x.filename), checksum: s(x.hash), appliedAt: s(x.date), state: 'applied' }));
      break;
    }
  }
  return { ...t, rows };
}

function firstLine(text?: string): string | undefined {
  const line = text?.split('\n').map((l) => l.trim()).find(Boolean);
  return line && line.length > 200 ? `${line.slice(0, 199)}…` : line;
}

export function quote(ident: string): string {
  return /^[a-z_][a-z0-9_]*$/.test(ident) ? ident : `"${ident.replace(/"/g, '""')}"`;
}
