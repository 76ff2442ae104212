/**
 * Drizzle's `meta/_journal.json`: drizzle-kit migrate applies `<tag>.sql` for each entry, in
 * entry order, and ignores every other file. Two formats are in the wild:
 *   v5 (drizzle-kit < 0.21): { "version": "5", "dialect": "pg", entries: [{ idx, version: "5", when, tag, breakpoints }] }
 *   v7 (later):              { "version": "7", "dialect": "postgresql", entries: [...same keys, version: "7"] }
 * drizzle-kit writes it with JSON.stringify(journal, null, 2) and no final newline; teams
 * that reformat it keep their style, so appending preserves indentation and the final newline.
 */
import type { DrizzleJournal, JournalEntry } from './types';

interface RawJournal {
  version?: unknown;
  dialect?: unknown;
  entries?: unknown;
  [key: string]: unknown;
}

/** Reads journal text; `fileOf(tag)` says where `<tag>.sql` is, if it exists. Never throws. */
export function parseJournal(path: string, text: string | undefined, fileOf: (tag: string) => string | undefined): DrizzleJournal {
  if (text === undefined) return { path, format: 'unknown', entries: [], error: 'cannot read the file' };
  let raw: RawJournal;
  try {
    raw = JSON.parse(text) as RawJournal;
  } catch (e) {
    return { path, format: 'unknown', entries: [], error: `not valid JSON (${(e as Error).message})` };
  }
  if (!raw || typeof raw !== 'object' || !Array.isArray(raw.entries)) return { path, format: 'unknown', entries: [], error: 'no "entries" array' };
  const entries: JournalEntry[] = [];
  for (const [i, e] of (raw.entries as unknown[]).entries()) {
    if (!e || typeof e !== 'object' || typeof (e as { tag?: unknown }).tag !== 'string') {
      return { path, format: formatOf(raw), entries: [], error: `entry ${i} has no "tag"` };
    }
    const { tag, idx, when } = e as { tag: string; idx?: unknown; when?: unknown };
    entries.push({ idx: typeof idx === 'number' ? idx : i, tag, when: typeof when === 'number' ? when : undefined, file: fileOf(tag) });
  }
  // Array.prototype.sort is stable: entries with equal idx keep their journal order.
  entries.sort((a, b) => a.idx - b.idx);
  return { path, format: formatOf(raw), entries };
}

function formatOf(raw: RawJournal): DrizzleJournal['format'] {
  if (raw.dialect === 'pg' || raw.version === '5') return 'v5';
  if (raw.dialect === 'postgresql' || raw.version === '7') return 'v7';
  return 'unknown';
}

/** Offset of an entry's `"tag": "<tag>"` in the journal text, for pointing a finding at it. */
export function tagOffset(text: string, tag: string): { start: number; end: number } | undefined {
  const m = new RegExp(`"tag"\\s*:\\s*${escapeRegExp(JSON.stringify(tag))}`).exec(text);
  return m ? { start: m.index, end: m.index + m[0].length } : undefined;
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

export const NEW_JOURNAL_TEXT = JSON.stringify({ version: '7', dialect: 'postgresql', entries: [] }, null, 2);

/**
 * The journal text with one entry appended the way drizzle-kit generate does it (idx one past
 * the last, the journal's own entry version and breakpoints setting). Throws on a journal that
 * cannot be parsed: rewriting it would lose the team's entries.
 */
export function appendJournalEntry(text: string, tag: string, when: number): { text: string; idx: number } {
  const raw = JSON.parse(text) as RawJournal;
  if (!raw || typeof raw !== 'object' || !Array.isArray(raw.entries)) throw new Error('the journal has no "entries" array');
  const entries = raw.entries as Record<string, unknown>[];
  const last = entries[entries.length - 1];
  const idx = typeof last?.idx === 'number' ? last.idx + 1 : entries.length;
  const version = typeof last?.version === 'string' ? last.version : typeof raw.version === 'string' ? raw.version : '7';
  const breakpoints = typeof last?.breakpoints === 'boolean' ? last.breakpoints : true;
  entries.push({ idx, version, when, tag, breakpoints });
  const out = JSON.stringify(raw, null, indentOf(text));
  return { text: /\n\s*$/.test(text) ? `${out}\n` : out, idx };
}

/** The indentation unit of a JSON text: a tab, some spaces, or '' for one-line JSON. */
function indentOf(text: string): string {
  const m = /\n([ \t]+)\S/.exec(text);
  return m ? m[1] : '';
}
