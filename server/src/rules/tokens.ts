/**
 * Tokens of one statement, for rules that must place an edit where the AST has no location
 * (ALTER TABLE subcommands, DROP keywords, the end of an INSERT's rows). A small scanner in
 * JavaScript: libpg_query's scanSync costs about 0.2 ms a statement, too slow for 10k-line files.
 */
import { scanSync } from '../parse/pg-query';
import type { AlterTableCmd, RangeVar } from '@pgsql/types';
import { unwrap } from '../parse/ast';
import type { Statement, StatementOf } from '../parse/parser';
import { hasOwnRange } from './fixes';
import type { RuleContext } from './types';

export interface Token {
  /** UTF-16 offsets in the file. */
  start: number;
  end: number;
  /** The token's text, upper-cased (keywords compare without caring about case). */
  upper: string;
  /** Nesting depth in parentheses and brackets at this token (the bracket itself counts outside). */
  depth: number;
}

const cache = new WeakMap<Statement, Token[]>();

/** Tokens of a statement without comments; empty when the statement has no range of its own. */
export function statementTokens(ctx: RuleContext, stmt: Statement): Token[] {
  let tokens = cache.get(stmt);
  if (!tokens) {
    tokens = hasOwnRange(stmt) ? scan(ctx.file.text, stmt.start, stmt.end) : [];
    cache.set(stmt, tokens);
  }
  return tokens;
}

const WORD = /[A-Za-z_\u0080-\uffff][A-Za-z0-9_$\u0080-\uffff]*/y;
const NUMBER = /[0-9][0-9_]*(?:\.[0-9_]*)?(?:[eE][+-]?[0-9]+)?/y;
const DOLLAR = /\$(?:[0-9]+|(?:[A-Za-z_\u0080-\uffff][A-Za-z0-9_\u0080-\uffff]*)?\$)/y;
const OPERATOR = /[+\-*/<>=~!@#%^&|`?]+/y;
const SINGLE = new Set(['(', ')', '[', ']', ',', ';', '.', ':']);

/** End of the match of a sticky regex at `at`, or -1. */
function matchEnd(re: RegExp, text: string, at: number): number {
  re.lastIndex = at;
  return re.test(text) ? re.lastIndex : -1;
}

/** Splits `text[from, to)` into tokens; strings, quoted names and dollar bodies are single tokens. */
export function scan(text: string, from: number, to: number): Token[] {
  const out: Token[] = [];
  scanEach(text, from, to, (start, end, depth) => out.push({ start, end, upper: text.slice(start, end).toUpperCase(), depth }));
  return out;
}

/** The tokens of `text[from, to)` as scan splits it, each told to `visit` in order, without an object per token. */
export function scanEach(text: string, from: number, to: number, visit: (start: number, end: number, depth: number) => void): void {
  let depth = 0;
  let i = from;
  while (i < to) {
    const c = text[i];
    const code = text.charCodeAt(i);
    if (code <= 32 || code === 0xa0) {
      i++;
      continue;
    }
    if (c === '-' && text[i + 1] === '-') {
      const nl = text.indexOf('\n', i);
      i = nl < 0 ? to : nl + 1;
      continue;
    }
    if (c === '/' && text[i + 1] === '*') {
      i = blockCommentEnd(text, i, to);
      continue;
    }
    let end: number;
    if (c === "'") end = quotedEnd(text, i, to, "'", isEscapePrefix(text, i));
    else if (c === '"') end = quotedEnd(text, i, to, '"', false);
    else if (c === '$') end = dollarEnd(text, i, to);
    else if (SINGLE.has(c)) end = i + 1;
    else {
      end = matchEnd(WORD, text, i);
      if (end < 0) end = matchEnd(NUMBER, text, i);
      if (end < 0) end = Math.max(matchEnd(OPERATOR, text, i), i + 1);
    }
    end = Math.min(end, to);
    if (c === ')' || c === ']') depth = Math.max(0, depth - 1);
    visit(i, end, depth);
    if (c === '(' || c === '[') depth++;
    i = end;
  }
}

/** `E'…'`: a string whose backslashes escape. */
function isEscapePrefix(text: string, quoteAt: number): boolean {
  return (text[quoteAt - 1] === 'E' || text[quoteAt - 1] === 'e') && !/[A-Za-z0-9_$]/.test(text[quoteAt - 2] ?? '');
}

/** `$1` parameters and `$tag$ … $tag$` bodies. */
function dollarEnd(text: string, at: number, to: number): number {
  const tagEnd = matchEnd(DOLLAR, text, at);
  if (tagEnd < 0) return at + 1;
  if (text[tagEnd - 1] !== '$') return tagEnd;
  const close = text.indexOf(text.slice(at, tagEnd), tagEnd);
  return close < 0 ? to : close + (tagEnd - at);
}

/** End of a '…' or "…" token; doubled quotes (and backslashes in E'' strings) escape. */
function quotedEnd(text: string, at: number, to: number, quote: string, backslashes: boolean): number {
  for (let i = at + 1; i < to; i++) {
    if (backslashes && text[i] === '\\') i++;
    else if (text[i] === quote) {
      if (text[i + 1] !== quote) return i + 1;
      i++;
    }
  }
  return to;
}

/** End of a (nestable) block comment. */
function blockCommentEnd(text: string, at: number, to: number): number {
  let nest = 0;
  for (let i = at; i < to; i++) {
    if (text.startsWith('/*', i)) {
      nest++;
      i++;
    } else if (text.startsWith('*/', i)) {
      nest--;
      i++;
      if (nest === 0) return i + 1;
    }
  }
  return to;
}

interface AlterCommand {
  /** The `AlterTableCmd` node (undefined only for a list item of another kind, which the parser never gives). */
  cmd: AlterTableCmd | undefined;
  index: number;
  /** Its tokens; empty when they could not be lined up with the AST. Scanned on first use. */
  readonly tokens: Token[];
  /** Its range in the file (the whole statement when the tokens are unknown). */
  readonly start: number;
  readonly end: number;
}

/** The subcommands of an ALTER TABLE; tokens and ranges are computed only when a rule reads them. */
export function alterTableSubcommands(ctx: RuleContext, stmt: StatementOf<'AlterTableStmt'>): AlterCommand[] {
  let runs: Token[][] | undefined | null = null;
  const runOf = (index: number): Token[] => {
    if (runs === null) runs = alterTableCommands(ctx, stmt);
    return runs?.[index] ?? [];
  };
  return (stmt.node.cmds ?? []).map((c, index) => ({
    cmd: unwrap(c, 'AlterTableCmd'),
    index,
    get tokens() {
      return runOf(index);
    },
    get start() {
      return runOf(index)[0]?.start ?? stmt.start;
    },
    get end() {
      const run = runOf(index);
      return run[run.length - 1]?.end ?? stmt.end;
    },
  }));
}

/** Tokens of each subcommand (split at top-level commas after the table name), or undefined when they do not line up. */
export function alterTableCommands(ctx: RuleContext, stmt: Statement): Token[][] | undefined {
  if (stmt.kind !== 'AlterTableStmt') return undefined;
  const tokens = statementTokens(ctx, stmt);
  const relAt = ctx.offsetOf(stmt, stmt.node.relation?.location ?? -1);
  let i = tokens.findIndex((t) => t.start === relAt);
  if (i < 0) return undefined;
  // Skip the rest of the table name: `schema . table` and an inheritance `*`.
  for (i++; tokens[i]?.upper === '.'; i += 2);
  if (tokens[i]?.upper === '*') i++;
  const runs: Token[][] = [[]];
  for (; i < tokens.length; i++) {
    if (tokens[i].depth === 0 && tokens[i].upper === ',') runs.push([]);
    else runs[runs.length - 1].push(tokens[i]);
  }
  return runs.length === (stmt.node.cmds ?? []).length ? runs : undefined;
}

/** The first token at or after `from` with one of the given texts at the top nesting level. */
export function findToken(tokens: Token[], texts: string[], from = 0): number {
  for (let i = from; i < tokens.length; i++) if (tokens[i].depth === 0 && texts.includes(tokens[i].upper)) return i;
  return -1;
}

const bareNames = new Map<string, boolean>();

/** An identifier as SQL must spell it: bare when PostgreSQL would fold it to itself, quoted otherwise. */
export function quoteIdent(name: string): string {
  return isBareName(name) ? name : `"${name.replace(/"/g, '""')}"`;
}

function isBareName(name: string): boolean {
  if (!/^[a-z_][a-z0-9_$]*$/.test(name)) return false;
  let bare = bareNames.get(name);
  if (bare === undefined) {
    try {
      // Unreserved and column-name keywords are valid as names; type/function-name and reserved ones are not.
      const [tok] = scanSync(name).tokens;
      bare = !!tok && tok.keywordKind <= 2;
    } catch {
      bare = false;
    }
    if (bareNames.size > 10_000) bareNames.clear();
    bareNames.set(name, bare);
  }
  return bare;
}

/** A qualified name from its parts (`['app', 'users']` → `app.users`), each part quoted as needed. */
function quoteQualified(parts: string[]): string {
  return parts.map(quoteIdent).join('.');
}

/** A RangeVar (`{schemaname?, relname}`) as SQL must spell it. */
export function quoteRelation(rv: RangeVar | undefined): string {
  const relname = rv?.relname ?? '';
  return quoteQualified(rv?.schemaname ? [rv.schemaname, relname] : [relname]);
}
