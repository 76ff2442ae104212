/**
 * Editor settings (`migrationLens.*`) as the client pushes or returns them. The keys shared
 * with `.migration-lens.json` go through the same validation as the file (config.ts), so a
 * bad value is reported the same way wherever it was written.
 */
import { validateConfig, type ConfigInput } from '../config';
import { LIMITS } from '../vocabulary';

export const DEFAULT_DEBOUNCE_MS = LIMITS.debounceMs.default;
const MAX_DEBOUNCE_MS = LIMITS.debounceMs.max;

export interface EditorSettings {
  enable: boolean;
  debounceMs: number;
  /** Lint open files only: no background lint of every set's files (the set-level findings still come). */
  lintOpenFilesOnly: boolean;
  /** The settings layer for resolveConfig (between the defaults and the workspace file). */
  config: ConfigInput;
  problems: string[];
}

const SETTINGS_SOURCE = 'Settings (migrationLens.*)';

/** Reads the `migrationLens` section; anything missing or unusable falls back to the default. */
export function readSettings(raw: unknown): EditorSettings {
  const out: EditorSettings = { enable: true, debounceMs: DEFAULT_DEBOUNCE_MS, lintOpenFilesOnly: false, config: {}, problems: [] };
  if (raw === undefined || raw === null) return out;
  if (typeof raw !== 'object' || Array.isArray(raw)) {
    out.problems.push(`${SETTINGS_SOURCE}: expected an object`);
    return out;
  }
  const { enable, debounceMs, lintOpenFilesOnly } = raw as Record<string, unknown>;
  if (enable === false) out.enable = false;
  if (lintOpenFilesOnly === true) out.lintOpenFilesOnly = true;
  if (debounceMs !== undefined && debounceMs !== null) {
    if (typeof debounceMs === 'number' && debounceMs >= LIMITS.debounceMs.min && debounceMs <= MAX_DEBOUNCE_MS) out.debounceMs = debounceMs;
    else out.problems.push(`${SETTINGS_SOURCE}: "debounceMs" must be a number of milliseconds between 0 and ${MAX_DEBOUNCE_MS}`);
  }
  const { config, problems } = validateConfig(configKeys(raw as Record<string, unknown>), SETTINGS_SOURCE);
  out.config = config;
  out.problems.push(...problems);
  return out;
}

/** Settings that mean the same as the keys of `.migration-lens.json`; other keys (trace…) belong to the client. */
const CONFIG_KEYS = ['migrations', 'exclude', 'convention', 'transaction', 'idempotent', 'changedSince', 'postgresVersion', 'maxFileSize', 'rules', 'categories'];
/** `migrationLens.preview.*` settings that mean the same as keys of `preview` in the file. */
const PREVIEW_KEYS = ['autoRefresh'];

/**
 * VS Code returns every contributed setting, unset ones as null or empty defaults. An empty
 * glob list or map means "not set" here: an editor that lints nothing is never what was meant.
 */
function configKeys(settings: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of CONFIG_KEYS) {
    const value = settings[key];
    if (value === null || value === undefined) continue;
    if (Array.isArray(value) && value.length === 0) continue;
    if (typeof value === 'object' && !Array.isArray(value) && Object.keys(value).length === 0) continue;
    out[key] = value;
  }
  // VS Code nests dotted settings: `migrationLens.preview.autoRefresh` arrives as preview.autoRefresh.
  const preview = settings.preview;
  if (preview && typeof preview === 'object' && !Array.isArray(preview)) {
    const shared = Object.fromEntries(PREVIEW_KEYS.flatMap((k) => ((preview as Record<string, unknown>)[k] ?? null) === null ? [] : [[k, (preview as Record<string, unknown>)[k]]]));
    if (Object.keys(shared).length) out.preview = shared;
  }
  return out;
}
