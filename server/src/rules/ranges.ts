/**
 * Where a finding is shown. Rules name what they are about (an AST node, or nothing for the
 * whole statement) and the engine turns that into a range here, so every rule places its
 * findings the same way: an ALTER TABLE subcommand is underlined from its first to its last
 * token, any other node with a `location` (a column definition, a table constraint, an index
 * parameter…) up to the end of its list element, and a whole statement by its head (its first
 * line), with the full statement kept as related information. Byte `location`s become UTF-16
 * offsets through the file's ByteMap (parse/offsets.ts), so ranges are exact on non-ASCII lines.
 */
import { unwrap } from '../parse/ast';
import type { Statement } from '../parse/parser';
import { hasOwnRange } from './fixes';
import { alterTableCommands, statementTokens } from './tokens';
import type { RuleContext } from './types';

interface Span {
  start: number;
  end: number;
}

/**
 * The range of `node` inside `stmt`, or undefined when it cannot be placed exactly (no own
 * text, no location, tokens that do not line up with the AST).
 */
export function nodeRange(ctx: RuleContext, stmt: Statement, node: object | undefined): Span | undefined {
  if (!node || typeof node !== 'object' || !hasOwnRange(stmt)) return undefined;
  if (stmt.kind === 'AlterTableStmt') {
    // The subcommand itself, or its definition (`ADD COLUMN`'s ColumnDef, `ADD`'s Constraint…).
    const index = (stmt.node.cmds ?? []).findIndex((c) => {
      const cmd = unwrap(c, 'AlterTableCmd');
      return cmd && (cmd === node || (cmd.def && Object.values(cmd.def)[0] === node));
    });
    const run = index >= 0 ? alterTableCommands(ctx, stmt)?.[index] : undefined;
    if (run && run.length > 0) return { start: run[0].start, end: run[run.length - 1].end };
  }
  const location = 'location' in node ? node.location : undefined;
  if (typeof location !== 'number' || location < 0) return undefined;
  const start = ctx.offsetOf(stmt, location);
  const tokens = statementTokens(ctx, stmt);
  const first = tokens.findIndex((t) => t.start === start);
  if (first < 0) return undefined;
  // Up to the comma that ends this element of its list, the bracket that closes the list, or the statement's end.
  const depth = tokens[first].depth;
  let last = first;
  for (let i = first + 1; i < tokens.length; i++) {
    const t = tokens[i];
    if (t.depth < depth || (t.depth === depth && (t.upper === ',' || t.upper === ';'))) break;
    last = i;
  }
  return { start, end: tokens[last].end };
}

/**
 * The head of a statement: from its first character to the end of its first line (without
 * trailing blanks or a trailing comment). A one-line statement is its own head.
 */
export function headRange(ctx: RuleContext, stmt: Statement): Span {
  const text = ctx.file.text;
  const newline = text.indexOf('\n', stmt.start);
  const lineEnd = newline < 0 || newline >= stmt.end ? stmt.end : newline;
  if (lineEnd === stmt.end) return { start: stmt.start, end: stmt.end };
  let end = stmt.start;
  for (const t of statementTokens(ctx, stmt)) {
    if (t.start >= lineEnd) break;
    end = Math.min(t.end, lineEnd);
  }
  while (end > stmt.start && /\s/.test(text[end - 1])) end--;
  return { start: stmt.start, end: Math.max(end, Math.min(stmt.start + 1, stmt.end)) };
}
