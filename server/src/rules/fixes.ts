/** Shared building blocks for rule fixes, so rules do not each re-implement text surgery. */
import type { Statement } from '../parse/parser';
import { isHeaderStructure } from '../header/parse';
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

/**
 * Comments that are not a statement's own even when written right above it: runner directives
 * (goose `-- +goose Up`, dbmate `-- migrate:up`, Drizzle `--> statement-breakpoint`, graphile-migrate
 * `--! Previous:`) and file-wide suppressions. A line inserted before the statement stays below them.
 */
const NOT_OWN_COMMENT = /^(?:\+goose\b|migrate:|>|!|lens-ignore-file\b|squawk-ignore-file\b)/i;

/**
 * Where a line inserted before `stmt` goes: the start of its line, moved above the comment lines
 * that belong to it (written directly above it, no blank line between: Prisma's `-- CreateEnum`,
 * a `-- lens-ignore` for it, a note), so that the insertion never separates a statement from its
 * comment. Directives and, above the first statement, the header's fields and rule lines stay above.
 */
export function lineStartBefore(ctx: RuleContext, stmt: Statement): number {
  const text = ctx.file.text;
  const lineStartOf = (offset: number) => text.lastIndexOf('\n', offset - 1) + 1;
  let at = lineStartOf(stmt.start);
  if (!/^[ \t]*$/.test(text.slice(at, stmt.start))) return at;
  const first = ctx.file.statements[0] === stmt;
  const comments = stmt.leadingComments;
  for (let i = comments.length - 1; i >= 0; i--) {
    const c = comments[i];
    const start = lineStartOf(c.start);
    // Directly above: it starts its line and only one line break separates it from what follows.
    if (!/^[ \t]*$/.test(text.slice(start, c.start)) || !/^[ \t]*(?:\r?\n)?$/.test(text.slice(c.end, at))) break;
    if (c.block ? c.body.split('\n').some((l) => NOT_OWN_COMMENT.test(l.trim())) : NOT_OWN_COMMENT.test(c.body)) break;
    if (first && c.body.split('\n').some((l) => isHeaderStructure(l.replace(/^\s*\*+/, '')))) break;
    at = start;
  }
  return at;
}

/** Inserts a full line of SQL before a statement (above its own comments), with the statement's indentation. */
export function insertLineBefore(ctx: RuleContext, stmt: Statement, line: string): Edit {
  const text = ctx.file.text;
  const lineStart = text.lastIndexOf('\n', stmt.start - 1) + 1;
  const indent = /^[ \t]*/.exec(text.slice(lineStart, stmt.start))?.[0] ?? '';
  const at = lineStartBefore(ctx, stmt);
  return { start: at, end: at, newText: `${line.replace(/^/gm, indent)}\n` };
}

/** Offset just past a statement's terminating semicolon (or its end when it has none). */
export function endWithSemicolon(ctx: RuleContext, stmt: Statement): number {
  const m = /^\s*;/.exec(ctx.file.text.slice(stmt.end, stmt.end + 200));
  return m ? stmt.end + m[0].length : stmt.end;
}

/** Inserts a full line of SQL after a statement (after its semicolon, adding one when it has none). */
export function insertLineAfter(ctx: RuleContext, stmt: Statement, line: string): Edit {
  const at = endWithSemicolon(ctx, stmt);
  return { start: at, end: at, newText: `${at === stmt.end ? ';' : ''}\n${line}` };
}

/** Deletes a statement with its semicolon, and its whole line when nothing else is on it. */
export function removeStatement(ctx: RuleContext, stmt: Statement): Edit {
  const text = ctx.file.text;
  let start = stmt.start;
  let end = endWithSemicolon(ctx, stmt);
  const lineStart = text.lastIndexOf('\n', start - 1) + 1;
  const rest = /^[ \t]*(?:\r?\n|$)/.exec(text.slice(end));
  if (/^[ \t]*$/.test(text.slice(lineStart, start)) && rest) {
    start = lineStart;
    end += rest[0].length;
  } else end += /^[ \t]*/.exec(text.slice(end))![0].length;
  return { start, end, newText: '' };
}

/**
 * Whether edits may target the statement's own range. A DO-block statement whose text could
 * not be found verbatim (a quoted body with escapes) carries its parent's range instead.
 */
export function hasOwnRange(stmt: Statement): boolean {
  return !stmt.parent || stmt.start !== stmt.parent.start || stmt.end !== stmt.parent.end;
}

/** Inserts a whole statement (`sql` ends with `;`) on its own line before `stmt`. */
export function insertStatementBefore(ctx: RuleContext, stmt: Statement, sql: string): Edit | undefined {
  return hasOwnRange(stmt) ? insertLineBefore(ctx, stmt, sql) : undefined;
}

/**
 * Wraps a statement so that `condition` (a PL/pgSQL exception name such as `duplicate_object`)
 * turns it into a no-op: a DO block at top level, a nested BEGIN … EXCEPTION block inside one.
 */
export function wrapInExceptionBlock(ctx: RuleContext, stmt: Statement, condition: string): Edit | undefined {
  if (!hasOwnRange(stmt) || stmt.scope === 'function') return undefined;
  const text = ctx.file.text;
  const lineStart = text.lastIndexOf('\n', stmt.start - 1) + 1;
  const indent = /^[ \t]*/.exec(text.slice(lineStart, stmt.start))?.[0] ?? '';
  const body = ctx.textOf(stmt).trimEnd();
  const block = [`BEGIN`, `${indent}  ${body};`, `${indent}EXCEPTION WHEN ${condition} THEN NULL;`, `${indent}END`];
  if (stmt.scope === 'do') return { start: stmt.start, end: stmt.end, newText: block.join('\n') };
  let tag = '$$';
  for (let i = 0; body.includes(tag); i++) tag = `$lens${i || ''}$`;
  return { start: stmt.start, end: stmt.end, newText: [`DO ${tag}`, `${indent}${block[0]}`, ...block.slice(1), `${indent}${tag}`].join('\n') };
}

/** Inserts `insert` right after the token at `index` (e.g. ` IF EXISTS` after `DROP COLUMN`). */
export function insertAfterToken(tokens: { end: number }[], index: number, insert: string): Edit | undefined {
  const t = tokens[index];
  return t ? { start: t.end, end: t.end, newText: insert } : undefined;
}
