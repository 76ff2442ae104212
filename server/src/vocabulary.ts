/**
 * The configuration vocabulary, once: severities, categories, transaction modes and the numeric
 * limits of every setting (convention ids come from the conventions' registry,
 * layout/conventions/index.ts). The types (rules/types.ts, layout/conventions/types.ts), the
 * validation (config.ts, lsp/settings.ts, the CLI's flags), the JSON schema (docs/schema.ts) and
 * the VS Code settings in package.json derive from it; test/unit/engine/vocabulary.test.ts checks
 * package.json and the schema against it.
 */

export const SEVERITIES = ['error', 'warning', 'info', 'hint'] as const;
/** A severity setting: a severity, or `off`. */
export const SEVERITY_SETTINGS = [...SEVERITIES, 'off'] as const;
export const CATEGORIES = ['syntax', 'idempotency', 'safety', 'header', 'layout', 'style', 'suppression'] as const;
/** `per-file`: each file in its own transaction; `all`: every file in one; `none`: autocommit per statement. */
export const TRANSACTION_MODES = ['per-file', 'all', 'none', 'script'] as const;

/** Numeric settings: bounds (inclusive) and defaults. */
export const LIMITS = {
  postgresVersion: { min: 9, max: 30, default: 18 },
  /** Bytes; files larger get one finding instead of a lint. */
  maxFileSize: { min: 1, max: 256 * 1024 * 1024, default: 2 * 1024 * 1024 },
  /** Milliseconds a preview may run. */
  previewTimeoutMs: { min: 100, max: 600_000, default: 30_000 },
  /** Milliseconds the editor waits after a keystroke. */
  debounceMs: { min: 0, max: 10_000, default: 150 },
  /** A glob list longer than this is almost certainly a mistake (or an attack on the file walker). */
  globs: { maxItems: 200, maxLength: 500 },
  /** `sets`: how many sets, and folders per set, a configuration may name. */
  sets: { maxItems: 50, maxFolders: 20 },
} as const;

/**
 * The keys of one entry of `sets` in `.migration-lens.json`: folders (relative to the file, in
 * the order the runner applies them to one database) joined into one set, its convention, and a
 * name shown in the editor and the CLI.
 */
export const SET_KEYS = ['name', 'folders', 'convention'] as const;

/**
 * `changedSince` (the history-aware mode): `off`, `auto` (the default branch), or a git ref such
 * as `origin/main` or a commit: the characters of a ref name, never an option (no leading `-`)
 * nor a range (`..`).
 */
export const CHANGED_SINCE = { keywords: ['off', 'auto'] as const, default: 'off', ref: /^(?!-)(?!.*\.\.)[A-Za-z0-9_./@^~{}-]{1,200}$/ };

export function isChangedSince(v: unknown): v is string {
  return typeof v === 'string' && CHANGED_SINCE.ref.test(v);
}

/** A PostgreSQL duration setting such as `5s`, `500ms`, `2min`, or a bare number of milliseconds (rule options). */
export const DURATION = /^\d+(?:\.\d+)?\s*(?:us|ms|s|min|h|d)?$/;

export type Severity = (typeof SEVERITIES)[number];
export type SeverityOrOff = (typeof SEVERITY_SETTINGS)[number];
export type Category = (typeof CATEGORIES)[number];
export type TransactionMode = (typeof TRANSACTION_MODES)[number];

/** Whether `value` is one of `list` (narrows it). */
export function isOneOf<T extends string>(list: readonly T[], value: unknown): value is T {
  return typeof value === 'string' && (list as readonly string[]).includes(value);
}
