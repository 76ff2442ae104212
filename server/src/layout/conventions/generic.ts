/** Any other folder of SQL migrations: the runner is unknown, so the common case is assumed. */
import { byNumber, sequenceIds } from './common';
import type { ConventionModule } from './types';

export const generic: ConventionModule = {
  id: 'generic',
  tool: 'unknown runner',
  detection: {
    priority: 1000,
    claims: () => true,
    emptyFolder: () => true,
    globs: ['**/migrations/**/*.sql', '**/migration/**/*.sql', '**/migrate/**/*.sql'],
    defaultFolder: 'migrations',
    describe: 'any other folder the globs match',
  },
  order: { compare: () => byNumber, describe: 'numeric prefix, then name' },
  // Unknown runner: assume the common case, a transaction per file. postgres-migrations (and
  // supabase/storage's fork of it) skips its transaction for a file containing its marker and
  // sends the file as one query (ThomWright/postgres-migrations src/run-migration.ts, runMigration:
  // `migration.sql.includes("-- postgres-migrations disable-transaction")`, then client.query(migration.sql)).
  transaction: {
    mode: 'per-file',
    fileMode: (text) => (text.includes('-- postgres-migrations disable-transaction') ? 'script' : undefined),
    describe: 'assumed: a transaction per file; `-- postgres-migrations disable-transaction`: none, the file goes as one query',
  },
  downs: { kind: 'optional', underscoreTwins: true, describe: 'optional `_down` twin' },
  idempotent: false,
  naming: { ids: () => sequenceIds(3), describe: '`NNN_name.sql`' },
  sources: [],
};
