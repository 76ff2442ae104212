/**
 * The migration header block (the team's intent block): the comment lines before the first statement,
 * read as a title line and `Key: value` fields, each with its position for precise
 * diagnostics and fixes.
 */
import type { ParsedFile } from '../parse/parser';

interface HeaderLine {
  /** UTF-16 offsets of the comment line's text after its `--` marker. */
  start: number;
  end: number;
  text: string;
}

interface HeaderField {
  /** The key as written (`DATA RISK`). */
  key: string;
  value: string;
  /** Offsets of the value (after `Key: `). */
  valueStart: number;
  valueEnd: number;
  line: HeaderLine;
}

export interface Header {
  lines: HeaderLine[];
  title?: HeaderLine;
  fields: HeaderField[];
  /** Where a missing field line can be inserted: the start of the closing rule line, or after the last line. */
  insertAt: number;
}

const FIELD = /^([A-Za-z][A-Za-z -]*?)\s*:\s*(.*)$/;
const RULE_LINE = /^[=\-*#~_]{3,}$/;

/** Comment lines before the first statement, or undefined when there are none. */
export function readHeader(file: ParsedFile): Header | undefined {
  const firstStmt = file.statements[0]?.start ?? file.text.length;
  const lines: HeaderLine[] = [];
  for (const c of file.comments) {
    if (c.start >= firstStmt) break;
    lines.push(...commentLines(file.text, c.start, c.end, c.block));
  }
  if (lines.length === 0) return undefined;
  const fields: HeaderField[] = [];
  let title: HeaderLine | undefined;
  for (const line of lines) {
    if (RULE_LINE.test(line.text) || !line.text) continue;
    const m = FIELD.exec(line.text);
    if (m && !/ [—–] /.test(line.text)) {
      const valueStart = line.start + line.text.length - m[2].length;
      fields.push({ key: m[1], value: m[2].trim(), valueStart, valueEnd: valueStart + m[2].trimEnd().length, line });
    } else title ??= line;
  }
  const last = lines[lines.length - 1];
  const closing = [...lines].reverse().find((l) => RULE_LINE.test(l.text));
  const lineStartOf = (offset: number) => file.text.lastIndexOf('\n', offset - 1) + 1;
  const insertAt = closing && closing !== lines[0] ? lineStartOf(closing.start) : nextLineStart(file.text, last.end);
  return { lines, title, fields, insertAt };
}

/** A header's structure: a `Key: value` field line or a rule line (`-----`), as readHeader reads them. */
export function isHeaderStructure(line: string): boolean {
  const t = line.trim();
  return RULE_LINE.test(t) || (FIELD.test(t) && !/ [—–] /.test(t));
}

function nextLineStart(text: string, offset: number): number {
  const nl = text.indexOf('\n', offset);
  return nl < 0 ? text.length : nl + 1;
}

/** Splits a comment into lines without their `--`, `/*` or leading `*` markers. */
function commentLines(text: string, start: number, end: number, block: boolean): HeaderLine[] {
  const out: HeaderLine[] = [];
  let pos = start;
  for (const raw of text.slice(start, end).split('\n')) {
    const marker = block ? /^\s*(\/\*+|\*+(?!\/))?\s*/.exec(raw) : /^\s*--+\s*/.exec(raw);
    const skip = marker?.[0].length ?? 0;
    let body = raw.slice(skip).replace(/\r$/, '');
    if (block) body = body.replace(/\s*\*+\/\s*$/, '');
    const trimmed = body.trimEnd();
    out.push({ start: pos + skip, end: pos + skip + trimmed.length, text: trimmed });
    pos += raw.length + 1;
  }
  return out;
}

export function field(header: Header | undefined, key: string): HeaderField | undefined {
  const k = key.toLowerCase();
  return header?.fields.find((f) => f.key.toLowerCase() === k);
}

/** `<why this migration exists>` and similar template placeholders left unfilled. */
export function isPlaceholder(value: string): boolean {
  return /^<[^>]*>$/.test(value.trim()) || value.trim() === '';
}

/** The migration's own name: a Prisma folder name, or the file name without `.sql` / `.up.sql`. */
export function migrationNameOf(path: string): string {
  const parts = path.replace(/\\/g, '/').split('/');
  const base = parts[parts.length - 1] ?? '';
  if (base === 'migration.sql' && parts.length > 1) return parts[parts.length - 2];
  return base.replace(/(\.(up|down))?\.sql$/i, '');
}

/** Whether the comments anywhere in the file contain a `DANGEROUS CHANGE REVIEW` section. */
export function hasDangerousReview(file: ParsedFile): boolean {
  return file.comments.some((c) => /DANGEROUS CHANGE REVIEW/.test(c.body));
}

export function declaresDangerous(header: Header | undefined): boolean {
  return /dangerous/i.test(field(header, 'Type')?.value ?? '');
}
