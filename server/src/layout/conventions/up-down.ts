/**
 * Up/down pairs: `N_name.up.sql` + `N_name.down.sql`, the layout of golang-migrate and of the
 * team practice of a versioned runner (`npm run db:migrate`, with `--dry-run`, `--status`,
 * `--rollback N`, history in `schema_migrations (version, name, applied_at)`, "NNN_description.down.sql –
 * rollback for that version"). The runner model is golang-migrate's, the documented one; a runner
 * that wraps each file in a transaction is configured with `"transaction": "per-file"`.
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
  // golang-migrate MIGRATIONS.md: "All migrations are applied upward in order of increasing version
  // number"; source/parse.go reads the version with strconv.ParseUint, so `10_` follows `9_`.
  order: { compare: () => byNumber, describe: 'version number (numeric, not zero-padded)' },
  transaction: {
    // golang-migrate database/postgres/postgres.go: Run reads the whole file and sends it with one
    // conn.ExecContext(query) (lib/pq, no arguments: one simple query) unless x-multi-statement is
    // set; no transaction is opened around it (x-use-transaction is off by default).
    // database/postgres/README.md, "Multi-statement mode": "In PostgreSQL running multiple SQL
    // statements in one `Exec` executes them inside a transaction ... If you want to use `CREATE
    // INDEX CONCURRENTLY` without activating multi-statement mode you have to put such statements
    // in a separate migration files."
    // database/postgres/TUTORIAL.md, "Database transactions": "when we want our queries to be done
    // in a transaction, we need to wrap it with `BEGIN` and `COMMIT` commands."
    mode: 'script',
    describe: 'no wrapping transaction; the file is one query: several statements run as one implicit transaction, so `BEGIN/COMMIT` in the file is right and `CONCURRENTLY` needs a file of its own',
  },
  downs: {
    kind: 'required',
    underscoreTwins: true,
    // golang-migrate MIGRATIONS.md: "The `title` of each migration is unused, and is only for
    // readability"; source/parse.go keys each file by its version, so `30_drop_x.up.sql` and
    // `30_revert_x.down.sql` are one migration.
    pairBy: 'version',
    describe: 'required `N_title.down.sql`, paired by version (titles may differ)',
  },
  // golang-migrate database/postgres/postgres.go ensureVersionTable: `schema_migrations (version
  // bigint, dirty boolean)`; the team's runner: `schema_migrations (version, name, applied_at)`.
  history: { table: 'schema_migrations', describe: '`schema_migrations` (version, dirty)' },
  idempotent: false,
  naming: {
    ids: () => sequenceIds(3),
    files: (_set, stem) => [
      { rel: `${stem}.up.sql`, role: 'up' },
      { rel: `${stem}.down.sql`, role: 'down' },
    ],
    describe: '`NNN_name.up.sql` + `NNN_name.down.sql`',
  },
  sources: [
    'golang-migrate/migrate:database/postgres/postgres.go (Run, runStatement, ensureVersionTable)',
    'golang-migrate/migrate:database/postgres/README.md (Multi-statement mode, x-use-transaction)',
    'golang-migrate/migrate:database/postgres/TUTORIAL.md (Database transactions)',
    'golang-migrate/migrate:MIGRATIONS.md (file names, versions, titles)',
    'golang-migrate/migrate:source/parse.go (Regex, version parsing)',
  ],
};
