/**
 * The migration conventions Migration Lens knows (see DESIGN.md). Each says how its runner
 * wraps files in transactions and whether its files must be re-runnable.
 */
export type ConventionId = 'init-sorted' | 'numbered' | 'drizzle' | 'up-down' | 'prisma' | 'supabase' | 'generic';

/** `per-file`: each file in its own transaction; `all`: every file in one; `none`: autocommit per statement. */
export type TransactionMode = 'per-file' | 'all' | 'none';

export interface Convention {
  id: ConventionId;
  transaction: TransactionMode;
  /** Files are applied again on every deploy, so each statement must be idempotent. */
  idempotent: boolean;
  /** Down (rollback) files: never used, an optional `_down` twin, or required for every up file. */
  downs: 'none' | 'optional' | 'required';
  /** Table where the runner records applied migrations; absent when files are not tracked (re-applied or loaded once). */
  history?: string;
}

export const CONVENTIONS: Record<ConventionId, Convention> = {
  // seed 000: migrate-db.js applies every sorted db/init file inside one transaction, on every start.
  'init-sorted': { id: 'init-sorted', transaction: 'all', idempotent: true, downs: 'none' },
  // seed 001: docker-entrypoint-initdb.d runs each file through psql, statement by statement.
  numbered: { id: 'numbered', transaction: 'none', idempotent: false, downs: 'optional' },
  // drizzle-kit migrate wraps the pending migrations in a transaction.
  drizzle: { id: 'drizzle', transaction: 'per-file', idempotent: false, downs: 'none', history: '__drizzle_migrations' },
  // seed 003: the runner applies each up file in a transaction and records it in schema_migrations.
  'up-down': { id: 'up-down', transaction: 'per-file', idempotent: false, downs: 'required', history: 'schema_migrations' },
  // Prisma sends migration.sql as one multi-statement script: an implicit transaction.
  prisma: { id: 'prisma', transaction: 'per-file', idempotent: false, downs: 'none', history: '_prisma_migrations' },
  // The Supabase CLI applies each migration file in a transaction.
  supabase: { id: 'supabase', transaction: 'per-file', idempotent: false, downs: 'none', history: 'supabase_migrations.schema_migrations' },
  // Unknown runner: assume the common case, a transaction per file.
  generic: { id: 'generic', transaction: 'per-file', idempotent: false, downs: 'optional' },
};

/** Best guess of a file's convention from its path alone (set-level detection refines this). */
export function conventionOfPath(path: string): ConventionId {
  const p = path.replace(/\\/g, '/');
  if (/(^|\/)db\/init\/[^/]+\.sql$/i.test(p)) return 'init-sorted';
  if (/(^|\/)supabase\/migrations\/[^/]+\.sql$/i.test(p)) return 'supabase';
  if (/(^|\/)migrations\/[^/]+\/migration\.sql$/i.test(p)) return 'prisma';
  if (/\.(up|down)\.sql$/i.test(p)) return 'up-down';
  if (/(^|\/)migrations\/\d{4}_[^/]+\.sql$/i.test(p)) return 'drizzle';
  if (/(^|\/)db\/\d+_[^/]+\.sql$/i.test(p)) return 'numbered';
  return 'generic';
}
