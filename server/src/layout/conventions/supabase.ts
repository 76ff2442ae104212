/**
 * Supabase CLI: `supabase/migrations/<timestamp>_name.sql`, applied in version order and
 * recorded in `supabase_migrations.schema_migrations`.
 */
import { byName, TIMESTAMP_IDS } from './common';
import type { ConventionModule } from './types';

export const supabase: ConventionModule = {
  id: 'supabase',
  tool: 'Supabase CLI',
  detection: {
    priority: 30,
    claims: (f) => f.dir.endsWith('/supabase/migrations'),
    path: /(^|\/)supabase\/migrations\/[^/]+\.sql$/i,
    pathPriority: 20,
    emptyFolder: (dir) => dir.endsWith('/supabase/migrations'),
    defaultFolder: 'supabase/migrations',
    describe: 'a `supabase/migrations/` folder',
  },
  order: {
    compare: () => byName,
    // The Supabase CLI skips files whose names do not match <version>_<name>.sql.
    arrange: ({ ups }) => {
      const orphans = ups.filter((f) => !/^\d+_/.test(f.stem));
      return { files: ups.filter((f) => !orphans.includes(f)), orphans, ordered: false };
    },
    describe: 'timestamp (files without `<version>_` are skipped)',
  },
  transaction: {
    // supabase/cli pkg/migration/file.go, ExecBatch: the file's statements and the insert into the
    // history table go into one pgconn.Batch — "ExecBatch is implicitly transactional" — so each
    // file, with its history row, is one transaction (CONCURRENTLY fails there, even alone).
    mode: 'per-file',
    describe: 'a transaction per file (with its history row)',
  },
  downs: { kind: 'none', underscoreTwins: false, describe: 'none (forward fixes)' },
  history: { table: 'supabase_migrations.schema_migrations' },
  idempotent: false,
  naming: { ids: () => TIMESTAMP_IDS, describe: '`<timestamp>_name.sql`' },
  sources: ['supabase/cli:pkg/migration/file.go (ExecBatch)'],
};
