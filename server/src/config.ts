/**
 * Configuration: `.migration-lens.json` at the workspace root, VS Code settings, and defaults.
 * The CLI and the language server both load it with loadWorkspaceConfig, so a project lints
 * the same in the editor and in CI, and a broken file is handled the same way. Layers merge in this order, later wins:
 * defaults, editor settings, the workspace file (the team's file is the source of truth).
 */
import { findNodeAtLocation, parse as parseJsonc, parseTree, printParseErrorCode, visit as visitJsonc, type ParseError } from 'jsonc-parser';
import { readRegularFile } from './limits';
import type { Category, Severity, SeverityOrOff } from './vocabulary';
import { existsSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { CATEGORIES, CHANGED_SINCE, isChangedSince, isOneOf, LIMITS, SET_KEYS, SEVERITY_SETTINGS, TRANSACTION_MODES as MODES } from './vocabulary';
import { didYouMean, isKnownRuleId, ruleOptionProblems } from './rules/known';
import { CONVENTION_GLOBS, CONVENTION_IDS as CONVENTIONS_KNOWN } from './layout/conventions';
import { CONFIG_FILE_NAME, type ConfigInput, type HeaderConfig, type LiveConfig, type PreviewConfig, type ResolvedConfig, type SetConfig } from './config-model';
import type { ConventionId } from './layout/types';

export type { ConfigInput, HeaderConfig, LiveConfig, PreviewConfig, ResolvedConfig, RuleSetting, SetConfig } from './config-model';

export { CONFIG_FILE_NAME } from './config-model';

/** Globs (relative to the workspace root) that cover every convention: each convention module lists those its layout needs. */
export const DEFAULT_MIGRATION_GLOBS: string[] = [...CONVENTION_GLOBS];
export const DEFAULT_EXCLUDE_GLOBS = ['**/node_modules/**', '**/.git/**'];

const DEFAULT_PREVIEW_TIMEOUT_MS = LIMITS.previewTimeoutMs.default;

const DEFAULT_LIVE = { largeRows: 1_000_000, largeBytes: 1024 ** 3, smallRows: 10_000, smallBytes: 10 * 1024 ** 2, timeoutMs: 5_000 };

export const DEFAULT_MAX_FILE_SIZE = LIMITS.maxFileSize.default;
const MAX_MAX_FILE_SIZE = LIMITS.maxFileSize.max;

export function defaultConfig(): ResolvedConfig {
  return {
    migrations: [...DEFAULT_MIGRATION_GLOBS],
    exclude: [...DEFAULT_EXCLUDE_GLOBS],
    convention: 'auto',
    transaction: 'auto',
    idempotent: 'auto',
    changedSince: CHANGED_SINCE.default,
    postgresVersion: LIMITS.postgresVersion.default,
    maxFileSize: DEFAULT_MAX_FILE_SIZE,
    rules: {},
    categories: {},
    preview: { timeoutMs: DEFAULT_PREVIEW_TIMEOUT_MS, autoRefresh: false, idempotency: 'auto', lockTrace: true },
    live: { ...DEFAULT_LIVE },
    sets: [],
  };
}

const SEVERITIES: readonly SeverityOrOff[] = SEVERITY_SETTINGS;
const CONVENTION_IDS = ['auto', ...CONVENTIONS_KNOWN];
const TRANSACTION_MODES = ['auto', ...MODES];
const MAX_GLOBS = LIMITS.globs.maxItems;
const MAX_GLOB_LENGTH = LIMITS.globs.maxLength;
/** `*a*a*a*a*a*a*a*a` in one segment makes the glob's regex backtrack for ~20 s on a 60-character name. */
const MAX_STARS_PER_SEGMENT = 3;
/**
 * Each `**` segment lets the matcher try every split of a path: ten of them with a `*` between
 * make one file name of a 45-deep tree take minutes (the walk tests every folder too). Real globs
 * need one or two.
 */
const MAX_GLOBSTARS = 4;
const backtracks = (glob: string) => {
  const segments = glob.split(/[\\/]/);
  return segments.some((seg) => seg !== '**' && (seg.match(/\*/g)?.length ?? 0) > MAX_STARS_PER_SEGMENT) || segments.filter((seg) => seg.includes('**')).length > MAX_GLOBSTARS;
};

/** The 1-based line of a key path (`['rules', 'drop-table']`) in the file's text, when the loader has the text. */
export type LineOf = (path: (string | number)[]) => number | undefined;

/** Checks a parsed config object; returns the usable part and a message per problem. */
export function validateConfig(raw: unknown, source: string, lineOf: LineOf = () => undefined, root?: string): { config: ConfigInput; problems: string[] } {
  const problems: string[] = [];
  /** `source:line: ` where the key is found, `source: ` otherwise. */
  const at = (path: (string | number)[]) => {
    const line = lineOf(path);
    return line === undefined ? `${source}: ` : `${source}:${line}: `;
  };
  const config: ConfigInput = {};
  if (raw === undefined || raw === null) return { config, problems };
  if (typeof raw !== 'object' || Array.isArray(raw)) {
    return { config, problems: [`${source}: the configuration must be a JSON object`] };
  }
  const r = raw as Record<string, unknown>;
  const globs = (key: 'migrations' | 'exclude') => {
    const v = r[key];
    if (v === undefined) return;
    if (!Array.isArray(v) || !v.every((g) => typeof g === 'string')) {
      problems.push(`${source}: "${key}" must be an array of glob strings`);
    } else if (v.length > MAX_GLOBS || v.some((g: string) => g.length > MAX_GLOB_LENGTH)) {
      problems.push(`${source}: "${key}" is too large (at most ${MAX_GLOBS} globs of ${MAX_GLOB_LENGTH} characters)`);
    } else if (v.some(backtracks)) {
      problems.push(`${source}: "${key}" globs may hold at most ${MAX_STARS_PER_SEGMENT} "*" per path segment and ${MAX_GLOBSTARS} "**" segments (more make matching a file name take minutes): ${v.filter(backtracks).map((g) => JSON.stringify(g.slice(0, 60))).join(', ')}`);
    } else if (v.some((g: string) => g.startsWith('/') || /^[A-Za-z]:[\\/]/.test(g) || g.split(/[\\/]/).includes('..'))) {
      problems.push(`${source}: "${key}" globs must stay inside the workspace (no absolute paths or "..")`);
    } else config[key] = v as string[];
  };
  globs('migrations');
  globs('exclude');
  const oneOf = <K extends keyof ConfigInput>(key: K, allowed: string[]) => {
    const v = r[key];
    if (v === undefined) return;
    if (typeof v === 'string' && allowed.includes(v)) config[key] = v as ConfigInput[K];
    else problems.push(`${source}: "${key}" must be one of ${allowed.join(', ')}`);
  };
  oneOf('convention', CONVENTION_IDS);
  oneOf('transaction', TRANSACTION_MODES);
  if (r.idempotent !== undefined) {
    if (r.idempotent === true || r.idempotent === false || r.idempotent === 'auto') config.idempotent = r.idempotent;
    else problems.push(`${source}: "idempotent" must be true, false or "auto"`);
  }
  if (r.changedSince !== undefined) {
    if (isChangedSince(r.changedSince)) config.changedSince = r.changedSince;
    else problems.push(`${source}: "changedSince" must be "off", "auto" or a git ref such as "origin/main"`);
  }
  if (r.postgresVersion !== undefined) {
    if (typeof r.postgresVersion === 'number' && Number.isInteger(r.postgresVersion) && r.postgresVersion >= LIMITS.postgresVersion.min && r.postgresVersion <= LIMITS.postgresVersion.max) {
      config.postgresVersion = r.postgresVersion;
    } else problems.push(`${source}: "postgresVersion" must be a PostgreSQL major version such as 16`);
  }
  if (r.maxFileSize !== undefined) {
    // Bounded: 1e400 parses as Infinity, which would turn the size guard off.
    if (typeof r.maxFileSize === 'number' && r.maxFileSize > 0 && r.maxFileSize <= MAX_MAX_FILE_SIZE) config.maxFileSize = r.maxFileSize;
    else problems.push(`${source}: "maxFileSize" must be a positive number of bytes, at most ${MAX_MAX_FILE_SIZE} (256 MiB)`);
  }
  if (r.rules !== undefined) {
    if (typeof r.rules !== 'object' || r.rules === null || Array.isArray(r.rules)) problems.push(`${source}: "rules" must be an object`);
    else {
      config.rules = {};
      for (const [id, setting] of Object.entries(r.rules as Record<string, unknown>)) {
        if (FORBIDDEN_KEYS.has(id)) problems.push(`${source}: rules: the key "${id}" is not allowed`);
        // A misspelt id would leave the rule it meant on, silently.
        else if (!isKnownRuleId(id)) problems.push(`${at(['rules', id])}unknown rule "${id}"${didYouMean(id)}`);
        else if (typeof setting === 'string' && SEVERITIES.includes(setting as SeverityOrOff)) config.rules[id] = setting as SeverityOrOff;
        else if (setting && typeof setting === 'object' && !Array.isArray(setting)) {
          const s = setting as Record<string, unknown>;
          if (s.severity !== undefined && !SEVERITIES.includes(s.severity as SeverityOrOff)) {
            problems.push(`${at(['rules', id, 'severity'])}rules.${id}.severity must be one of ${SEVERITIES.join(', ')}`);
            continue;
          }
          const bad = ruleOptionProblems(id, s.options);
          if (bad.length) {
            for (const [key, message] of bad) problems.push(`${at(key === undefined ? ['rules', id, 'options'] : ['rules', id, 'options', key])}${message}`);
            continue;
          }
          config.rules[id] = { severity: s.severity as SeverityOrOff | undefined, options: (s.options ?? {}) as Record<string, unknown> };
        } else problems.push(`${at(['rules', id])}rules.${id} must be one of ${SEVERITIES.join(', ')} or { "severity", "options" }`);
      }
    }
  }
  if (r.categories !== undefined) {
    if (typeof r.categories !== 'object' || r.categories === null) problems.push(`${source}: "categories" must be an object`);
    else {
      config.categories = {};
      for (const [cat, sev] of Object.entries(r.categories as Record<string, unknown>)) {
        if (!isOneOf(CATEGORIES, cat)) problems.push(`${at(['categories', cat])}unknown category "${cat}"${didYouMean(cat, CATEGORIES)} (one of ${CATEGORIES.join(', ')})`);
        else if (!SEVERITIES.includes(sev as SeverityOrOff)) problems.push(`${source}: categories.${cat} must be one of ${SEVERITIES.join(', ')}`);
        else config.categories[cat as Category] = sev as SeverityOrOff;
      }
    }
  }
  if (r.header !== undefined) {
    const h = r.header as Record<string, unknown>;
    const strings = (v: unknown) => Array.isArray(v) && v.every((x) => typeof x === 'string');
    if (typeof h !== 'object' || h === null || Array.isArray(h)) problems.push(`${source}: "header" must be an object`);
    else if (h.preset !== undefined && h.preset !== 'studyboost') problems.push(`${source}: header.preset must be "studyboost"`);
    else if (h.template !== undefined && !strings(h.template)) problems.push(`${source}: header.template must be an array of comment lines`);
    else if (h.required !== undefined && !strings(h.required)) problems.push(`${source}: header.required must be an array of field names`);
    else if (h.project !== undefined && typeof h.project !== 'string') problems.push(`${source}: header.project must be a string`);
    else config.header = h as HeaderConfig;
  }
  if (r.preview !== undefined) {
    const checked = validatePreview(r.preview, source);
    problems.push(...checked.problems);
    if (checked.preview) config.preview = checked.preview;
  }
  if (r.live !== undefined) {
    const checked = validateLive(r.live, source);
    problems.push(...checked.problems);
    if (checked.live) config.live = checked.live;
  }
  if (r.sets !== undefined) {
    const checked = validateSets(r.sets, at, root);
    problems.push(...checked.problems);
    if (checked.sets) config.sets = checked.sets;
  }
  for (const key of Object.keys(r)) {
    if (!['$schema', 'migrations', 'exclude', 'convention', 'transaction', 'idempotent', 'changedSince', 'postgresVersion', 'maxFileSize', 'rules', 'categories', 'header', 'preview', 'live', 'sets'].includes(key)) {
      problems.push(`${source}: unknown setting "${key}"`);
    }
  }
  return { config, problems };
}

/**
 * `sets`: each entry's folders must stay inside the workspace and, when the workspace folder is
 * known (`root`), exist; a folder belongs to one set only. A bad entry is left out whole (the
 * others still apply), with a message naming it.
 */
function validateSets(raw: unknown, at: (path: (string | number)[]) => string, root: string | undefined): { sets?: SetConfig[]; problems: string[] } {
  const problems: string[] = [];
  const { maxItems, maxFolders } = LIMITS.sets;
  if (!Array.isArray(raw)) return { problems: [`${at(['sets'])}"sets" must be an array of { "folders": [...], "convention"?, "name"? }`] };
  if (raw.length > maxItems) return { problems: [`${at(['sets'])}"sets" is too large (at most ${maxItems} sets)`] };
  const sets: SetConfig[] = [];
  const owner = new Map<string, number>();
  raw.forEach((entry: unknown, i) => {
    const where = at(['sets', i]);
    const label = `sets[${i}]`;
    if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) {
      problems.push(`${where}${label} must be an object such as { "folders": ["init-scripts", "migrations"] }`);
      return;
    }
    const e = entry as Record<string, unknown>;
    const before = problems.length;
    for (const key of Object.keys(e)) if (!isOneOf(SET_KEYS, key)) problems.push(`${at(['sets', i, key])}unknown setting "${label}.${key}"${didYouMean(key, SET_KEYS)} (one of ${SET_KEYS.join(', ')})`);
    if (e.name !== undefined && (typeof e.name !== 'string' || !e.name.trim())) problems.push(`${at(['sets', i, 'name'])}${label}.name must be a non-empty string`);
    if (e.convention !== undefined && !isOneOf(CONVENTIONS_KNOWN, e.convention)) {
      const got = typeof e.convention === 'string' ? `"${e.convention}"` : JSON.stringify(e.convention);
      problems.push(`${at(['sets', i, 'convention'])}${label}.convention: unknown convention ${got}${typeof e.convention === 'string' ? didYouMean(e.convention, CONVENTIONS_KNOWN) : ''} (one of ${CONVENTIONS_KNOWN.join(', ')})`);
    }
    const folders = e.folders;
    const folderAt = at(['sets', i, 'folders']);
    if (!Array.isArray(folders) || !folders.length || !folders.every((f) => typeof f === 'string' && f.trim())) {
      problems.push(`${folderAt}${label}.folders must be a non-empty array of folder paths, in the order they are applied`);
    } else if (folders.length > maxFolders) problems.push(`${folderAt}${label}.folders is too large (at most ${maxFolders} folders)`);
    else {
      for (const f of folders as string[]) {
        const folder = normalizeFolder(f);
        if (escapesWorkspace(f) || /[*?[\]{}]/.test(f)) problems.push(`${folderAt}${label}.folders: "${f}" must be a folder inside the workspace, relative to the configuration file (no absolute path, "..", or glob)`);
        else if (owner.has(folder)) problems.push(`${folderAt}${label}.folders: "${f}" is ${owner.get(folder) === i ? 'listed twice in this set' : `already in sets[${owner.get(folder)}]`}: sets must not overlap (a folder is applied by one runner, once)`);
        else if (root !== undefined && !isDirectory(join(root, folder))) problems.push(`${folderAt}${label}.folders: "${f}" does not exist (relative to ${root})`);
        else owner.set(folder, i);
      }
    }
    if (problems.length > before) return;
    const set: SetConfig = { folders: (folders as string[]).map(normalizeFolder) };
    if (typeof e.name === 'string') set.name = e.name.trim();
    if (e.convention !== undefined) set.convention = e.convention as ConventionId;
    sets.push(set);
  });
  return { sets: sets.length ? sets : undefined, problems };
}

/** `./db/init/` → `db/init`; `.` and `./` → '' (the workspace folder itself). */
export function normalizeFolder(folder: string): string {
  const parts = folder.trim().split(/[\\/]+/).filter((p) => p && p !== '.');
  return parts.join('/');
}

function isDirectory(path: string): boolean {
  try {
    return existsSync(path) && statSync(path).isDirectory();
  } catch {
    return false;
  }
}

function validatePreview(raw: unknown, source: string): { preview?: PreviewConfig; problems: string[] } {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return { problems: [`${source}: "preview" must be an object`] };
  const p = raw as Record<string, unknown>;
  const problems: string[] = [];
  const preview: PreviewConfig = {};
  for (const key of ['setupSql', 'snapshot'] as const) {
    const value = p[key];
    if (value === undefined) continue;
    if (typeof value !== 'string' || !value.trim()) problems.push(`${source}: preview.${key} must be the path of a SQL file, relative to the workspace root`);
    else if (escapesWorkspace(value)) problems.push(`${source}: preview.${key} must be a file inside the workspace (no absolute path or ".."): "${value}"`);
    else preview[key] = value;
  }
  if (p.idempotency !== undefined) {
    if (typeof p.idempotency === 'boolean' || p.idempotency === 'auto') preview.idempotency = p.idempotency;
    else problems.push(`${source}: preview.idempotency must be true, false or "auto"`);
  }
  if (p.lockTrace !== undefined) {
    if (typeof p.lockTrace === 'boolean') preview.lockTrace = p.lockTrace;
    else problems.push(`${source}: preview.lockTrace must be true or false`);
  }
  if (p.timeoutMs !== undefined) {
    if (typeof p.timeoutMs === 'number' && Number.isInteger(p.timeoutMs) && p.timeoutMs >= LIMITS.previewTimeoutMs.min && p.timeoutMs <= LIMITS.previewTimeoutMs.max) preview.timeoutMs = p.timeoutMs;
    else problems.push(`${source}: preview.timeoutMs must be a whole number of milliseconds between 100 and 600000`);
  }
  if (p.autoRefresh !== undefined) {
    if (typeof p.autoRefresh === 'boolean') preview.autoRefresh = p.autoRefresh;
    else problems.push(`${source}: preview.autoRefresh must be true or false`);
  }
  for (const key of Object.keys(p)) if (!['setupSql', 'timeoutMs', 'autoRefresh', 'snapshot', 'idempotency', 'lockTrace'].includes(key)) problems.push(`${source}: unknown setting "preview.${key}"`);
  return { preview: Object.keys(preview).length ? preview : undefined, problems };
}

function validateLive(raw: unknown, source: string): { live?: LiveConfig; problems: string[] } {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return { problems: [`${source}: "live" must be an object`] };
  const p = raw as Record<string, unknown>;
  const problems: string[] = [];
  const live: LiveConfig = {};
  for (const key of ['largeRows', 'largeBytes', 'smallRows', 'smallBytes'] as const) {
    const v = p[key];
    if (v === undefined) continue;
    if (typeof v === 'number' && Number.isSafeInteger(v) && v >= 0) live[key] = v;
    else problems.push(`${source}: live.${key} must be a whole number, 0 or more`);
  }
  if (p.timeoutMs !== undefined) {
    if (typeof p.timeoutMs === 'number' && Number.isInteger(p.timeoutMs) && p.timeoutMs >= 100 && p.timeoutMs <= 600_000) live.timeoutMs = p.timeoutMs;
    else problems.push(`${source}: live.timeoutMs must be a whole number of milliseconds between 100 and 600000`);
  }
  for (const key of Object.keys(p)) if (!['largeRows', 'largeBytes', 'smallRows', 'smallBytes', 'timeoutMs'].includes(key)) problems.push(`${source}: unknown setting "live.${key}"`);
  return { live: Object.keys(live).length ? live : undefined, problems };
}

/** An absolute path, a drive letter or a `..` segment can point outside the workspace. */
export function escapesWorkspace(relPath: string): boolean {
  return relPath.startsWith('/') || relPath.startsWith('\\') || /^[A-Za-z]:/.test(relPath) || relPath.split(/[\\/]/).includes('..');
}

/** Largest config file we read; anything bigger is refused rather than parsed. */
const MAX_CONFIG_BYTES = 1024 * 1024;

/** Reads `.migration-lens.json` (JSON with comments). A missing file is not a problem. */
export function loadConfigFile(path: string): { config: ConfigInput; problems: string[]; found: boolean } {
  // Regular files only, bounded: a FIFO or a symlink to /dev/zero is refused instead of hanging.
  const read = readRegularFile(path, MAX_CONFIG_BYTES);
  if (!read.ok) {
    if (read.kind === 'missing') return { config: {}, problems: [], found: false };
    if (read.size !== undefined) return { config: {}, problems: [`${path}: refusing a ${read.size}-byte configuration file (limit ${MAX_CONFIG_BYTES})`], found: true };
    return { config: {}, problems: [`${path}: refusing the configuration file: ${read.reason}`], found: true };
  }
  const bad = invalidUtf8At(read.bytes);
  if (bad !== undefined) {
    const before = read.bytes.subarray(0, bad).toString('utf8');
    const line = before.split('\n').length;
    const column = before.length - before.lastIndexOf('\n');
    return { config: {}, problems: [`${path}:${line}:${column}: not valid UTF-8 (byte 0x${read.bytes[bad].toString(16).padStart(2, '0')} at offset ${bad})`], found: true };
  }
  return { ...parseConfigText(read.bytes.toString('utf8'), path, dirname(path)), found: true };
}

/** Byte offset of the first byte that is not part of a valid UTF-8 sequence, or undefined. */
function invalidUtf8At(bytes: Uint8Array): number | undefined {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return undefined;
  } catch {
    // Rare path: find the offset by decoding growing prefixes at character boundaries.
    let i = 0;
    while (i < bytes.length) {
      const b = bytes[i];
      const len = b < 0x80 ? 1 : b >= 0xc2 && b <= 0xdf ? 2 : b >= 0xe0 && b <= 0xef ? 3 : b >= 0xf0 && b <= 0xf4 ? 4 : 0;
      if (len === 0 || i + len > bytes.length) return i;
      try {
        new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(i, i + len));
      } catch {
        return i;
      }
      i += len;
    }
    return undefined;
  }
}

/** Keys that reach an object's prototype when assigned: never a setting, always refused. */
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/** `root`: the configuration's folder, where the folders of `sets` must exist (unchecked when absent). */
export function parseConfigText(text: string, source: string, root?: string): { config: ConfigInput; problems: string[] } {
  const errors: ParseError[] = [];
  let raw: unknown;
  try {
    raw = parseJsonc(text, errors, { allowTrailingComma: true });
  } catch (e) {
    // jsonc-parser recurses per nesting level: thousands of `[` exhaust the stack.
    if (e instanceof RangeError) return { config: {}, problems: [`${source}: invalid JSON (nested too deeply)`] };
    throw e;
  }
  if (errors.length) {
    const e = errors[0];
    const line = text.slice(0, e.offset).split('\n').length;
    return { config: {}, problems: [`${source}:${line}: invalid JSON (${printParseErrorCode(e.error)})`] };
  }
  const forbidden: string[] = [];
  visitJsonc(text, {
    onObjectProperty: (property, _offset, _length, line, character) => {
      if (FORBIDDEN_KEYS.has(property)) forbidden.push(`${source}:${line + 1}:${character + 1}: the key "${property}" is not allowed in a configuration`);
    },
  });
  if (forbidden.length) return { config: {}, problems: forbidden };
  const tree = parseTree(text, [], { allowTrailingComma: true });
  let newlines: number[] | undefined;
  const lineOf: LineOf = (path) => {
    const node = tree && findNodeAtLocation(tree, path);
    // The key of a property, where the user wrote the name.
    const offset = node?.parent?.type === 'property' ? node.parent.offset : node?.offset;
    if (offset === undefined) return undefined;
    // Offsets of the newlines once, then a binary search: a file of thousands of bad keys stays linear.
    newlines ??= [...text.matchAll(/\n/g)].map((m) => m.index);
    let [lo, hi] = [0, newlines.length];
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (newlines[mid] < offset) lo = mid + 1;
      else hi = mid;
    }
    return lo + 1;
  };
  return validateConfig(raw, source, lineOf, root);
}

/** A workspace's configuration as every part of the product reads it (loadWorkspaceConfig). */
export interface WorkspaceConfig {
  /** Defaults, then the editor's settings, then the file's valid parts, then the command line's overrides: later wins. */
  config: ResolvedConfig;
  /** Absolute path of the configuration file. */
  file: string;
  found: boolean;
  /** What is wrong in the file, each as `path[:line[:column]]: message`, for the caller to show at the file. */
  problems: string[];
  /**
   * Nothing of the file could be used (not JSON, not UTF-8, unreadable, refused): the defaults
   * apply in its place, with the error shown at the file. A command that would act on the team's
   * settings refuses instead (the CLI exits 2 before linting: a CI run on the defaults would pass by
   * mistake; New Migration would lose the header template).
   */
  broken: boolean;
}

/**
 * The one loader of a workspace's configuration, for the language server and the CLI alike: the
 * file (`.migration-lens.json` in `root`, or `file`) layered over the editor's `settings` and under
 * the CLI's `overrides`. Invalid entries are reported and left out, the valid ones apply; a file
 * with nothing usable is `broken`.
 */
export function loadWorkspaceConfig(root: string, opts: { file?: string; settings?: ConfigInput; overrides?: ConfigInput } = {}): WorkspaceConfig {
  const file = opts.file ?? join(root, CONFIG_FILE_NAME);
  const loaded = loadConfigFile(file);
  const broken = loaded.found && loaded.problems.length > 0 && Object.keys(loaded.config).length === 0;
  return { config: resolveConfig(opts.settings, loaded.config, opts.overrides), file, found: loaded.found, problems: loaded.problems, broken };
}

/** Merges layers over the defaults; later layers win, rule maps merge per rule. */
export function resolveConfig(...layers: (ConfigInput | undefined)[]): ResolvedConfig {
  const out = defaultConfig();
  for (const layer of layers) {
    if (!layer) continue;
    if (layer.migrations) out.migrations = [...layer.migrations];
    if (layer.exclude) out.exclude = [...DEFAULT_EXCLUDE_GLOBS, ...layer.exclude];
    if (layer.convention) out.convention = layer.convention;
    if (layer.transaction) out.transaction = layer.transaction;
    if (layer.idempotent !== undefined) out.idempotent = layer.idempotent;
    if (layer.changedSince) out.changedSince = layer.changedSince;
    if (layer.postgresVersion) out.postgresVersion = layer.postgresVersion;
    if (layer.maxFileSize) out.maxFileSize = layer.maxFileSize;
    for (const [id, setting] of Object.entries(layer.rules ?? {})) {
      const prev = out.rules[id] ?? { options: {} };
      out.rules[id] =
        typeof setting === 'string'
          ? { ...prev, severity: setting }
          : { severity: setting.severity ?? prev.severity, options: { ...prev.options, ...(setting.options ?? {}) } };
    }
    Object.assign(out.categories, layer.categories ?? {});
    if (layer.header) out.header = { ...out.header, ...layer.header };
    if (layer.preview) out.preview = { ...out.preview, ...layer.preview };
    if (layer.live) out.live = { ...out.live, ...layer.live };
    if (layer.sets) out.sets = layer.sets.map((s) => ({ ...s, folders: [...s.folders] }));
  }
  return out;
}

export type { Severity };
