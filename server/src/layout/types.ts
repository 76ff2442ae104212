/**
 * What layout detection produces: migration sets, their files in apply order, and the
 * bookkeeping files (Drizzle journal, Prisma lock file, snapshot) that go with them.
 * Shared by the layout rules, the preview (apply order) and scaffolding (naming new files).
 */
/** The conventions of ./conventions (one module each, registered in ./conventions/index.ts). */
export type ConventionId = 'init-sorted' | 'numbered' | 'drizzle' | 'up-down' | 'prisma' | 'supabase' | 'flyway' | 'goose' | 'dbmate' | 'sqitch' | 'graphile-migrate' | 'generic';

export interface MigrationFile {
  /** Absolute path of the SQL file (`…/migration.sql` for folder-style sets). */
  path: string;
  /** Path relative to the workspace folder, with `/` separators. */
  relPath: string;
  /** The numeric prefix as written: '0018', '202604211430', '01'; '' when the name has none. */
  id: string;
  /** The prefix as a number, when it has one that fits a double exactly. */
  number?: number;
  /** The description part of the name: `add_users` in `0018_add_users.sql`. */
  name: string;
  /** The unit the runner knows the migration by: the file name without `.sql`, or the folder name. */
  stem: string;
  role: 'up' | 'down';
  /** An up file's rollback twin, when it has one. */
  downPath?: string;
  /** A down file's up twin, when it has one. */
  upPath?: string;
}

export interface JournalEntry {
  idx: number;
  tag: string;
  when?: number;
  /** Absolute path of `<tag>.sql`, or undefined when the journal names a file that does not exist. */
  file?: string;
}

export interface DrizzleJournal {
  /** Absolute path of `meta/_journal.json`. */
  path: string;
  /** `v5`: drizzle-kit before 0.21 (`"version": "5"`, `"dialect": "pg"`); `v7`: later (`"dialect": "postgresql"`); `unknown` otherwise. */
  format: 'v5' | 'v7' | 'unknown';
  /** Entries sorted by `idx` (the order drizzle-kit migrate applies them). */
  entries: JournalEntry[];
  /** Why the journal could not be read; entries is empty then. */
  error?: string;
}

export interface MigrationSet {
  /** Absolute path of the folder holding the migrations (`…/db/init`, `…/prisma/migrations`). */
  root: string;
  /** The same, relative to the workspace folder ('' for the folder itself). */
  relRoot: string;
  convention: ConventionId;
  /** True when `convention` came from the configuration rather than detection. */
  configured: boolean;
  /** Each migration is a folder holding `migration.sql` (Prisma, drizzle-kit v1) rather than a file. */
  folders: boolean;
  /** Up files in the order the team's runner applies them. */
  files: MigrationFile[];
  /** Down files (rollbacks), in the order of their up twins, then unpaired ones by name. */
  downs: MigrationFile[];
  /** SQL files in the set's folder that the runner never applies (a Drizzle file missing from the journal, a Supabase file without a version prefix). */
  orphans: MigrationFile[];
  journal?: DrizzleJournal;
  /** Absolute path of a schema snapshot that must match the migrations (e.g. a hand-kept `db/createDB.sql`). */
  snapshot?: string;
  /** Absolute path of Prisma's `migration_lock.toml`. */
  lockFile?: string;
  /** The set's name, from `sets` in the configuration. */
  name?: string;
  /**
   * A set joined from several folders by `sets` in the configuration (init scripts, then
   * migrations): each folder's own set, in apply order. `files`, `downs` and `orphans` are theirs
   * in that order; `root` and `relRoot` are the last folder's (new migrations go there); the
   * layout rules (numbering, gaps, down files) look at each folder on its own.
   */
  parts?: MigrationSet[];
}
