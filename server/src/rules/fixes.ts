/** Shared building blocks for rule fixes, so rules do not each re-implement text surgery. */
import type { Statement } from '../parse/parser';
import type { Edit, Fix, RuleContext } from './types';

/**
 * Inserts `insert` right after the leading keywords of a statement matched by `pattern`
 * (anchored at the statement start), e.g. ` IF NOT EXISTS` after `CREATE TABLE`.
 */
export function insertAfterPrefix(ctx: RuleContext, stmt: Statement, pattern: RegExp, insert: string): Edit | undefined {
  const m = new RegExp(`^(?:${pattern.source})`, pattern.flags.replace('g', '')).exec(ctx.textOf(stmt));
  if (!m) return undefined;
  const at = stmt.start + m[0].length;
  return { start: at, end: at, newText: insert };
}

export function fix(title: string, ...edits: (Edit | undefined)[]): Fix[] {
  const real = edits.filter((e): e is Edit => e !== undefined);
  return real.length === edits.length && real.length > 0 ? [{ title, edits: real }] : [];
}

/** Inserts a full line of SQL before a statement, with the statement's indentation. */
export function insertLineBefore(ctx: RuleContext, stmt: Statement, line: string): Edit {
  const text = ctx.file.text;
  const lineStart = text.lastIndexOf('\n', stmt.start - 1) + 1;
  const indent = /^[ \t]*/.exec(text.slice(lineStart, stmt.start))?.[0] ?? '';
  return { start: lineStart, end: lineStart, newText: `${indent}${line}\n` };
}
