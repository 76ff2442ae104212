/**
 * goose (pressly/goose): `<version>_<name>.sql` files holding `-- +goose Up` and `-- +goose Down`
 * sections. Facts from pressly/goose:
 * - migration.go `NumericComponent`: the version is the digits before the first `_` (int64 ≥ 1);
 *   migrations run in version order.
 * - create.go / goose.go / fix.go: `goose create` names files with a UTC `20060102150405`
 *   timestamp, or with `-s` a sequential `%05v` number; its SQL template is
 *   `-- +goose Up` … `-- +goose Down`.
 * - internal/sqlparser/parser.go: the annotations (Up, Down, StatementBegin/End, NO TRANSACTION);
 *   statements end at a line ending in `;` unless StatementBegin/End surround them.
 * - README "SQL Migrations": "By default, all migrations are run within a transaction … `-- +goose
 *   NO TRANSACTION` … Both Up and Down migrations within this file will be run without
 *   transactions"; migration_sql.go `runSQLMigration` sends each statement on its own, in one
 *   transaction or (NO TRANSACTION) in autocommit.
 * - provider_options.go `DefaultTablename = "goose_db_version"`; internal/dialects/postgres.go:
 *   `goose_db_version(id, version_id bigint, is_applied boolean, tstamp timestamp)`.
 */
import { fileSections, gooseAnnotation, splitGoose } from '../sections';
import { byNumber } from './common';
import type { ConventionModule } from './types';

const GOOSE_UP = /^--[ \t]*\+goose[ \t]+up[ \t]*$/im;

/** Whether the text has goose's NO TRANSACTION annotation on a line of its own. */
function noTransaction(text: string): boolean {
  return /^--.*\+goose/im.test(text) && text.split('\n').some((l) => gooseAnnotation(l.replace(/\r$/, '')) === 'NO TRANSACTION');
}

export const goose: ConventionModule = {
  id: 'goose',
  tool: 'goose',
  detection: {
    priority: 26,
    // A goose file must start with `-- +goose Up` (internal/sqlparser/parser.go): any file of the folder holding it marks the set.
    // Every goose file has the marker: a few files are enough (a 700-file folder is not read at detection).
    claims: (f) => f.names.filter((n) => /^\d+_.*\.sql$/i.test(n)).slice(0, 3).some((n) => GOOSE_UP.test(f.read(n) ?? '')),
    emptyFolder: () => false,
    defaultFolder: 'migrations',
    describe: '`<version>_<name>.sql` files with `-- +goose Up`',
  },
  order: { compare: () => byNumber, describe: 'version number (timestamp or sequence)' },
  transaction: {
    mode: 'per-file',
    fileMode: (text) => (noTransaction(text) ? 'none' : undefined),
    describe: 'a transaction per file; `-- +goose NO TRANSACTION`: statement by statement',
  },
  downs: {
    kind: 'optional',
    underscoreTwins: false,
    sections: (text) => (GOOSE_UP.test(text) ? fileSections(splitGoose(text)) : undefined),
    describe: '`-- +goose Down` section of the same file',
  },
  history: { table: 'goose_db_version', describe: '`goose_db_version` (version_id, is_applied)' },
  idempotent: false,
  naming: {
    // goose create: a UTC timestamp by default; `-s` sequences (%05v) are kept where the set uses them.
    ids: () => ({ timestamps: true, followExisting: true, firstWidth: 14, firstNumber: 1 }),
    content: ({ header }) => `${header}-- +goose Up\n\n\n-- +goose Down\n\n`,
    describe: '`<UTC timestamp>_name.sql` (or the next `%05d` sequence) with `-- +goose Up` / `-- +goose Down`',
  },
  sources: [
    'pressly/goose:internal/sqlparser/parser.go',
    'pressly/goose:migration_sql.go',
    'pressly/goose:migration.go',
    'pressly/goose:create.go',
    'pressly/goose:README.md',
    'pressly/goose:internal/dialects/postgres.go',
  ],
};
