/**
 * Names and lays out a new migration the way the set's convention does it: the next number in
 * the width the set already uses, or a UTC timestamp in the set's width; up/down pairs; Prisma
 * folders; the Drizzle journal entry drizzle-kit would append. Pure apart from reading the
 * journal and checking that no target exists; the caller writes the files.
 */
import { existsSync } from 'node:fs';
import { MAX_SQL_READ_BYTES, readTextFile } from '../limits';
import { CONVENTIONS, orderOf, type ConventionId } from './conventions';
import { compareDigits, isTimestampId, utcTimestamp } from './names';
import { MigrationNameError, planned, type MigrationPlan, type PlannedFile } from './planned';
import type { MigrationFile, MigrationSet } from './types';

export { MigrationNameError, type MigrationPlan, type PlannedFile } from './planned';

interface TemplateInput {
  convention: ConventionId;
  /** The new migration's id ('0019', '20260421143000') and description slug. */
  id: string;
  name: string;
  /** The name the runner knows it by: `0019_add_users`. */
  stem: string;
  /** The description as the user typed it. */
  description: string;
  role: 'up' | 'down';
  relPath: string;
  now: Date;
}

interface PlanOptions {
  /** Fills each new up/down file (header templates); files are empty without it. */
  template?: (input: TemplateInput) => string;
  /** Whether a path exists; defaults to the file system. */
  exists?: (path: string) => boolean;
  /** Reads a file (the Drizzle journal and snapshot); defaults to the file system. */
  readFile?: (path: string) => string | undefined;
}

const MAX_SLUG = 60;

/** `Add users' e-mail!` → `add_users_e_mail` (accents dropped, words joined by `separator`). */
export function slugify(description: string, separator: '_' | '-' = '_'): string {
  const words = description
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
  let slug = '';
  for (const w of words) {
    const next = slug ? `${slug}${separator}${w}` : w;
    if (next.length > MAX_SLUG) break;
    slug = next;
  }
  return slug || (words[0] ?? '').slice(0, MAX_SLUG);
}

export function planNewMigration(set: MigrationSet, description: string, now: Date, opts: PlanOptions = {}): MigrationPlan {
  const exists = opts.exists ?? existsSync;
  const read = opts.readFile ?? readOrUndefined;
  const existing = [...set.files, ...set.orphans];
  const name = slugify(description, wordSeparator(existing));
  if (!name) throw new MigrationNameError('Describe the migration in a few words (letters or digits), e.g. "add users email".');
  if (Number.isNaN(now.getTime())) throw new MigrationNameError('The current time is not a valid date.');

  const naming = CONVENTIONS[set.convention].naming;
  // Runners that do not name files `<number>_<name>` (Flyway versions, sqitch plan names) name it themselves.
  const own = naming.stem?.(set, name, now);
  const id = own ? own.id : nextId(set, existing, now);
  const stem = own ? own.stem : id ? `${id}${idSeparator(existing)}${name}` : name;
  if (!own) refuseOutOfOrder(set, existing, { id, stem });

  const files = targetFiles(set, stem, existing);
  for (const f of files) if (exists(f.path)) throw new MigrationNameError(`${f.relPath} already exists: it is never overwritten.`);
  for (const f of files) {
    if (f.role === 'meta') continue;
    const role = f.role;
    const header = opts.template?.({ convention: set.convention, id, name, stem, description, role, relPath: f.relPath, now }) ?? '';
    const rel = set.relRoot && f.relPath.startsWith(`${set.relRoot}/`) ? f.relPath.slice(set.relRoot.length + 1) : f.relPath;
    f.content = naming.content ? naming.content({ set, role, rel, stem, description, header, now }) : header;
  }
  const plan: MigrationPlan = { id, name, stem, files, description };
  CONVENTIONS[set.convention].naming.bookkeeping?.(set, plan, { now, read, exists });
  return plan;
}

function nextId(set: MigrationSet, existing: MigrationFile[], now: Date): string {
  const withIds = existing.filter((f) => f.id);
  const latest = withIds.reduce<MigrationFile | undefined>((best, f) => (!best || compareDigits(f.id, best.id) > 0 ? f : best), undefined);
  const ids = CONVENTIONS[set.convention].naming.ids(set);
  const timestamps = ids.followExisting && latest ? isTimestampId(latest.id) : ids.timestamps;
  if (timestamps) return utcTimestamp(now, latest && isTimestampId(latest.id) && latest.id.length <= 14 ? latest.id.length : 14);
  // init-sorted folders of plain names (`schema.sql`) take the next name as it is.
  if (!latest && existing.length > 0) return '';
  // drizzle-kit counts from 0000 (the journal idx); hand-numbered sets from 1.
  let next = latest ? BigInt(latest.id) + 1n : BigInt(ids.firstNumber);
  // drizzle-kit numbers a new migration one past the last journal idx; never reuse a number a file already has.
  const lastIdx = set.journal?.entries.at(-1)?.idx;
  if (lastIdx !== undefined && BigInt(lastIdx) + 1n > next) next = BigInt(lastIdx) + 1n;
  return next.toString().padStart(latest ? latest.id.length : ids.firstWidth, '0');
}

function refuseOutOfOrder(set: MigrationSet, existing: MigrationFile[], candidate: { id: string; stem: string }): void {
  const order = orderOf(set.convention, set.folders);
  // Orphans are never applied, so only their numbers can clash, not their names' order.
  const clash = existing.find((f) => (candidate.id && f.id && compareDigits(f.id, candidate.id) === 0) || (set.files.includes(f) && order(candidate, f) <= 0));
  if (!clash) return;
  if (candidate.id && clash.id && compareDigits(clash.id, candidate.id) === 0) {
    throw new MigrationNameError(`${candidate.stem}: ${candidate.id} is already used by ${clash.stem}. Wait a moment and try again, or rename the other migration if it is not applied anywhere.`);
  }
  throw new MigrationNameError(
    `${candidate.stem} would sort before ${clash.stem}, so it would run before migrations that may already be applied. ${candidate.id ? 'Check the clock, or the future-dated migration.' : 'Choose a description that sorts after it, or number the files.'}`,
  );
}

function targetFiles(set: MigrationSet, stem: string, existing: MigrationFile[]): PlannedFile[] {
  if (set.folders) return [planned(set, `${stem}/migration.sql`, 'up')];
  const own = CONVENTIONS[set.convention].naming.files?.(set, stem);
  if (own) return own.map((f) => planned(set, f.rel, f.role));
  const twinStyle = set.downs.find((d) => d.upPath && !/\.down\.sql$/i.test(d.relPath));
  if (twinStyle && existing.length) {
    const sep = /[-]down\.sql$/i.test(twinStyle.relPath) ? '-' : '_';
    return [planned(set, `${stem}.sql`, 'up'), planned(set, `${stem}${sep}down.sql`, 'down')];
  }
  return [planned(set, `${stem}.sql`, 'up')];
}

function wordSeparator(existing: MigrationFile[]): '_' | '-' {
  const dashed = existing.filter((f) => f.name.includes('-') && !f.name.includes('_')).length;
  const underscored = existing.filter((f) => f.name.includes('_')).length;
  return dashed > underscored ? '-' : '_';
}

/** `_` between number and description, unless the set's latest migration uses `-`. */
function idSeparator(existing: MigrationFile[]): string {
  const last = [...existing].reverse().find((f) => f.id);
  return last && last.stem.charAt(last.id.length) === '-' ? '-' : '_';
}

function readOrUndefined(path: string): string | undefined {
  return readTextFile(path, MAX_SQL_READ_BYTES);
}
