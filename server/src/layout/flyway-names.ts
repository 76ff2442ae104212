/**
 * Flyway's script names and versions. Follows flyway/flyway:
 * - flyway-core/.../internal/resource/ResourceNameParser.java: `<prefix><version><separator>
 *   <description><suffix>`, prefixes matched case-sensitively, longest first; versioned (V) and
 *   undo (U) names must carry a version, repeatable (R) names must not; the suffix match ignores
 *   case; the description is the part after the separator with `_` read as a space.
 * - flyway-core/.../api/MigrationVersion.java: `_` is read as `.`, the version splits at dots
 *   before a digit into BigIntegers, trailing zero parts are dropped and missing parts count as
 *   zero, so `1.1 < 1.2 < 1.10`, `1.0 == 1` and `1_1 == 1.1`; any other character is an error
 *   ("Version may only contain 0..9 and . (dot)").
 * - flyway-core/.../api/callback/Event.java: callback scripts (`beforeMigrate.sql`,
 *   `afterMigrate__x.sql`, …) live beside migrations but are not migrations.
 */

type FlywayKind = 'versioned' | 'undo' | 'repeatable' | 'baseline' | 'callback';

export interface FlywayNaming {
  versionedPrefix: string;
  undoPrefix: string;
  repeatablePrefix: string;
  baselinePrefix: string;
  separator: string;
  suffixes: string[];
}

/** Flyway's defaults (sqlMigrationPrefix V, undoSqlMigrationPrefix U, repeatableSqlMigrationPrefix R, baselineMigrationPrefix B, sqlMigrationSeparator __, sqlMigrationSuffixes .sql). */
export const FLYWAY_DEFAULT_NAMING: FlywayNaming = { versionedPrefix: 'V', undoPrefix: 'U', repeatablePrefix: 'R', baselinePrefix: 'B', separator: '__', suffixes: ['.sql'] };

const CALLBACK_EVENTS = [
  'beforeClean', 'afterClean', 'afterCleanError', 'beforeMigrate', 'beforeEachMigrate', 'beforeEachMigrateStatement',
  'afterEachMigrateStatement', 'afterEachMigrateStatementError', 'afterEachMigrate', 'afterEachMigrateError',
  'beforeRepeatables', 'afterVersioned', 'afterMigrateApplied', 'afterMigrate', 'afterMigrateError', 'beforeUndo',
  'beforeEachUndo', 'beforeEachUndoStatement', 'afterEachUndoStatement', 'afterEachUndoStatementError', 'afterEachUndo',
  'afterEachUndoError', 'afterUndo', 'afterUndoError', 'beforeValidate', 'afterValidate', 'afterValidateError',
  'beforeBaseline', 'afterBaseline', 'afterBaselineError', 'beforeRepair', 'afterRepair', 'afterRepairError',
  'beforeInfo', 'afterInfo', 'afterInfoError', 'createSchema', 'beforeCreateSchema', 'beforeConnect', 'afterConnect',
];

export interface FlywayName {
  kind: FlywayKind;
  /** The version as written (`1.2`, `2_1`, `004`); '' for repeatable scripts and callbacks. */
  version: string;
  /** Parsed version parts, trailing zeros dropped; empty without a version. */
  parts: bigint[];
  /** Description as Flyway shows it (`Add users`). */
  description: string;
  /** The description as written in the file name (`Add_users`). */
  rawDescription: string;
}

type FlywayNameResult = FlywayName | { error: string };

/** Version parts as Flyway compares them, or an error message. */
function parseFlywayVersion(version: string): bigint[] | { error: string } {
  const normalized = version.replace(/_/g, '.');
  const parts: bigint[] = [];
  for (const p of normalized.split(/\.(?=\d)/)) {
    if (!/^\d+$/.test(p)) return { error: `Version may only contain 0..9 and . (dot). Invalid version: ${normalized}` };
    parts.push(BigInt(p));
  }
  while (parts.length > 1 && parts[parts.length - 1] === 0n) parts.pop();
  return parts;
}

/** Flyway's MigrationVersion.compareTo on parsed parts. */
export function compareFlywayParts(a: readonly bigint[], b: readonly bigint[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const x = a[i] ?? 0n;
    const y = b[i] ?? 0n;
    if (x !== y) return x < y ? -1 : 1;
  }
  return 0;
}

/** Compares two version strings as Flyway does; unparsable versions sort last. */
export function compareFlywayVersions(a: string, b: string): number {
  const x = parseFlywayVersion(a);
  const y = parseFlywayVersion(b);
  if (!Array.isArray(x) || !Array.isArray(y)) return Array.isArray(x) ? -1 : Array.isArray(y) ? 1 : 0;
  return compareFlywayParts(x, y);
}

/** Classifies a file name; `undefined` when it has no Flyway prefix at all (not a Flyway script). */
export function parseFlywayName(fileName: string, naming: FlywayNaming = FLYWAY_DEFAULT_NAMING): FlywayNameResult | undefined {
  const suffix = naming.suffixes.find((s) => fileName.toUpperCase().endsWith(s.toUpperCase()));
  if (suffix === undefined) return undefined;
  const stem = fileName.slice(0, fileName.length - suffix.length);
  const prefixes: Array<[string, FlywayKind]> = [
    ...CALLBACK_EVENTS.map((e): [string, FlywayKind] => [e, 'callback']),
    [naming.versionedPrefix, 'versioned'],
    [naming.undoPrefix, 'undo'],
    [naming.repeatablePrefix, 'repeatable'],
    [naming.baselinePrefix, 'baseline'],
  ];
  prefixes.sort((p, q) => q[0].length - p[0].length);
  const hit = prefixes.find(([p]) => p !== '' && stem.startsWith(p));
  if (!hit) return undefined;
  const [prefix, kind] = hit;
  const rest = stem.slice(prefix.length);
  const sep = rest.indexOf(naming.separator);
  const version = sep === -1 ? rest : rest.slice(0, sep);
  const rawDescription = sep === -1 ? '' : rest.slice(sep + naming.separator.length);
  const description = rawDescription.replace(/_/g, ' ');
  const example = rawDescription || 'description';
  if (kind === 'callback') {
    // A callback is the event name alone or followed by the separator and a description.
    if (version !== '') return undefined;
    return { kind, version: '', parts: [], description, rawDescription };
  }
  if (kind === 'repeatable') {
    if (version !== '') return { error: `Invalid repeatable migration name format: ${fileName} (It cannot contain a version and should look like this: ${prefix}${naming.separator}${example}${suffix})` };
    return { kind, version: '', parts: [], description, rawDescription };
  }
  if (version === '') return { error: `Invalid versioned migration name format: ${fileName} (It must contain a version and should look like this: ${prefix}1.2${naming.separator}${example}${suffix})` };
  const parts = parseFlywayVersion(version);
  if (!Array.isArray(parts)) return { error: `Invalid versioned migration name format: ${fileName} (could not recognise version number ${version})` };
  return { kind, version, parts, description, rawDescription };
}

/**
 * Flyway's apply order (MigrationInfoImpl.compareVersion): versioned by version (an undo after the
 * versioned script of the same version), then repeatable scripts by description.
 */
export function compareFlywayNames(a: FlywayName, b: FlywayName): number {
  const av = a.kind !== 'repeatable' && a.kind !== 'callback';
  const bv = b.kind !== 'repeatable' && b.kind !== 'callback';
  if (av && bv) {
    const c = compareFlywayParts(a.parts, b.parts);
    if (c !== 0) return c;
    const rank = (k: FlywayKind) => (k === 'undo' ? 2 : k === 'baseline' ? 1 : 0);
    return rank(a.kind) - rank(b.kind);
  }
  if (av !== bv) return av ? -1 : 1;
  // Java String.compareTo: UTF-16 code units.
  return a.description < b.description ? -1 : a.description > b.description ? 1 : 0;
}

/**
 * The version of the next versioned script after `latest` (as written): timestamp versions
 * (12 or more digits in one part) get `stamp`; otherwise the last part goes up by one, keeping
 * its zero padding and the separator style (`1.9` → `1.10`, `1_2` → `1_3`, `007` → `008`).
 */
export function nextFlywayVersion(latest: string | undefined, stamp: string): string {
  if (latest === undefined || latest === '') return '1';
  if (/^\d{12,}$/.test(latest)) return stamp > latest ? stamp : (BigInt(latest) + 1n).toString();
  const m = /^(.*?)(\d+)$/.exec(latest);
  if (!m) return '1';
  const next = (BigInt(m[2]) + 1n).toString().padStart(m[2].length, '0');
  return `${m[1]}${next}`;
}

/**
 * Name settings of a flyway.conf (`flyway.sqlMigrationPrefix=M`…) or flyway.toml (`[flyway]`
 * `sqlMigrationSeparator = "-"`), over Flyway's defaults. The keys and both syntaxes are those of
 * flyway/flyway documentation/Reference/Configuration/Flyway Namespace (the Sql Migration Prefix,
 * Undo Sql Migration Prefix, Repeatable Sql Migration Prefix, Baseline Migration Prefix, Sql
 * Migration Separator and Sql Migration Suffixes settings: "Configuration File
 * `flyway.sqlMigrationSeparator=-`", "TOML Configuration File `[flyway] sqlMigrationSeparator = "-"`").
 */
export function flywayConfNaming(text: string, toml: boolean): FlywayNaming {
  const value = (key: string): string | undefined => (toml ? tomlValue(text, key) : confValue(text, key));
  const naming = { ...FLYWAY_DEFAULT_NAMING };
  const set = (field: 'versionedPrefix' | 'undoPrefix' | 'repeatablePrefix' | 'baselinePrefix' | 'separator', key: string) => {
    const v = value(key);
    // An empty separator or prefix would make every file a migration: Flyway's defaults stay then.
    if (v !== undefined && v !== '') naming[field] = v;
  };
  set('versionedPrefix', 'sqlMigrationPrefix');
  set('undoPrefix', 'undoSqlMigrationPrefix');
  set('repeatablePrefix', 'repeatableSqlMigrationPrefix');
  set('baselinePrefix', 'baselineMigrationPrefix');
  set('separator', 'sqlMigrationSeparator');
  const suffixes = value('sqlMigrationSuffixes');
  if (suffixes) {
    const list = (toml && suffixes.startsWith('[') ? quotedItems(suffixes) : suffixes.split(',')).map((x) => x.trim()).filter(Boolean);
    if (list.length) naming.suffixes = list;
  }
  return naming;
}

function confValue(text: string, key: string): string | undefined {
  let value: string | undefined;
  const joined = text.replace(/\\\r?\n[ \t]*/g, '');
  for (const line of joined.split(/\r?\n/)) {
    const m = new RegExp(`^[ \\t]*flyway\\.${key}[ \\t]*[=:][ \\t]*(.*)$`).exec(line);
    if (m) value = m[1].trim();
  }
  return value;
}

function tomlValue(text: string, key: string): string | undefined {
  let table = '';
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.replace(/^\s+/, '');
    const header = /^\[([^\]]+)\]/.exec(line);
    if (header) {
      table = header[1].trim();
      continue;
    }
    const m = new RegExp(`^(?:flyway\\.)?${key}\\s*=\\s*(.*)$`).exec(line);
    if (!m || !(table === 'flyway' || (table === '' && line.startsWith('flyway.')))) continue;
    const v = m[1].trim();
    if (v.startsWith('[')) return v;
    return quotedItems(v)[0] ?? v.replace(/\s+#.*$/, '');
  }
  return undefined;
}

function quotedItems(value: string): string[] {
  return [...value.matchAll(/"((?:[^"\\]|\\.)*)"|'([^']*)'/g)].map((x) => x[1] ?? x[2]);
}

/** Reads `flyway.locations` from a flyway.conf (Java properties) text: filesystem locations only, as written. */
export function flywayConfLocations(text: string): string[] | undefined {
  let value: string | undefined;
  // Java properties: `key=value` or `key: value`, `\` continues a line.
  const joined = text.replace(/\\\r?\n[ \t]*/g, '');
  for (const line of joined.split(/\r?\n/)) {
    const m = /^[ \t]*flyway\.locations[ \t]*[=:][ \t]*(.*)$/.exec(line);
    if (m) value = m[1].trim();
  }
  return value === undefined ? undefined : filesystemLocations(value.split(','));
}

/** Reads `locations` from a flyway.toml (`[flyway]` or `[environments.<x>.flyway]`): filesystem locations only. */
export function flywayTomlLocations(text: string): string[] | undefined {
  let table = '';
  let found: string[] | undefined;
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].replace(/^\s+/, '');
    const header = /^\[([^\]]+)\]/.exec(line);
    if (header) {
      table = header[1].trim();
      continue;
    }
    const m = /^(?:flyway\.)?locations\s*=\s*(.*)$/.exec(line);
    const inFlyway = table === 'flyway' || /^environments\.[^.]+\.flyway$/.test(table) || (table === '' && line.startsWith('flyway.'));
    if (!m || !inFlyway) continue;
    let value = m[1];
    // Arrays may span lines.
    while (value.includes('[') && !value.includes(']') && i + 1 < lines.length) value += lines[++i];
    const items = [...value.matchAll(/"((?:[^"\\]|\\.)*)"|'([^']*)'/g)].map((x) => x[1] ?? x[2]);
    // `[flyway]` wins over an environment's value only if it comes first; the first hit is kept.
    found ??= filesystemLocations(items);
  }
  return found;
}

function filesystemLocations(items: string[]): string[] {
  return items
    .map((s) => s.trim())
    .filter((s) => s !== '' && (s.startsWith('filesystem:') || !/^[a-z0-9]+:/i.test(s)))
    .map((s) => s.replace(/^filesystem:/, ''));
}

/**
 * Statements Flyway's PostgreSQL parser runs outside a transaction
 * (flyway-database-postgresql/.../PostgreSQLParser.java detectCanExecuteInTransaction).
 * `simplified` is the statement text, upper-cased with runs of blanks made single spaces.
 */
export function flywayNonTransactional(simplified: string): boolean {
  return (
    /^(CREATE|DROP) (DATABASE|TABLESPACE|SUBSCRIPTION)/.test(simplified) ||
    /^ALTER SYSTEM/.test(simplified) ||
    /^(CREATE|DROP)( UNIQUE)? INDEX CONCURRENTLY/.test(simplified) ||
    /^REINDEX( VERBOSE)? (SCHEMA|DATABASE|SYSTEM)/.test(simplified) ||
    /^VACUUM/.test(simplified) ||
    /^DISCARD ALL/.test(simplified)
  );
}

/** `executeInTransaction` from a script config file (`V1__x.sql.conf`), when it sets it. */
export function scriptConfigTransaction(text: string): boolean | undefined {
  let out: boolean | undefined;
  for (const line of text.split(/\r?\n/)) {
    const m = /^[ \t]*executeInTransaction[ \t]*[=:][ \t]*(\S*)/.exec(line);
    if (m) out = m[1].toLowerCase() === 'true' ? true : m[1].toLowerCase() === 'false' ? false : out;
  }
  return out;
}

/** Flyway's "simplified statement": upper case, comments dropped, blanks collapsed. */
function simplifyStatement(sql: string): string {
  return sql
    .replace(/--[^\n]*|\/\*[\s\S]*?\*\//g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .toUpperCase();
}

interface FlywayScriptMode {
  /** Whether Flyway wraps the script in a transaction. */
  transaction: boolean;
  /**
   * Index of the statement Flyway refuses the script at: transactional and non-transactional
   * statements mixed without `mixed=true` or a script config override (ParserSqlScript.java).
   */
  mixedAt?: number;
}

/**
 * How Flyway runs one script (ParserSqlScript.executeInTransaction): the script config's
 * `executeInTransaction` wins; otherwise a non-transactional statement turns the transaction off.
 */
export function flywayScriptMode(statements: string[], scriptConfig?: boolean, mixed = false): FlywayScriptMode {
  let tx = false;
  let nonTx = false;
  let mixedAt: number | undefined;
  statements.forEach((s, i) => {
    if (flywayNonTransactional(simplifyStatement(s))) nonTx = true;
    else tx = true;
    if (mixedAt === undefined && tx && nonTx && !mixed && scriptConfig === undefined) mixedAt = i;
  });
  const transaction = scriptConfig ?? !nonTx;
  return mixedAt === undefined ? { transaction } : { transaction, mixedAt };
}

/** `mixed` from a flyway.conf (`flyway.mixed=true`) or flyway.toml (`mixed = true` under `[flyway]`) text. */
export function flywayMixed(text: string): boolean {
  return /^[ \t]*(flyway\.)?mixed[ \t]*[=:][ \t]*"?true"?[ \t]*$/im.test(text);
}
