/**
 * `migration-lens status [dir] [--db url]`: what a real database has applied of the migrations
 * under dir, read-only, from each runner's history table; `--drift` also compares the live schema
 * with the one the applied migrations make.
 */
import type { Command, OptionSpec } from './args';
import { CONFIG_OPTION } from './shared-options';

const OPTIONS: OptionSpec[] = [
  { name: 'db', type: 'string', value: 'url', description: 'Database URL (default: DATABASE_URL, then DATABASE_URL in a .env file at the set\'s root or the workspace root).' },
  { name: 'format', short: 'f', type: 'string', value: 'format', description: 'text (default) or json.' },
  { name: 'drift', type: 'boolean', description: 'Also compare the live schema with the one the applied migrations make.' },
  { name: 'probe', type: 'boolean', description: 'Pre-flight probes for pending migrations: would SET NOT NULL, a new UNIQUE or CHECK, or a type change fail on today\'s rows (bounded reads).' },
  { name: 'checklist', type: 'string', value: 'migration', description: 'Print the pre-flight checklist (markdown) of this pending migration, with row counts filled in.' },
  { name: 'set', type: 'string', value: 'folder', description: 'Only the migration set in this folder (when several are found).' },
  { name: 'timeout', type: 'string', value: 'ms', description: 'statement_timeout of every query (default: live.timeoutMs, 5000).' },
  CONFIG_OPTION,
];

export const statusCommand: Command = {
  name: 'status',
  summary: 'Read a database (read-only): applied, pending, failed and edited migrations; drift.',
  usage: '[options] [dir]',
  details: [
    'Connects read-only (default_transaction_read_only, every query in a READ ONLY transaction,',
    'short statement_timeout and lock_timeout), reads the history table of each set\'s runner',
    '(_prisma_migrations, drizzle.__drizzle_migrations, schema_migrations, supabase_migrations,',
    'flyway_schema_history, goose_db_version, sqitch.changes, graphile_migrate.migrations) and the',
    'catalogs, and never writes. TLS follows the URL (sslmode=require, verify-full, …).',
    '',
    'For pending migrations, lock and rewrite findings carry the estimated rows and size of the',
    'tables they lock (pg_class.reltuples, pg_total_relation_size); the live thresholds of the',
    'configuration raise their severity on big tables and lower it on small ones.',
    '',
    'Exit status: 0 nothing failed, edited, missing from the files or drifted (pending is fine),',
    '1 otherwise (or a pre-flight probe predicts a failure), 2 usage, configuration or connection error.',
  ].join('\n'),
  options: OPTIONS,
  run: async (parsed, io) => (await import('./status-run')).runStatus(parsed, io),
};
