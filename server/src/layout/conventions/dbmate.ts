/**
 * dbmate (amacneil/dbmate): `db/migrations/<version>_<name>.sql` files holding `-- migrate:up`
 * and `-- migrate:down` sections. Facts from amacneil/dbmate:
 * - pkg/dbmate/db.go: migrations dir `./db/migrations`, files `^(\d+).*\.sql$`, version = the
 *   leading digits, sorted by file name; `dbmate new` writes `<UTC 20060102150405>_<name>.sql`
 *   from the template "-- migrate:up\n\n\n-- migrate:down\n\n"; schema file `./db/schema.sql`
 *   (pg_dump output written after every migrate); history table `schema_migrations`.
 * - pkg/dbmate/migration.go: the section markers, `transaction:false` ("Transaction returns whether
 *   or not this migration should run in a transaction. Defaults to true"), down block required.
 * - pkg/driver/postgres/postgres.go: `schema_migrations (version varchar primary key)`.
 * - db.go `Migrate`: a section's whole text goes to PostgreSQL in one Exec, inside doTransaction
 *   unless `transaction:false`.
 */
import { join } from 'node:path';
import { lex } from '../../parse/lexer';
import { dbmateOptions, fileSections, splitDbmate } from '../sections';
import { byName } from './common';
import type { ConventionModule } from './types';

const DIRECTIVE = /^--\s*migrate:(up|down)(?=\s*$|\s+\S)/m;

export const dbmate: ConventionModule = {
  id: 'dbmate',
  tool: 'dbmate',
  detection: {
    priority: 27,
    // Every dbmate file has the marker: a few files are enough (a 700-file folder is not read at detection).
    claims: (f) => f.names.filter((n) => /^\d+.*\.sql$/i.test(n)).slice(0, 3).some((n) => /^--\s*migrate:up(?=\s*$|\s+\S)/m.test(f.read(n) ?? '')),
    emptyFolder: (dir, exists) => dir.endsWith('/db/migrations') && exists('../schema.sql'),
    defaultFolder: 'db/migrations',
    describe: '`<timestamp>_<name>.sql` files with `-- migrate:up` (default `db/migrations`)',
  },
  // db.go FindMigrations: sort.Slice by FileName.
  order: { compare: () => byName, describe: 'file name (timestamps)' },
  transaction: {
    mode: 'per-file',
    // The section text the engine and the preview see keeps only its own directive line.
    fileMode: (text) => {
      const directives = text.split('\n').filter((l) => DIRECTIVE.test(l));
      if (!(directives.length > 0 && directives.every((l) => dbmateOptions(l).transaction === 'false'))) return undefined;
      // Outside dbmate's transaction the section still goes as ONE query: pkg/dbmate/db.go Migrate,
      // "// run outside of transaction" `err = execMigration(sqlDB)`, which does
      // `tx.Exec(migrationSection.Up)` on the *sql.DB (lib/pq, no arguments: the simple query
      // protocol). PostgreSQL runs several statements sent that way as one implicit transaction
      // (the `script` mode: no transaction of dbmate's own); a single statement autocommits.
      return lex(text).segments.length > 1 ? 'script' : 'none';
    },
    describe: 'a transaction per section; `transaction:false`: none of dbmate\'s, the section goes as one query (several statements are one implicit transaction)',
  },
  downs: {
    kind: 'optional',
    underscoreTwins: false,
    sections: (text) => (DIRECTIVE.test(text) ? fileSections(splitDbmate(text)) : undefined),
    describe: '`-- migrate:down` section of the same file',
  },
  history: { table: 'schema_migrations', describe: '`schema_migrations` (version)' },
  idempotent: false,
  naming: {
    ids: () => ({ timestamps: true, followExisting: false, firstWidth: 14, firstNumber: 1 }),
    content: ({ header }) => `${header}-- migrate:up\n\n\n-- migrate:down\n\n`,
    describe: '`<UTC timestamp>_name.sql` with `-- migrate:up` / `-- migrate:down`',
  },
  // dbmate dumps the schema to db/schema.sql (the set's parent folder) after each migrate.
  snapshot: (root, exists) => {
    const path = join(root, '..', 'schema.sql');
    return exists(path) ? path : undefined;
  },
  sources: ['amacneil/dbmate:pkg/dbmate/db.go', 'amacneil/dbmate:pkg/dbmate/migration.go', 'amacneil/dbmate:pkg/driver/postgres/postgres.go', 'amacneil/dbmate:README.md'],
};
