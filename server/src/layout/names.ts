/**
 * Migration file names: the numeric prefix, the description, the up/down role, and the
 * orderings runners use (numeric for `NNN_` prefixes that are not zero-padded, plain
 * code-unit order where the runner sorts names).
 */
interface NameParts {
  /** Digits of the prefix as written, '' when there is none. */
  id: string;
  number?: number;
  /** Description after the prefix and its separator. */
  name: string;
  /** Separator between prefix and description ('_' or '-'), '' without a prefix. */
  separator: string;
}

export function splitName(stem: string): NameParts {
  const m = /^(\d+)([_-]?)(.*)$/s.exec(stem);
  if (!m) return { id: '', name: stem, separator: '' };
  const n = Number(m[1]);
  return { id: m[1], number: Number.isSafeInteger(n) ? n : undefined, name: m[3], separator: m[2] };
}

/** `x.up.sql` → up `x`; `x.down.sql` → down `x`; anything else is an up file named by its stem. */
export function roleOf(fileName: string): { role: 'up' | 'down'; stem: string; explicit: boolean } {
  const base = fileName.replace(/\.sql$/i, '');
  const m = /^(.*)\.(up|down)$/i.exec(base);
  if (m) return { role: m[2].toLowerCase() as 'up' | 'down', stem: m[1], explicit: true };
  return { role: 'up', stem: base, explicit: false };
}

/** The up stem a `NNN_name_down` file would pair with (psql-run folders pair files this way), if the name has that form. */
export function underscoreDownTwin(stem: string): string | undefined {
  const m = /^(.+)[_-]down$/i.exec(stem);
  return m ? m[1] : undefined;
}

/** Compares digit strings by value, exactly, whatever their length or padding. */
export function compareDigits(a: string, b: string): number {
  const x = a.replace(/^0+(?=\d)/, '');
  const y = b.replace(/^0+(?=\d)/, '');
  return x.length - y.length || compareCodeUnits(x, y);
}

/** JavaScript's default sort order (UTF-16 code units), which Node-based runners use for file names. */
export function compareCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Numeric prefix first (files without one last), then the name: `9_a`, `10_b`, `100_c`. */
export function compareNumbered(a: { id: string; stem: string }, b: { id: string; stem: string }): number {
  if (a.id && b.id) return compareDigits(a.id, b.id) || compareCodeUnits(a.stem, b.stem);
  if (a.id || b.id) return a.id ? -1 : 1;
  return compareCodeUnits(a.stem, b.stem);
}

/** Prefixes this long are timestamps (YYYYMMDDHHmm or longer), not sequence numbers. */
const TIMESTAMP_MIN_DIGITS = 12;

export function isTimestampId(id: string): boolean {
  return id.length >= TIMESTAMP_MIN_DIGITS;
}

/** A 12- or 14-digit id that reads as a real UTC date and time (YYYYMMDDHHmm[ss]). */
export function isValidTimestamp(id: string): boolean {
  if (id.length !== 12 && id.length !== 14) return false;
  const [y, mo, d, h, mi, s] = [id.slice(0, 4), id.slice(4, 6), id.slice(6, 8), id.slice(8, 10), id.slice(10, 12), id.slice(12, 14) || '00'].map(Number);
  const date = new Date(Date.UTC(y, mo - 1, d, h, mi, s));
  return y >= 1970 && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d && date.getUTCHours() === h && date.getUTCMinutes() === mi && date.getUTCSeconds() === s;
}

/** `now` in UTC as YYYYMMDDHHMMSS, cut to `width` digits (12 for YYYYMMDDHHmm). */
export function utcTimestamp(now: Date, width = 14): string {
  const p = (n: number, w = 2) => String(n).padStart(w, '0');
  const full = `${p(now.getUTCFullYear(), 4)}${p(now.getUTCMonth() + 1)}${p(now.getUTCDate())}${p(now.getUTCHours())}${p(now.getUTCMinutes())}${p(now.getUTCSeconds())}`;
  return full.slice(0, width);
}
