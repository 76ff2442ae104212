/**
 * Up and down sections of one migration file (goose, dbmate): where each section starts and ends
 * in the real file, its transaction option, the statements goose sends, and the problems the tool
 * itself would refuse the file for. `conventions/sections.ts` turns sections into the text of one
 * direction with the file's offsets. All offsets are UTF-16 offsets into the file text.
 */
import type { FileSection } from './conventions/types';

type SectionRole = 'up' | 'down';

interface Section {
  role: SectionRole;
  /** Start of the directive line (`-- +goose Up`, `-- migrate:down`). */
  start: number;
  /** End of the section: the next directive line's start, or the end of the file. */
  end: number;
  /** End of the directive line (before its line break). */
  directiveEnd: number;
  /** Whether the runner wraps this section in a transaction. */
  transaction: boolean;
  /** goose only: the statements goose sends one by one (it splits at lines ending in `;` outside StatementBegin/End). */
  chunks?: GooseChunk[];
}

interface GooseChunk {
  start: number;
  end: number;
  /** Offset of the `;` goose ended the statement at; absent for a StatementBegin/End block. */
  semicolon?: number;
}

interface SectionProblem {
  message: string;
  start: number;
  end: number;
}

export interface SectionedFile {
  sections: Section[];
  /** Reasons the tool would refuse to run this file, with the offending range. */
  problems: SectionProblem[];
  /** goose: `-- +goose NO TRANSACTION` somewhere in the file (it applies to both directions). */
  noTransaction?: boolean;
}

interface Line {
  /** Offset of the line's first character. */
  start: number;
  /** Offset after the line's last character, before `\r?\n`. */
  end: number;
  text: string;
}

function linesOf(text: string): Line[] {
  const out: Line[] = [];
  let start = 0;
  for (;;) {
    const nl = text.indexOf('\n', start);
    const stop = nl === -1 ? text.length : nl;
    const end = stop > start && text.charCodeAt(stop - 1) === 13 ? stop - 1 : stop;
    out.push({ start, end, text: text.slice(start, end) });
    if (nl === -1) return out;
    start = nl + 1;
  }
}

// ---------------------------------------------------------------------------------------------
// goose. Every rule below follows internal/sqlparser/parser.go of pressly/goose (ParseSQLMigration,
// extractAnnotation, endsWithSemicolon): annotations are lines whose trimmed text starts with `--`
// and contains `+goose`, matched case-insensitively; the file must open with `-- +goose Up` (blank
// and comment lines may come first); README: "By default, all migrations are run within a
// transaction … `-- +goose NO TRANSACTION` … Both Up and Down migrations within this file will be
// run without transactions."
// ---------------------------------------------------------------------------------------------

const GOOSE_ANNOTATIONS = ['Up', 'Down', 'StatementBegin', 'StatementEnd', 'NO TRANSACTION', 'ENVSUB ON', 'ENVSUB OFF'] as const;
type GooseAnnotation = (typeof GOOSE_ANNOTATIONS)[number];

/** goose's annotation on this line, `undefined` for an ordinary line, or an error message. */
export function gooseAnnotation(line: string): GooseAnnotation | { error: string } | undefined {
  if (!line.trim().startsWith('--') || !line.includes('+goose')) return undefined;
  if (/^[ \t]/.test(line)) return { error: 'goose annotations must start at the beginning of the line (goose refuses leading whitespace)' };
  let cmd = line.split('--').join('').replace('+goose', '');
  if (cmd.includes('+goose')) return { error: 'one goose annotation per line' };
  cmd = cmd.trim();
  if (!cmd) return { error: 'empty goose annotation' };
  const hit = GOOSE_ANNOTATIONS.find((a) => a.toLowerCase() === cmd.toLowerCase());
  return hit ?? { error: `unknown goose annotation "${cmd}" (goose knows ${GOOSE_ANNOTATIONS.join(', ')})` };
}

/** goose's endsWithSemicolon: the last word before a `--` word ends with `;`. Returns that `;`'s index in the line, or -1. */
function gooseSemicolon(line: string): number {
  let prev: RegExpExecArray | undefined;
  for (const word of line.matchAll(/\S+/g)) {
    if (word[0].startsWith('--')) break;
    prev = word as RegExpExecArray;
  }
  return prev && prev[0].endsWith(';') ? prev.index + prev[0].length - 1 : -1;
}

export function splitGoose(text: string): SectionedFile {
  const lines = linesOf(text);
  const sections: Section[] = [];
  const problems: SectionProblem[] = [];
  let noTransaction = false;
  type State = 'start' | 'up' | 'down';
  let state: State = 'start';
  let inBlock = false;
  let blockLine: Line | undefined;
  /** Start of the statement goose is collecting, when its buffer is not empty. */
  let pending: number | undefined;
  let lastEnd = 0;
  const current = () => sections[sections.length - 1];
  const endChunk = (end: number, semicolon?: number) => {
    if (pending !== undefined) current()?.chunks?.push(semicolon === undefined ? { start: pending, end } : { start: pending, end, semicolon });
    pending = undefined;
  };
  const unfinished = () => {
    if (pending !== undefined) problems.push({ message: 'goose: statement not ended by a line ending in ";" (goose would fail with "missing semicolon?")', start: pending, end: lastEnd });
    pending = undefined;
  };

  for (const line of lines) {
    if (state === 'start' && line.text.trim() === '') continue;
    const a = gooseAnnotation(line.text);
    if (a !== undefined) {
      if (typeof a === 'object') {
        problems.push({ message: `goose: ${a.error}`, start: line.start, end: line.end });
        continue;
      }
      if (a === 'Up') {
        if (state !== 'start') problems.push({ message: 'goose: duplicate "-- +goose Up" annotation', start: line.start, end: line.end });
        else {
          state = 'up';
          sections.push({ role: 'up', start: line.start, end: text.length, directiveEnd: line.end, transaction: true, chunks: [] });
        }
        continue;
      }
      if (a === 'Down') {
        if (state !== 'up' || inBlock) {
          problems.push({ message: state === 'start' ? 'goose: "-- +goose Down" before "-- +goose Up" (the file must start with "-- +goose Up")' : inBlock ? 'goose: "-- +goose Down" inside a StatementBegin/StatementEnd block' : 'goose: duplicate "-- +goose Down" annotation', start: line.start, end: line.end });
          continue;
        }
        unfinished();
        current().end = line.start;
        state = 'down';
        sections.push({ role: 'down', start: line.start, end: text.length, directiveEnd: line.end, transaction: true, chunks: [] });
        continue;
      }
      if (a === 'StatementBegin') {
        if (state === 'start' || inBlock) problems.push({ message: state === 'start' ? 'goose: "-- +goose StatementBegin" must come after "-- +goose Up" or "-- +goose Down"' : 'goose: StatementBegin inside another StatementBegin block', start: line.start, end: line.end });
        else {
          inBlock = true;
          blockLine = line;
        }
        continue;
      }
      if (a === 'StatementEnd') {
        if (!inBlock) problems.push({ message: 'goose: "-- +goose StatementEnd" without "-- +goose StatementBegin"', start: line.start, end: line.end });
        else {
          inBlock = false;
          endChunk(lastEnd);
        }
        continue;
      }
      if (a === 'NO TRANSACTION') noTransaction = true;
      continue;
    }
    if (pending === undefined && (line.text.trim().startsWith('--') || line.text === '')) continue;
    if (state === 'start') {
      problems.push({ message: 'goose: SQL before "-- +goose Up" (a goose migration must start with "-- +goose Up")', start: line.start, end: line.end });
      continue;
    }
    if (pending === undefined) {
      if (line.text.trim() === '') continue; // goose keeps blank lines in its buffer, but they never start a statement
      pending = line.start + (line.text.length - line.text.trimStart().length);
    }
    lastEnd = line.end;
    const semi = inBlock ? -1 : gooseSemicolon(line.text);
    if (semi >= 0) endChunk(line.end, line.start + semi);
  }
  if (state === 'start') problems.push({ message: 'goose: no "-- +goose Up" annotation (goose refuses the file)', start: 0, end: lines[0]?.end ?? 0 });
  if (inBlock && blockLine) problems.push({ message: 'goose: "-- +goose StatementBegin" without "-- +goose StatementEnd"', start: blockLine.start, end: blockLine.end });
  else unfinished();
  if (noTransaction) for (const s of sections) s.transaction = false;
  return { sections, problems, noTransaction };
}

// ---------------------------------------------------------------------------------------------
// dbmate. pkg/dbmate/migration.go of amacneil/dbmate: upRegExp `(?m)^--\s*migrate:up(\s*$|\s+\S+)`
// (down alike); an up block and a down block are required, up first; nothing but blank and comment
// lines before the first up; several up/down pairs may share a file; options such as
// `transaction:false` follow the directive on its line ("transaction will default to true").
// ---------------------------------------------------------------------------------------------

const DBMATE_DIRECTIVE = /^--\s*migrate:(up|down)(?=\s*$|\s+\S)(.*)$/;

/** `key:value` options after a dbmate directive (parseMigrationOptions: pairs split on whitespace, kept when they have exactly one `:`). */
export function dbmateOptions(directiveLine: string): Record<string, string> {
  const rest = directiveLine.replace(/^--\s*migrate:(up|down)/, '').trim();
  const out: Record<string, string> = {};
  if (!rest) return out;
  for (const pair of rest.split(/\s+/)) {
    const kv = pair.split(':');
    if (kv.length === 2) out[kv[0]] = kv[1];
  }
  return out;
}

export function splitDbmate(text: string): SectionedFile {
  const lines = linesOf(text);
  const sections: Section[] = [];
  const problems: SectionProblem[] = [];
  for (const line of lines) {
    // Go's `\s*$` under (?m) also accepts the `\r` of a CRLF line.
    const m = DBMATE_DIRECTIVE.exec(line.text);
    if (!m) {
      if (sections.length === 0 && line.text.trim() !== '' && !/^\s*--/.test(line.text)) {
        problems.push({ message: 'dbmate: SQL before the first "-- migrate:up" (dbmate does not support statements preceding the up block)', start: line.start, end: line.end });
      }
      continue;
    }
    const role = m[1] as SectionRole;
    const prev = sections[sections.length - 1];
    if (prev) prev.end = line.start;
    if (role === 'down' && (!prev || prev.role === 'down')) {
      problems.push({
        message: prev ? 'dbmate: a second "-- migrate:down" for one "-- migrate:up" (each down needs its own up)' : 'dbmate: "-- migrate:down" before "-- migrate:up" (dbmate requires the up block first)',
        start: line.start,
        end: line.end,
      });
    }
    sections.push({ role, start: line.start, end: text.length, directiveEnd: line.end, transaction: dbmateOptions(line.text).transaction !== 'false' });
  }
  if (!sections.some((s) => s.role === 'up')) {
    problems.push({ message: 'dbmate: no "-- migrate:up" block (dbmate requires each migration to define one)', start: 0, end: lines[0]?.end ?? 0 });
  } else {
    sections.forEach((s, i) => {
      if (s.role === 'up' && sections[i + 1]?.role !== 'down') {
        problems.push({ message: 'dbmate: no "-- migrate:down" block after this "-- migrate:up" (dbmate requires one, even if empty)', start: s.start, end: s.directiveEnd });
      }
    });
  }
  return { sections, problems };
}

/**
 * Statements goose would cut in two: a line ending in `;` inside a statement (a PL/pgSQL body,
 * a multi-line string) ends goose's statement there unless StatementBegin/End surround it.
 * `statements` are the parsed statements' ranges (end excludes the semicolon).
 */
export function gooseCuts(file: SectionedFile, statements: ReadonlyArray<{ start: number; end: number }>): Array<{ start: number; end: number; cutAt: number }> {
  const out: Array<{ start: number; end: number; cutAt: number }> = [];
  for (const s of file.sections) {
    for (const c of s.chunks ?? []) {
      if (c.semicolon === undefined) continue;
      const inside = statements.find((st) => st.start < c.semicolon! && c.semicolon! < st.end);
      if (inside && !out.some((o) => o.start === inside.start)) out.push({ start: inside.start, end: inside.end, cutAt: c.semicolon });
    }
  }
  return out;
}

/** The sections as convention modules declare them (conventions/types.ts FileSection). */
export function fileSections(file: SectionedFile): FileSection[] {
  return file.sections.map((s) => (s.transaction ? { role: s.role, start: s.start, end: s.end } : { role: s.role, start: s.start, end: s.end, transaction: 'none' as const }));
}
