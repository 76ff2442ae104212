/**
 * Up/down pairs: `N_name.up.sql` + `N_name.down.sql`, the layout of golang-migrate and of the
 * team's own versioned runner (`npm run db:migrate`, with `--dry-run`, `--status`, `--rollback N`,
 * history in `schema_migrations (version, name, applied_at)`).
 */
import { byNumber, sequenceIds } from './common';
import type { ConventionModule } from './types';

export const upDown: ConventionModule = {
  id: 'up-down',
  tool: 'golang-migrate and up/down runners',
  detection: {
    priority: 50,
    claims: (f) => f.names.some((n) => /\.(up|down)\.sql$/i.test(n)),
    path: /\.(up|down)\.sql$/i,
    pathPriority: 40,
    defaultFolder: 'migrations',
    describe: '`*.up.sql` / `*.down.sql` files',
  },
  order: { compare: () => byNumber, describe: 'version number (numeric, not zero-padded)' },
  // The team's runner applies each up file in a transaction and records it in schema_migrations.
  transaction: { mode: 'per-file', describe: 'a transaction per file' },
  downs: { kind: 'required', underscoreTwins: true, describe: 'required `N_name.down.sql` twin' },
  history: { table: 'schema_migrations' },
  idempotent: false,
  naming: {
    ids: () => sequenceIds(3),
    files: (_set, stem) => [
      { rel: `${stem}.up.sql`, role: 'up' },
      { rel: `${stem}.down.sql`, role: 'down' },
    ],
    describe: '`NNN_name.up.sql` + `NNN_name.down.sql`',
  },
  sources: [],
};
