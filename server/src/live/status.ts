/**
 * Status of a migration set against a database's history table: each file applied, pending,
 * failed, or applied and edited since (where the tool keeps a checksum), and each row of the
 * table that no file matches. Pure: the rows were read by history.ts, the files by layout.
 */
import { createHash } from 'node:crypto';
import { basename } from 'node:path';
import type { MigrationFile, MigrationSet } from '../layout/types';
import type { History, HistoryRow, HistoryTool } from './history';

export type MigrationState = 'applied' | 'pending' | 'failed' | 'edited' | 'missing';

export interface MigrationStatus {
  state: MigrationState;
  /** The file (absent for `missing`: a row no file matches). */
  path?: string;
  relPath?: string;
  /** The migration's name as the runner knows it (file stem, folder name, or the row's version/name). */
  migration: string;
  appliedAt?: string;
  /** Why: the failure the table records, the checksum mismatch, a Drizzle file that will never run. */
  note?: string;
  /** For `edited`: the checksum the table holds and the one the file has now. */
  checksum?: { recorded: string; file: string };
}

export interface SetStatus {
  migrations: MigrationStatus[];
  counts: Record<MigrationState, number>;
}

export type ReadText = (absPath: string) => string | undefined;

export function statusOf(set: MigrationSet, history: History, readText: ReadText): SetStatus {
  const files = set.files;
  const used = new Set<HistoryRow>();
  const out: MigrationStatus[] = [];
  const tool = history.tool;
  const rows = history.rows.filter((r) => r.state !== 'rolled-back');

  if (tool === 'golang-migrate') {
    // One row: the current version. Everything below it was applied; the version itself is failed when dirty.
    const row = rows[0];
    const current = row ? Number(row.version) : -Infinity;
    for (const f of files) {
      const n = f.number ?? Number.NaN;
      const base = entry(f);
      if (!row || !(n <= current)) out.push({ ...base, state: 'pending' });
      else if (n === current && row.state === 'failed') out.push({ ...base, state: 'failed', note: row.detail });
      else out.push({ ...base, state: 'applied' });
      if (n === current && row) used.add(row);
    }
    if (row && !used.has(row) && Number.isFinite(current) && current !== -1) {
      out.push({ state: row.state === 'failed' ? 'failed' : 'missing', migration: `version ${row.version}`, note: row.state === 'failed' ? `dirty version ${row.version}: no file has this version` : 'the current version in the database, but no file has it' });
    }
    return finish(out);
  }

  const baseline = rows.find((r) => r.state === 'baseline');
  const maxCreated = tool === 'drizzle' ? Math.max(-Infinity, ...rows.map((r) => Number(r.createdAt ?? Number.NaN)).filter(Number.isFinite)) : -Infinity;
  const whenOf = drizzleWhen(set);
  for (const f of files) {
    const base = entry(f);
    const text = () => readText(f.path);
    const matching = rowsFor(tool, f, rows, text, whenOf);
    const row = matching.find((r) => r.state === 'applied') ?? matching[matching.length - 1];
    for (const r of matching) used.add(r);
    if (!row) {
      if (baseline && tool === 'flyway' && compareVersions(flywayVersion(f) ?? '', baseline.version ?? '') <= 0) {
        out.push({ ...base, state: 'applied', appliedAt: baseline.appliedAt, note: `below the baseline (version ${baseline.version})` });
        continue;
      }
      const when = whenOf.get(f.path);
      const note = tool === 'drizzle' && when !== undefined && when <= maxCreated
        ? `never applied, and drizzle-kit migrate will skip it: its journal time (${when}) is not after the newest applied one (${maxCreated})`
        : undefined;
      out.push({ ...base, state: 'pending', ...(note ? { note } : {}) });
      continue;
    }
    if (row.state === 'failed') {
      out.push({ ...base, state: 'failed', appliedAt: row.appliedAt, note: row.detail ?? 'the history table records it as failed' });
      continue;
    }
    const edited = checksumMismatch(tool, row, text);
    if (edited) {
      const repeat = tool === 'flyway' && row.repeatable ? '; Flyway applies a changed repeatable migration again' : '';
      out.push({ ...base, state: 'edited', appliedAt: row.appliedAt, checksum: edited, note: `edited since it was applied: the ${CHECKSUM_NAME[tool]} differs${repeat}` });
      continue;
    }
    out.push({ ...base, state: 'applied', appliedAt: row.appliedAt });
  }
  for (const r of rows) {
    if (used.has(r) || r.state === 'baseline') continue;
    const migration = r.name ?? (r.version !== undefined ? `version ${r.version}` : r.createdAt ? `journal time ${r.createdAt}` : `hash ${short(r.checksum)}`);
    out.push({
      state: r.state === 'failed' ? 'failed' : 'missing', migration, appliedAt: r.appliedAt,
      note: r.state === 'failed' ? `${r.detail ?? 'failed'} (no file matches it)` : 'applied in the database, but no migration file matches it',
    });
  }
  return finish(out);
}

const CHECKSUM_NAME: Record<HistoryTool, string> = {
  prisma: 'sha256 checksum', drizzle: 'sha256 hash', flyway: 'checksum', sqitch: 'script hash', 'graphile-migrate': 'hash',
  'golang-migrate': 'checksum', 'up-down-runner': 'checksum', supabase: 'checksum', goose: 'checksum', dbmate: 'checksum',
};

function entry(f: MigrationFile): Pick<MigrationStatus, 'path' | 'relPath' | 'migration'> {
  return { path: f.path, relPath: f.relPath, migration: f.stem };
}

function finish(migrations: MigrationStatus[]): SetStatus {
  const counts: Record<MigrationState, number> = { applied: 0, pending: 0, failed: 0, edited: 0, missing: 0 };
  for (const m of migrations) counts[m.state]++;
  return { migrations, counts };
}

/** The history rows that record this file, oldest first. */
function rowsFor(tool: HistoryTool, f: MigrationFile, rows: HistoryRow[], text: () => string | undefined, whenOf: Map<string, number>): HistoryRow[] {
  const sameNumber = (v?: string) => v !== undefined && /^\d+$/.test(v) && f.number !== undefined && Number(v) === f.number;
  switch (tool) {
    case 'prisma':
      return rows.filter((r) => r.name === f.stem);
    case 'drizzle': {
      const when = whenOf.get(f.path);
      const byWhen = when === undefined ? [] : rows.filter((r) => r.createdAt !== undefined && Number(r.createdAt) === when);
      if (byWhen.length) return byWhen;
      const t = text();
      const hash = t === undefined ? undefined : sha256(t);
      return rows.filter((r) => r.checksum === hash);
    }
    case 'up-down-runner':
      return rows.filter((r) => sameNumber(r.version) || r.version === f.id || r.version === f.stem || (r.name !== undefined && r.name === f.stem));
    case 'supabase':
    case 'dbmate':
      return rows.filter((r) => r.version === f.id || r.version === f.stem.split('_')[0]);
    case 'goose':
      return rows.filter((r) => sameNumber(r.version));
    case 'flyway': {
      const v = flywayVersion(f);
      const file = basename(f.path);
      return rows.filter((r) => r.state !== 'baseline' && (v !== undefined && r.version ? compareVersions(r.version, v) === 0 : r.repeatable && r.name !== undefined && basename(r.name) === file));
    }
    case 'sqitch':
      return rows.filter((r) => r.name === f.stem || r.name === f.relPath.replace(/^.*?deploy\//, '').replace(/\.sql$/i, ''));
    case 'graphile-migrate': {
      // graphile/migrate src/migration.ts getAllMigrations: the row's filename is the number only
      // (`migrationNumberString + ".sql"`), the file may carry a message slug (`000001-add-users.sql`).
      const file = basename(f.path);
      const numbered = /^([0-9]+)(?:-[-_a-zA-Z0-9]*)?\.sql$/.exec(file);
      return rows.filter((r) => r.name === file || (numbered !== null && r.name === `${numbered[1]}.sql`));
    }
    case 'golang-migrate':
      return [];
  }
}

function checksumMismatch(tool: HistoryTool, row: HistoryRow, text: () => string | undefined): { recorded: string; file: string } | undefined {
  if (row.checksum === undefined) return undefined;
  const t = text();
  if (t === undefined) return undefined;
  const recorded = row.checksum;
  let actual: string | undefined;
  let matches: boolean;
  switch (tool) {
    case 'prisma': {
      // prisma/prisma-engines, schema-engine checksum.rs script_matches_checksum: sha256 of the script, and the same
      // with its line endings switched, so a checkout on Windows (CRLF) still matches.
      actual = sha256(t);
      matches = [t, t.replace(/\r\n/g, '\n'), t.replace(/\r?\n/g, '\r\n')].some((v) => sha256(v) === recorded);
      break;
    }
    case 'drizzle':
      actual = sha256(t);
      matches = actual === recorded;
      break;
    case 'flyway':
      actual = String(flywayChecksum(t));
      matches = actual === recorded;
      break;
    case 'sqitch':
      actual = createHash('sha1').update(t, 'utf8').digest('hex');
      matches = actual === recorded;
      break;
    case 'graphile-migrate': {
      // The row's hash is the one the committed file's `--! Hash:` header declared when it ran. A file that
      // declares another was replaced; one whose body no longer hashes to it was edited after it was committed
      // (unless `--! AllowInvalidHash`, with which graphile-migrate runs it anyway).
      const file = graphileMigration(t);
      if (!file) return undefined;
      actual = file.declared ?? file.computed;
      matches = (file.declared ?? recorded) === recorded && (file.allowInvalidHash || file.computed === recorded);
      if (!matches && file.declared === recorded) actual = file.computed;
      break;
    }
    default:
      return undefined;
  }
  return matches ? undefined : { recorded, file: actual };
}

/** The journal's `when` of each file of a Drizzle set. */
function drizzleWhen(set: MigrationSet): Map<string, number> {
  const out = new Map<string, number>();
  for (const e of set.journal?.entries ?? []) if (e.file && e.when !== undefined) out.set(e.file, e.when);
  return out;
}

/**
 * A committed graphile-migrate file's headers and the hash graphile-migrate computes for its body.
 * graphile/migrate src/migration.ts parseMigrationText: the header is the leading lines matching
 * `--! Key` or `--! Key: value`, the body every line after them, joined with "\n", trimmed, plus "\n";
 * `Previous: -` is no previous hash. src/hash.ts calculateHash: `"sha1:" + sha1(((previousHash || "")
 * + "\n" + body.trim()).trim() + "\n")` in hex. runCommittedMigration checks it against `--! Hash:`.
 */
export function graphileMigration(text: string): { declared?: string; computed: string; allowInvalidHash: boolean } | undefined {
  const lines = text.split('\n');
  const headers = new Map<string, string | null>();
  let n = 0;
  for (const line of lines) {
    const m = /^--! ([A-Z][a-zA-Z0-9_]*)(?::(.*))?$/.exec(line);
    if (!m) break;
    headers.set(m[1], m[2] ? m[2].trim() : null);
    n++;
  }
  if (!n) return undefined;
  const previousRaw = headers.get('Previous');
  const previous = previousRaw && previousRaw !== '-' ? previousRaw : '';
  const body = lines.slice(n).join('\n').trim() + '\n';
  const computed = `sha1:${createHash('sha1').update(`${`${previous}\n${body.trim()}`.trim()}\n`, 'utf8').digest('hex')}`;
  return { declared: headers.get('Hash') ?? undefined, computed, allowInvalidHash: headers.has('AllowInvalidHash') };
}

export function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

function short(hash?: string): string {
  return hash ? hash.slice(0, 12) : '?';
}

/** `V1_2__add.sql` → `1.2`; undefined for a repeatable (`R__`) or a name without a Flyway version. */
function flywayVersion(f: MigrationFile): string | undefined {
  const m = /^[VvUu]([0-9][0-9._]*?)__/.exec(basename(f.path));
  if (m) return m[1].replace(/_/g, '.');
  return f.number !== undefined ? String(f.number) : undefined;
}

/** Flyway compares versions part by part as numbers, ignoring trailing zero parts (1.0 = 1). */
function compareVersions(a: string, b: string): number {
  const parts = (v: string) => v.split(/[._]/).map((p) => BigInt(/^\d+$/.test(p) ? p : '0'));
  const x = parts(a);
  const y = parts(b);
  for (let i = 0; i < Math.max(x.length, y.length); i++) {
    const d = (x[i] ?? 0n) - (y[i] ?? 0n);
    if (d !== 0n) return d < 0n ? -1 : 1;
  }
  return 0;
}

/**
 * Flyway's checksum (flyway/flyway, flyway-core ChecksumCalculator): CRC32 over the file's lines
 * read one by one without their line breaks (and without a UTF-8 BOM), as a signed 32-bit integer.
 */
export function flywayChecksum(text: string): number {
  const body = text.replace(/^\uFEFF/, '').replace(/\r\n|\r|\n/g, '');
  return crc32(Buffer.from(body, 'utf8')) | 0;
}

let CRC_TABLE: Uint32Array | undefined;
function crc32(bytes: Uint8Array): number {
  if (!CRC_TABLE) {
    CRC_TABLE = new Uint32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      CRC_TABLE[n] = c >>> 0;
    }
  }
  let crc = 0xffffffff;
  for (const b of bytes) crc = CRC_TABLE[(crc ^ b) & 0xff] ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}
