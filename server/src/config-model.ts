/**
 * The shapes of the configuration: what a user may write (ConfigInput) and what every engine
 * reads (ResolvedConfig), and the file's name. Nothing else, so that the rules, the engine and the
 * CLI's help texts read the configuration without depending on its loader and validation
 * (config.ts), which depend on the rule registry.
 */
import type { Category, SeverityOrOff, TransactionMode } from './vocabulary';
import type { ConventionId } from './layout/types';

export const CONFIG_FILE_NAME = '.migration-lens.json';

/** Header block settings: the team's migration header. Absent: header rules are off. */
export interface HeaderConfig {
  /** The team's review block (title, migration id, date, purpose, impact, data risk, rollback, re-run safety); the only preset. A `template` replaces it. */
  preset?: 'studyboost';
  /** Project name for the title line (`{project} — {title}`). */
  project?: string;
  /** Template lines with `{project}`, `{title}`, `{migration}`, `{date}` placeholders and `Key: <placeholder>` fields. */
  template?: string[];
  /** Required field keys; defaults to every field of the template. */
  required?: string[];
}

/** Schema preview settings (`preview` in `.migration-lens.json`). */
export interface PreviewConfig {
  /** SQL file (relative to the workspace root, inside it) run before the first migration: roles, schemas a platform provides. */
  setupSql?: string;
  /** A preview run taking longer than this is stopped, naming the statement that was running. */
  timeoutMs?: number;
  /** Preview again whenever a migration file is saved (editor only). */
  autoRefresh?: boolean;
  /** A schema snapshot kept in sync with the migrations (e.g. `db/createDB.sql`): the drift proof compares them. */
  snapshot?: string;
  /** Prove idempotency after each preview in the editor: `auto` for init-sorted sets and files whose header says "Safe to re-run". */
  idempotency?: boolean | 'auto';
  /** Show the locks and rewrites each statement of the edited migration takes (editor only). */
  lockTrace?: boolean;
}

/**
 * Live database settings (`live` in `.migration-lens.json`): the size thresholds that raise the
 * severity of a lock or rewrite finding on a big table and lower it on a small one, and the
 * statement timeout of every read-only query.
 */
export interface LiveConfig {
  /** A table with at least this many (estimated) rows is big. */
  largeRows?: number;
  /** A table taking at least this many bytes (with indexes and TOAST) is big. */
  largeBytes?: number;
  /** A table with fewer rows than this, and fewer bytes than smallBytes, is small. */
  smallRows?: number;
  smallBytes?: number;
  /** statement_timeout of every query on the live database (the pre-flight probes too). */
  timeoutMs?: number;
}

/**
 * One entry of `sets`: folders (relative to the configuration's folder, `/` separators) that one
 * runner applies, in this order, to one database: a platform's `init-scripts` then its
 * `migrations`. The later folders see every object of the earlier ones.
 */
export interface SetConfig {
  /** Shown for the set in the editor and the CLI (`--set <name>`); the last folder by default. */
  name?: string;
  folders: string[];
  /** The set's convention (every folder of the set); detected from the last folder when absent. */
  convention?: ConventionId;
}

export type RuleSetting = SeverityOrOff | { severity?: SeverityOrOff; options?: Record<string, unknown> };

/** What a user may write; every field optional. */
export interface ConfigInput {
  migrations?: string[];
  exclude?: string[];
  convention?: ConventionId | 'auto';
  transaction?: TransactionMode | 'auto';
  idempotent?: boolean | 'auto';
  /** The history-aware mode: `off`, `auto` or a git ref (vocabulary.ts CHANGED_SINCE). */
  changedSince?: string;
  postgresVersion?: number;
  maxFileSize?: number;
  rules?: Record<string, RuleSetting>;
  categories?: Partial<Record<Category, SeverityOrOff>>;
  header?: HeaderConfig;
  preview?: PreviewConfig;
  live?: LiveConfig;
  sets?: SetConfig[];
}

export interface ResolvedConfig {
  migrations: string[];
  exclude: string[];
  convention: ConventionId | 'auto';
  transaction: TransactionMode | 'auto';
  idempotent: boolean | 'auto';
  /** `off`, `auto` or a git ref: migrations already merged there show their findings as information (layout/history.ts). */
  changedSince: string;
  postgresVersion: number;
  /** Files larger than this many bytes get one finding instead of a lint. */
  maxFileSize: number;
  rules: Record<string, { severity?: SeverityOrOff; options: Record<string, unknown> }>;
  categories: Partial<Record<Category, SeverityOrOff>>;
  header?: HeaderConfig;
  preview: { setupSql?: string; timeoutMs: number; autoRefresh: boolean; snapshot?: string; idempotency: boolean | 'auto'; lockTrace: boolean };
  live: Required<LiveConfig>;
  /** Configured sets (`sets`); [] when none. */
  sets: SetConfig[];
}
