/**
 * graphile-migrate: committed migrations in `migrations/committed/` (`000001.sql`,
 * `000002-message.sql`), each with `--! Previous:` and `--! Hash:` headers, and the migration in
 * progress in `migrations/current.sql`. Facts from graphile/migrate:
 * - src/migrationFilename.ts: committed names `^([0-9]+)(-[-_a-zA-Z0-9]*)?\.sql$`;
 *   src/migration.ts `getAllMigrations`: sorted by `<number>.sql`, Previous/Hash required and chained
 *   (see ../graphile-header.ts); `runStringMigration`: `begin` … body … `commit` unless
 *   `--! no-transaction` (src/header.ts), the body going to PostgreSQL as one query.
 * - README "Committed and current migrations": "The current migration should be idempotent … it
 *   should be able to be ran multiple times"; `graphile-migrate watch` re-runs it on every change;
 *   `graphile-migrate commit` turns it into the next committed file (src/commands/commit.ts, which
 *   takes the file's `--! Message` header as the commit message).
 * - src/migration.ts `_migrateMigrationSchema`: history in `graphile_migrate.migrations(hash,
 *   previous_hash, filename, date)` (and `graphile_migrate.current`).
 */
import { posix } from 'node:path';
import { lex } from '../../parse/lexer';
import { GRAPHILE_COMMITTED_NAME, parseGraphileMigration } from '../graphile-header';
import { MigrationNameError } from '../planned';
import type { MigrationFile } from '../types';
import { byNumber } from './common';
import type { ConventionModule } from './types';

const isCurrent = (f: { relPath: string }) => /(^|\/)current\.sql$/.test(f.relPath) || /(^|\/)current\/[^/]+\.sql$/.test(f.relPath);
const isCommitted = (f: { relPath: string }) => /(^|\/)committed\/[^/]+$/.test(f.relPath);

export const graphileMigrate: ConventionModule = {
  id: 'graphile-migrate',
  tool: 'graphile-migrate',
  detection: {
    priority: 15,
    claims: (f) =>
      f.rels.some((r) => /(^|\/)committed\/[^/]+\.sql$/.test(r) && GRAPHILE_COMMITTED_NAME.test(posix.basename(r)) && /^--! Previous:/.test(f.read(`committed/${posix.basename(r)}`) ?? '')) ||
      (f.names.includes('current.sql') && f.exists('committed')),
    emptyFolder: (_dir, exists) => exists('committed') || exists('../.gmrc'),
    defaultFolder: 'migrations',
    describe: '`committed/NNNNNN.sql` with `--! Previous`/`--! Hash` headers, and `current.sql`',
  },
  order: {
    compare: () => byNumber,
    // Committed files by number, then the migration in progress (`watch` runs it after them).
    arrange: ({ ups }) => {
      const committed = ups.filter((f) => isCommitted(f) && GRAPHILE_COMMITTED_NAME.test(posix.basename(f.relPath))).sort(byNumber);
      const current = ups.filter(isCurrent).sort((a, b) => (a.relPath < b.relPath ? -1 : a.relPath > b.relPath ? 1 : 0));
      const orphans = ups.filter((f) => !committed.includes(f) && !current.includes(f));
      return { files: [...committed, ...current], orphans, ordered: true };
    },
    describe: 'committed number, then `current.sql`',
  },
  transaction: {
    mode: 'per-file',
    // README: "`pg` always runs multi-statement queries in a pseudo-transaction, so `--! no-transaction`
    // migrations must contain exactly one statement": several statements still share one transaction.
    // src/migration.ts runStringMigration: without a transaction, no "begin"/"commit" around
    // `runQueryWithErrorInstrumentation(pgClient, sql, filename)`, the whole body in one query:
    // several statements are one implicit transaction of PostgreSQL's (`script`), not graphile's.
    fileMode: (text) => {
      if (!parseGraphileMigration(text, false).noTransaction) return undefined;
      return lex(text).segments.length <= 1 ? 'none' : 'script';
    },
    describe: 'a transaction per file; `--! no-transaction`: none of graphile-migrate\'s, the body goes as one query (several statements are one implicit transaction: one statement only)',
  },
  downs: { kind: 'none', underscoreTwins: false, describe: 'none (forward fixes)' },
  history: { table: 'graphile_migrate.migrations', describe: '`graphile_migrate.migrations` (hash chain)' },
  idempotent: false,
  repeatable: (file: MigrationFile) => isCurrent(file),
  naming: {
    ids: () => ({ timestamps: false, followExisting: true, firstWidth: 6, firstNumber: 1 }),
    // New work goes into current.sql; `graphile-migrate commit` numbers and hashes it.
    stem: (set) => {
      if (set.files.some(isCurrent)) {
        throw new MigrationNameError(
          'graphile-migrate keeps the migration in progress in current.sql: write the change there (it is re-run on every save, so keep it idempotent), then run `graphile-migrate commit` to number it.',
        );
      }
      return { id: '', stem: 'current' };
    },
    files: () => [{ rel: 'current.sql', role: 'up' }],
    content: ({ header, description }) => `--! Message: ${description.replace(/\s+/g, ' ').trim()}\n\n${header}-- Re-run by graphile-migrate watch on every save: keep every statement idempotent.\n\n`,
    describe: '`current.sql` with a `--! Message` header (`graphile-migrate commit` numbers it)',
  },
  sources: ['graphile/migrate:src/migration.ts', 'graphile/migrate:src/migrationFilename.ts', 'graphile/migrate:src/header.ts', 'graphile/migrate:src/hash.ts', 'graphile/migrate:src/commands/commit.ts', 'graphile/migrate:README.md'],
};
