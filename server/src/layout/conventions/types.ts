/**
 * What a convention module declares: how the team's runner finds, orders, wraps, pairs, records
 * and names migrations. One module per convention; ./index.ts is the registry. Every fact about
 * a tool comes from its own documentation or source and is cited in a comment beside it.
 */
import type { MigrationPlan } from '../planned';
import type { ConventionId, DrizzleJournal, MigrationFile, MigrationSet } from '../types';

export type { ConventionId } from '../types';

/**
 * How a runner sends a file to PostgreSQL:
 * - `per-file`: inside a transaction it opens itself (BEGIN … file … COMMIT);
 * - `all`: every file of a run inside one transaction;
 * - `none`: statement by statement in autocommit (psql);
 * - `script`: the whole file as one simple-protocol query and no transaction of its own
 *   (golang-migrate, Prisma). PostgreSQL runs a query string of several statements as one
 *   implicit transaction, so every statement of a multi-statement file is inside a transaction
 *   block (a COMMIT in the middle only starts the next implicit one) and CONCURRENTLY fails
 *   there; a file of a single statement runs in autocommit. The file's own BEGIN/COMMIT turn the
 *   implicit block into an explicit one: that is not nesting.
 *   (PostgreSQL docs, protocol-flow "Multiple Statements in a Simple Query"; postgres.c
 *   exec_simple_query starts an implicit block before each statement of a multi-statement string.)
 */
export type { TransactionMode } from '../../vocabulary';
import type { TransactionMode } from '../../vocabulary';
export { TRANSACTION_MODES } from '../../vocabulary';

/** Reads a file by absolute path; undefined when it cannot be read. */
export type ReadText = (path: string) => string | undefined;

/** Orders two migrations (by their numeric id and the name the runner knows them by). */
export type Comparator = (a: { id: string; stem: string }, b: { id: string; stem: string }) => number;

/** A folder of SQL files being classified. */
export interface FolderView {
  /** Absolute path of the workspace folder and of the candidate set's folder. */
  workspace: string;
  root: string;
  /** The folder relative to the workspace, `/` separators ('' for the workspace itself). */
  relRoot: string;
  /** `/` + relRoot, lower case: `/backend/db/init`. Test suffixes with `endsWith('/db/init')`. */
  dir: string;
  /** Workspace-relative paths of the SQL files (`<unit>/migration.sql` for folder-style sets). */
  rels: string[];
  /** Base names of the files (or of the unit folders when `folders`). */
  names: string[];
  /** Each migration is a folder holding `migration.sql`. */
  folders: boolean;
  /** Whether a path relative to `root` exists. */
  exists(rel: string): boolean;
  /** Text of a file relative to `root` (for markers inside files, e.g. `-- +goose Up`). */
  read(rel: string): string | undefined;
}

/** A part of one file that the runner treats as an up or down migration (goose, dbmate sections). */
export interface FileSection {
  role: 'up' | 'down';
  /** UTF-16 offsets in the real file (markers excluded or included, the module says). */
  start: number;
  end: number;
  /** The section's own transaction mode when the file opts out (`-- +goose NO TRANSACTION`). */
  transaction?: TransactionMode;
}

export interface Detection {
  /** Classification order: the lowest priority whose `claims` answers true wins; `generic` is last. */
  priority: number;
  /** Whether a folder of SQL files is a set of this convention. */
  claims(folder: FolderView): boolean;
  /** Guess from a single path, when no set was detected (a file opened alone); `pathPriority` orders these guesses. */
  path?: RegExp;
  pathPriority?: number;
  /** Whether an empty folder (the first migration of a new set) belongs to this convention; `exists` is relative to it. */
  emptyFolder?(dir: string, exists: (rel: string) => boolean): boolean;
  /** Globs (workspace-relative) that must be in the default `migrations` globs for the convention to be found. */
  globs?: string[];
  /** Where a new set of this convention goes, relative to the workspace folder. */
  defaultFolder: string;
  /**
   * Files (relative to the set's folder) whose presence marks a set of this convention, such as
   * Drizzle's journal: the extension activates on them (layout/activation.ts generates the
   * activation events) and the language server watches them.
   */
  markers?: string[];
  /** For the README table. */
  describe: string;
}

interface Arrangement {
  /** Up files the runner applies, in its order. */
  files: MigrationFile[];
  /** Files in the folder the runner never applies (missing from the journal, wrong name). */
  orphans: MigrationFile[];
  /** True when `files` is already in apply order (a journal or plan file decided); otherwise `compare` sorts it. */
  ordered: boolean;
  journal?: DrizzleJournal;
  /** Down files the bookkeeping pairs (Flyway `U…` undo scripts, sqitch `revert/`), linked to their up files; replaces name-based pairing. */
  downs?: MigrationFile[];
}

export interface Order {
  /** Sort order of up files when no journal or plan decides. */
  compare(folders: boolean): Comparator;
  /** Which up files are applied and in which order, when a bookkeeping file decides (Drizzle journal, sqitch.plan). */
  arrange?(input: { root: string; folders: boolean; ups: MigrationFile[]; read: ReadText; exists(path: string): boolean }): Arrangement | undefined;
  describe: string;
}

interface Transactions {
  /** How the runner wraps a file by default. */
  mode: TransactionMode;
  /**
   * A file's own mode when its text opts out of the default (goose `-- +goose NO TRANSACTION`,
   * dbmate `transaction:false`, Flyway `executeInTransaction`); undefined: the default applies.
   */
  fileMode?(text: string, path?: string): TransactionMode | undefined;
  describe: string;
}

interface Downs {
  /** Down (rollback) files: never used, optional, or required for every up file. */
  kind: 'none' | 'optional' | 'required';
  /** `NNN_name.sql` + `NNN_name_down.sql` twins pair (the style of psql-run folders). `.up.sql`/`.down.sql` twins always pair. */
  underscoreTwins: boolean;
  /**
   * `version`: a `.down.sql` file whose name differs from every up file's pairs with the up file
   * of the same version number (golang-migrate: `30_drop_x.up.sql` with `30_revert_x.down.sql`).
   * Default `stem`: only the same name pairs.
   */
  pairBy?: 'stem' | 'version';
  /**
   * Splits one file into up and down sections (goose, dbmate), with offsets in the real file;
   * undefined when the file holds no section markers. Sets without it keep downs in separate files.
   */
  sections?(text: string): FileSection[] | undefined;
  describe: string;
}

export interface History {
  /** Where the runner records applied migrations (schema-qualified when not in the search path). */
  table: string;
  describe?: string;
}

export interface NewIds {
  /** Timestamps (UTC YYYYMMDDHHmmss) rather than sequence numbers. */
  timestamps: boolean;
  /** An existing set's style (timestamps or numbers, and their width) wins over `timestamps`. */
  followExisting: boolean;
  /** Width of the first sequence number of a new set. */
  firstWidth: number;
  /** The first sequence number (drizzle-kit counts from 0). */
  firstNumber: number;
}

interface Naming {
  /** How the next migration's id is chosen. */
  ids(set: MigrationSet): NewIds;
  /**
   * Files of a new migration, relative to the set's folder; undefined: the default (one
   * `<stem>.sql`, plus a `_down` twin where the set already uses them, or `<stem>/migration.sql` for folder sets).
   */
  files?(set: MigrationSet, stem: string): { rel: string; role: 'up' | 'down' }[] | undefined;
  /**
   * The new migration's id and stem when the runner does not name files `<number>_<name>`
   * (Flyway `V1.3__name`, sqitch plan names, graphile-migrate's current.sql); `name` is the slug.
   */
  stem?(set: MigrationSet, name: string, now: Date): { id: string; stem: string };
  /** A new file's content around the header block (`header`, possibly ''): goose and dbmate section markers, sqitch's script templates. */
  content?(input: ContentInput): string;
  /** Bookkeeping the runner needs next to the files (Drizzle journal entry, Prisma lock file); edits `plan`. */
  bookkeeping?(set: MigrationSet, plan: MigrationPlan, io: BookkeepingIO): void;
  describe: string;
}

interface ContentInput {
  set: MigrationSet;
  role: 'up' | 'down';
  /** Path of the new file relative to the set's folder (`deploy/x.sql`). */
  rel: string;
  stem: string;
  description: string;
  /** The header block from the workspace's template, or ''. */
  header: string;
  now: Date;
}

export interface BookkeepingIO {
  now: Date;
  read(path: string): string | undefined;
  exists(path: string): boolean;
}

export interface ConventionModule {
  id: ConventionId;
  /** The tool or practice, for people: "golang-migrate", "Prisma Migrate". */
  tool: string;
  detection: Detection;
  order: Order;
  transaction: Transactions;
  downs: Downs;
  /** Absent when the runner does not track applied files (re-applied every time, or loaded once). */
  history?: History;
  /** Every file is applied again on every deploy, so each statement must be idempotent. */
  idempotent: boolean;
  /** Files the runner re-applies although the set is not idempotent (Flyway `R__`, graphile-migrate `current.sql`). */
  repeatable?(file: MigrationFile): boolean;
  naming: Naming;
  /**
   * The script that checks a migration after it is applied (sqitch's `verify/<change>.sql`), as an
   * absolute path; the round-trip proof runs it after the migration, and it must succeed.
   */
  verify?(root: string, file: MigrationFile): string | undefined;
  /** A schema snapshot that must match the migrations (a hand-kept `db/createDB.sql`, dbmate's `db/schema.sql`). */
  snapshot?(root: string, exists: (path: string) => boolean): string | undefined;
  /** Where the facts above come from: documentation pages or `owner/repo:path` of the tool's source. */
  sources: string[];
}
