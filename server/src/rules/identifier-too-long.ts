import { setView } from '../navigation/checks';
import { scanSync } from '../parse/pg-query';
import { clipBytes } from '../parse/ast';
import type { Statement } from '../parse/parser';
import { statementTokens } from './tokens';
import { LineIndex } from '../parse/positions';
import { defineRule, type RelatedLocation, type Report, type RuleContext } from './types';

/**
 * NAMEDATALEN − 1: the longest name PostgreSQL keeps, in bytes. The scanner cuts every longer
 * identifier there with a NOTICE, not an error (src/backend/parser/scansup.c, truncate_identifier;
 * https://www.postgresql.org/docs/current/sql-syntax-lexical.html#SQL-SYNTAX-IDENTIFIERS).
 */
const MAX_BYTES = 63;

export default defineRule({
  id: 'identifier-too-long',
  category: 'safety',
  defaultSeverity: 'warning',
  docs: {
    summary: 'Identifier longer than 63 bytes: PostgreSQL truncates it.',
    why: 'Names are limited to 63 **bytes** (not characters: `é` takes 2, most CJK characters 3, an emoji 4). PostgreSQL cuts longer names with only a NOTICE, so the object gets a different name than the migration says. SQL that writes the full name still reaches it (every identifier is cut the same way), but code that compares names as text does not: a lookup in `pg_indexes` or `pg_constraint`, an ORM whose schema diff keeps the full name (and proposes the change again on every run). Two long names sharing their first 63 bytes collide: the second `CREATE` fails with `already exists`, or `IF NOT EXISTS` silently skips it; the finding says so when the other name is in the same file or made by an earlier migration of the set.',
    instead: 'Choose a name of at most 63 bytes (count bytes for non-ASCII names).',
    bad: 'CREATE TABLE customer_subscription_invoice_adjustments_by_billing_period_and_region (id bigint PRIMARY KEY);',
    good: 'CREATE TABLE invoice_adjustments_by_period_region (id bigint PRIMARY KEY);',
  },
  checkFile(ctx) {
    const long: LongName[] = [];
    for (const top of ctx.file.statements) {
      long.push(...longIdentifiers(ctx, top));
      // Function and DO bodies are strings at the top level: scan their statements where they were located.
      for (const inner of top.nested) if (inner.start !== top.start || inner.end !== top.end) long.push(...longIdentifiers(ctx, inner));
    }
    if (long.length === 0) return [];
    const lines = new LineIndex(ctx.file.text);
    return long.map((n): Report => {
      const earlier = clashWithEarlier(ctx, n);
      const other = earlier ? undefined : long.find((o) => o.kept === n.kept && o.name !== n.name);
      const clash = earlier
        ? ` ${earlier.what} "${earlier.name}" (${earlier.where}) already has that name: this CREATE fails with "already exists" (IF NOT EXISTS skips it).`
        : other
          ? ` "${other.name}" (line ${lines.positionAt(other.start).line + 1}) becomes the same name: if both name objects of one schema (tables, indexes) or constraints of one table, the second fails with "already exists" (IF NOT EXISTS skips it).`
          : ' SQL naming it in full still reaches it; code comparing names as text (pg_constraint, an ORM\'s schema diff) does not.';
      return {
        start: n.start,
        end: n.end,
        message: `Identifier is ${n.bytes} bytes: PostgreSQL keeps its first ${MAX_BYTES} and stores it as "${n.kept}" (with only a NOTICE).${clash}`,
        fixes: [{ title: `Shorten to the ${MAX_BYTES}-byte name PostgreSQL stores`, edits: [{ start: n.start, end: n.end, newText: n.quoted ? `"${n.kept.replace(/"/g, '""')}"` : n.kept }] }],
        ...(earlier ? { related: [earlier.related] } : {}),
      };
    });
  },
});

/**
 * The object, made earlier in the set (an earlier migration or statement, still there), that
 * PostgreSQL knows by this new name's first 63 bytes: the schema timeline holds names as the
 * parser cuts them, so it sees this CREATE as a second one of that name, and it fails. Read
 * across files; undefined where the timeline may miss objects (dynamic SQL).
 */
function clashWithEarlier(ctx: RuleContext, n: LongName): { what: string; name: string; where: string; related: RelatedLocation } | undefined {
  const view = setView(ctx);
  if (view.quiet) return undefined;
  const made = view.timeline.at(view.index, n.start);
  const first = made?.event.event === 'create' && !made.event.nested ? made.duplicate : undefined;
  if (!first) return undefined;
  const name = view.written(first);
  if (name === n.name) return undefined; // the same name twice: not a truncation
  return { what: first.object.kind, name, where: view.where(first), related: view.related(first, `${first.object.kind} ${name} is created here`) };
}

/** A name over the limit, as written (case-folded unless quoted) and as PostgreSQL stores it. */
interface LongName {
  start: number;
  end: number;
  name: string;
  kept: string;
  bytes: number;
  quoted: boolean;
}

interface Token {
  start: number;
  end: number;
  text: string;
  tokenName: string;
}

function longIdentifiers(ctx: RuleContext, stmt: Statement): LongName[] {
  if (!mayHoldLongName(ctx, stmt)) return [];
  const text = ctx.textOf(stmt);
  let tokens: Token[];
  try {
    tokens = scanSync(text).tokens as Token[];
  } catch {
    return []; // unscannable text already carries a syntax error
  }
  const base = ctx.file.bytes.toByte(stmt.start);
  const out: LongName[] = [];
  for (const t of tokens) {
    if (t.tokenName !== 'IDENT') continue;
    const quoted = t.text.startsWith('"');
    const name = quoted ? t.text.slice(1, -1).replace(/""/g, '"') : t.text.replace(/[A-Z]+/g, (m) => m.toLowerCase());
    const bytes = Buffer.byteLength(name, 'utf8');
    if (bytes <= MAX_BYTES) continue;
    out.push({ start: ctx.file.bytes.toUtf16(base + t.start), end: ctx.file.bytes.toUtf16(base + t.end), name, kept: clipBytes(name, MAX_BYTES), bytes, quoted });
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
