import { scanSync } from '../parse/pg-query';
import { clipBytes } from '../parse/ast';
import type { Statement } from '../parse/parser';
import { statementTokens } from './tokens';
import { defineRule, type Report, type RuleContext } from './types';

/** NAMEDATALEN − 1: the longest name PostgreSQL keeps, in bytes. */
const MAX_BYTES = 63;

export default defineRule({
  id: 'identifier-too-long',
  category: 'safety',
  defaultSeverity: 'error',
  docs: {
    summary: 'Identifier longer than 63 bytes: PostgreSQL silently truncates it.',
    why: 'Names are limited to 63 **bytes** (not characters: `é` takes 2, most CJK characters 3, an emoji 4). PostgreSQL cuts longer names with only a NOTICE, so the object gets a different name than the migration says: code and later migrations that look it up by the full name (in `pg_indexes`, `to_regclass`, an ORM) do not find it, two long names sharing their first 63 bytes collide (`already exists`, or `IF NOT EXISTS` silently skips the second), and `DROP … IF EXISTS` with the full name may hit or miss unexpectedly.',
    instead: 'Choose a name of at most 63 bytes (count bytes for non-ASCII names).',
    bad: 'CREATE TABLE customer_subscription_invoice_adjustments_by_billing_period_and_region (id bigint PRIMARY KEY);',
    good: 'CREATE TABLE invoice_adjustments_by_period_region (id bigint PRIMARY KEY);',
  },
  checkFile(ctx) {
    const reports: Report[] = [];
    for (const top of ctx.file.statements) {
      reports.push(...longIdentifiers(ctx, top));
      // Function and DO bodies are strings at the top level: scan their statements where they were located.
      for (const inner of top.nested) if (inner.start !== top.start || inner.end !== top.end) reports.push(...longIdentifiers(ctx, inner));
    }
    return reports;
  },
});

interface Token {
  start: number;
  end: number;
  text: string;
  tokenName: string;
}

function longIdentifiers(ctx: RuleContext, stmt: Statement): Report[] {
  if (!mayHoldLongName(ctx, stmt)) return [];
  const text = ctx.textOf(stmt);
  let tokens: Token[];
  try {
    tokens = scanSync(text).tokens as Token[];
  } catch {
    return []; // unscannable text already carries a syntax error
  }
  const base = ctx.file.bytes.toByte(stmt.start);
  const out: Report[] = [];
  for (const t of tokens) {
    if (t.tokenName !== 'IDENT') continue;
    const quoted = t.text.startsWith('"');
    const name = quoted ? t.text.slice(1, -1).replace(/""/g, '"') : t.text.replace(/[A-Z]+/g, (m) => m.toLowerCase());
    const bytes = Buffer.byteLength(name, 'utf8');
    if (bytes <= MAX_BYTES) continue;
    const kept = clipBytes(name, MAX_BYTES);
    const start = ctx.file.bytes.toUtf16(base + t.start);
    const end = ctx.file.bytes.toUtf16(base + t.end);
    out.push({
      start,
      end,
      message: `Identifier is ${bytes} bytes; PostgreSQL keeps only ${MAX_BYTES} and silently renames it to "${kept}".`,
      fixes: [{ title: `Shorten to the ${MAX_BYTES}-byte name PostgreSQL stores`, edits: [{ start, end, newText: quoted ? `"${kept.replace(/"/g, '""')}"` : kept }] }],
    });
  }
  return out;
}

/**
 * Cheap pre-check so that only statements with a long word or quoted name are scanned. A UTF-16
 * unit is at most 3 UTF-8 bytes, so a name over 63 bytes has at least 22 units: plain character
 * classes find those candidates far faster than Unicode property escapes. The pattern also matches
 * from the closing quote of one name to the opening quote of the next (`"id" TEXT NOT NULL,
 * "email"`: most Prisma statements), so a match is confirmed on the statement's tokens, which
 * pair the quotes, before the parser's scanner runs. A word is tried from its first character
 * only (the lookbehind): tried from every character, a word too short cost as many tries as it
 * has characters, each reading the rest of the word.
 */
const LONG_CANDIDATE = /"(?:[^"]|""){22,}"|(?<![\w$\u0080-\uffff])[\w$\u0080-\uffff]{22,}/g;
function mayHoldLongName(ctx: RuleContext, stmt: Statement): boolean {
  if (!isLong(ctx.textOf(stmt).matchAll(LONG_CANDIDATE), (m) => m[0])) return false;
  return isLong(statementTokens(ctx, stmt), (t) => (t.end - t.start < 22 || isStringConstant(ctx.file.text, t.start) ? '' : ctx.file.text.slice(t.start, t.end)));
}

/**
 * A token that is a string, never a name: '…', $$…$$ or $tag$…$tag$ (a function body), E'…',
 * B'…', X'…', N'…', U&'…'. Function bodies and long COMMENT texts made nearly every statement
 * holding one go through the parser's scanner (3 % of the real-history corpus run, profile).
 */
function isStringConstant(text: string, start: number): boolean {
  const c = text[start];
  if (c === "'" || c === '$') return true;
  if (/[EeBbXxNn]/.test(c)) return text[start + 1] === "'";
  return (c === 'U' || c === 'u') && text[start + 1] === '&' && text[start + 2] === "'";
}

function isLong<T>(candidates: Iterable<T>, textOf: (c: T) => string): boolean {
  for (const c of candidates) if (Buffer.byteLength(textOf(c), 'utf8') > MAX_BYTES) return true;
  return false;
}
