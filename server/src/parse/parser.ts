import { loadModule, parseSync, parsePlPgSQLSync } from './pg-query';
import { ByteMap } from './offsets';
import { codePointToUtf16 } from './positions';
import { lex, type Comment, type Segment } from './lexer';
import type { RawStmt } from '@pgsql/types';
import { isSqlError, kindOf, stringValue, unwrap, unwrapAll, type Node, type NodeKind, type NodeOf } from './ast';
import { LruCache, cached } from './cache';

export type { Comment } from './lexer';

/** Where a statement runs: at migration time (top level or in a DO block), or when a function is called. */
type StatementScope = 'top' | 'do' | 'function';

/** The node kinds a top-level SQL statement can have (PostgreSQL's `*Stmt` parse nodes; RawStmt is their wrapper). */
export type StatementKind = Exclude<Extract<NodeKind, `${string}Stmt`>, 'RawStmt'>;

interface StatementBase {
  /** UTF-16 offsets in the file; end is exclusive and excludes the semicolon. */
  start: number;
  end: number;
  /** Byte offset in the file of the text the AST's `location` fields count from. */
  locBase: number;
  /** Comments between the previous statement and this one (suppressions, headers). */
  leadingComments: readonly Comment[];
  /** Statements of a PL/pgSQL body (DO block or function), in source order. */
  nested: readonly Statement[];
  scope: StatementScope;
  /** Inside an IF or an exception-handling block of PL/pgSQL. */
  guarded: boolean;
  parent?: Statement;
  /**
   * Index in the file's `executed` list (what the rules' "earlier in the file" indexes count in);
   * -1 for a statement of a function body, which runs only when the function is called. One field
   * instead of a Map from statement to index per rule and per lint.
   */
  executedAt: number;
  /** What is derived from the AST alone (see MemoSlot): shared, like `node`, by every parse of the same statement text. */
  memo: StatementMemo;
}

/** One object per statement of a parse result, kept beside its AST in the parse cache. */
type StatementMemo = Record<symbol, unknown>;

/**
 * A value computed from a statement's AST alone (its events, its column sites), kept with the
 * cached parse so that while typing only the edited statement's is computed again. It replaces
 * WeakMaps keyed by AST node: on a first open every statement cost a WeakMap insert, and their
 * ephemeron entries are traced again by every garbage collection while the ASTs live.
 */
export class MemoSlot<T> {
  private readonly key: symbol;

  constructor(name: string) {
    this.key = Symbol(name);
  }

  get(stmt: Statement): T | undefined {
    return stmt.memo[this.key] as T | undefined;
  }

  set(stmt: Statement, value: T): void {
    stmt.memo[this.key] = value;
  }
}

/** Where `stmt` runs in its file (executedAt); a statement of a function body, which never runs there, after all of them. */
export function runOrder(stmt: Statement): number {
  return stmt.executedAt < 0 ? Number.POSITIVE_INFINITY : stmt.executedAt;
}

/**
 * A list as a memo keeps it, in a backing store of its own length (slice copies just its
 * elements; an empty list is the shared NONE). A list grown by push reserves 17 slots for its
 * first element (the old capacity, half of it, and 16: JSObject::NewElementsCapacity,
 * https://github.com/v8/v8/blob/12.4.254.21/src/objects/js-objects.h), about 110 bytes more than a
 * list of three needs, kept with every cached statement and copied by the garbage collector.
 */
export function fitted<T>(list: readonly T[]): readonly T[] {
  return list.length === 0 ? NONE : list.slice();
}

/**
 * A statement of one of the given kinds: `kind` is the node type (e.g. `CreateStmt`) and `node`
 * the node itself, so that `stmt.kind === 'IndexStmt' && stmt.node.concurrent` type-checks.
 */
export type StatementOf<K extends StatementKind> = K extends unknown ? StatementBase & { kind: K; node: NodeOf<K> } : never;

export type Statement = StatementOf<StatementKind>;

interface SyntaxIssue {
  message: string;
  start: number;
  end: number;
}

export interface ParsedFile {
  text: string;
  bytes: ByteMap;
  /** Top-level statements in source order. */
  statements: Statement[];
  /** Top-level statements and the statements of their DO blocks, in execution order. */
  executed: Statement[];
  comments: Comment[];
  syntaxErrors: SyntaxIssue[];
  /** Statements not parsed, with the reason (too large, or nested deeper than the parser's stack): not checked, not errors. */
  unparsed: SyntaxIssue[];
}

/**
 * A statement larger than this is not parsed: the parser's JSON for a 20 MB INSERT takes gigabytes.
 * The default maxFileSize is the same, so only a raised limit meets it.
 */
const MAX_STATEMENT_BYTES = 2 * 1024 * 1024;

let loading: Promise<void> | undefined;
let loaded = false;

/** Loads the PostgreSQL parser (WASM), from `module` when another thread compiled it (pg-query.ts). Call once before parseSql; later calls are free. */
export function initParser(module?: WebAssembly.Module): Promise<void> {
  loading ??= loadModule(module).then(() => {
    loaded = true;
  });
  return loading;
}

export function parseSql(text: string): ParsedFile {
  if (!loaded) throw new Error('initParser() must complete before parseSql()');
  const bytes = new ByteMap(text);
  const { comments, segments } = lex(text);
  const file: ParsedFile = { text, bytes, statements: [], executed: [], comments, syntaxErrors: [], unparsed: [] };

  // Statement by statement, each parse cached by its text (see cache.ts); a piece that fails
  // alone may be part of a BEGIN ATOMIC body or rule action list the lexer split at its `;`s,
  // and is joined with the pieces after it (each join cached by its text as well).
  const texts = segments.map((seg) => text.slice(seg.start, seg.end));
  // Sizes are checked before parsing: a statement too large is reported, not parsed (nor is the whole file).
  const sizes = segments.map((seg) => bytes.toByte(seg.end) - bytes.toByte(seg.start));
  const oversized = sizes.some((n) => n > MAX_STATEMENT_BYTES);
  // A file seen for the first time (most statements new) is parsed in batches of statements, which
  // fill the cache statement by statement (a call per statement costs more than the parse itself);
  // while typing, only the edited statements miss and are parsed alone.
  const misses = texts.reduce((n, t) => (statementCache.has(t) ? n : n + 1), 0);
  const filled = !oversized && misses >= 2 && misses * 2 >= texts.length ? parseInBatches(file, segments, texts) : undefined;
  const pieces = segments.map((_, i) => filled?.[i] ?? (sizes[i] > MAX_STATEMENT_BYTES ? tooLarge(sizes[i]) : cached(statementCache, texts[i], tryParse)));
  const joins: Join[] = [];
  let cut = false;
  for (let i = 0; i < pieces.length; i++) {
    const res = pieces[i];
    const joined = res.ok || res.unparsed ? undefined : joinedConstruct(file, segments, texts, i);
    if (joined === CUT) cut = true;
    else if (joined) {
      joins[i] = joined;
      i = joined.end - 1;
    }
  }
  // A construct longer than the joins look: the whole file is parsed at once before errors are believed.
  const whole = cut && !pieces.some((res) => !res.ok && res.unparsed) ? tryParse(text) : undefined;
  if (whole?.ok) file.statements = toStatements(file, whole, 0, segments);
  else {
    // One bad statement must not hide the others.
    for (let i = 0; i < pieces.length; i++) {
      const seg = segments[i];
      const res = pieces[i];
      const joined = joins[i];
      if (joined) {
        toStatements(file, joined.res, bytes.toByte(seg.start) - originOf(joined.res), [{ start: seg.start, end: segments[joined.end - 1].end }], file.statements);
        i = joined.end - 1;
      } else if (res.ok) toStatements(file, res, bytes.toByte(seg.start) - originOf(res), [seg], file.statements);
      else if (res.unparsed) file.unparsed.push({ message: res.message, start: seg.start, end: seg.end });
      else file.syntaxErrors.push(errorAt(file, seg.start, res.cursor, res.message, seg));
    }
  }

  // The lexer takes the rest of the file as the comment; PostgreSQL rejects the whole file.
  const open = comments.find((c) => c.unterminated);
  if (open) file.syntaxErrors.push({ message: 'unterminated /* comment at or near "/*"', start: open.start, end: open.start + 2 });

  attachComments(file);
  for (const stmt of file.statements) {
    nestPlpgsql(file, stmt);
    stmt.executedAt = file.executed.push(stmt) - 1;
    if (stmt.kind === 'DoStmt') for (const inner of stmt.nested) inner.executedAt = file.executed.push(inner) - 1;
  }
  return file;
}

/**
 * PostgreSQL's grammar (src/backend/parser/gram.y) takes a `;` inside a statement in two places
 * only: a routine body `BEGIN ATOMIC … END` (routine_body_stmt_list) and a rule's action list
 * `DO [ALSO | INSTEAD] ( … ; … )` (RuleActionMulti). Only a piece that fails alone and opens one
 * of them is joined with the pieces after it: a piece that fails for another reason (the
 * statement being typed) costs no more parses. Comments may stand between DO and the
 * parenthesis; matches in comments or strings only cost those joins.
 */
const GAP = String.raw`(?:\s|/\*[\s\S]*?\*/|--[^\n]*\n)*`;
const SEMICOLON_INSIDE = new RegExp(String.raw`\batomic\b|\bdo\b${GAP}(?:(?:also|instead)\b${GAP})?\(`, 'i');

/**
 * How far a piece that fails alone is joined with the pieces after it, looking for the end of its
 * construct: joins parsed (a body being typed into is broken on every keystroke, and each join not
 * cached is a parse of it all), and the join's size.
 */
const JOIN_MAX_TRIES = 16;
const JOIN_MAX_BYTES = 256 * 1024;
/** The search for a construct's end stopped at the bounds above: only a parse of the whole file can tell. */
const CUT = 'cut';

/** How the last piece of a BEGIN ATOMIC body (`END`) and of a rule's action list (`)`) ends. */
const ATOMIC_END = /\bend\s*$/i;
const ACTIONS_END = /\)\s*$/;

/** Pieces `i` to `end` (exclusive) parsed as one text. */
interface Join {
  res: OneStatement | Statements;
  end: number;
}

/**
 * Piece `i`, which failed alone, joined with the pieces after it up to the first join that parses:
 * the rest of a BEGIN ATOMIC body or rule action list that the lexer split at its `;`s. Only for a
 * piece that opens such a construct, tried only up to pieces that could close it, and bounded
 * (CUT). Undefined when no join parses (the piece's own error stands).
 *
 * A join that parses is cached by its text like a statement, and so are the joins that failed
 * before it (a body's statement ending in CASE … END): an edit elsewhere in the file parses none
 * of them again. The joins of a search that finds nothing are not cached: a body being typed into
 * is a new text on every keystroke.
 */
function joinedConstruct(file: ParsedFile, segments: Segment[], texts: string[], i: number): Join | typeof CUT | undefined {
  if (!SEMICOLON_INSIDE.test(texts[i])) return undefined;
  const closes = /\batomic\b/i.test(texts[i]) ? ATOMIC_END : ACTIONS_END;
  const start = segments[i].start;
  const tried: [string, ParseOutcome][] = [];
  for (let j = i + 1; j < segments.length; j++) {
    if (file.bytes.toByte(segments[j].end) - file.bytes.toByte(start) > JOIN_MAX_BYTES) return CUT;
    if (!closes.test(texts[j])) continue;
    if (tried.length === JOIN_MAX_TRIES) return CUT;
    const joined = file.text.slice(start, segments[j].end);
    const res = statementCache.get(joined) ?? tryParse(joined);
    tried.push([joined, res]);
    if (res.ok) {
      for (const [text, outcome] of tried) statementCache.set(text, outcome);
      return { res, end: j + 1 };
    }
    if (STOPS_EVERY_LONGER_JOIN.test(res.message)) return undefined;
  }
  return undefined;
}

/**
 * A join that fails at a token of its own text (not at its end) fails in every longer join too:
 * those read the same tokens up to it, and PostgreSQL's grammar is LALR(1), so its parser stops
 * at the same token (its lexer's one-token lookahead, base_yylex in src/backend/parser/parser.c,
 * reads `;` or the end of input after the join's last token, and turns neither into a *_LA
 * token). Only "syntax error at end of input" lets a longer join parse; the search stops at the
 * others, so that typing into a body (broken at the typed token) costs one join, not sixteen and
 * a parse of the whole file.
 */
const STOPS_EVERY_LONGER_JOIN = /^syntax error at or near /;

/**
 * One statement parsed, what the cache holds for nearly every key: its node, where it stands in
 * the parsed text (`len` 0: to the end of its segment) and its memo, in one object. A list of one
 * RawStmt and a list of one memo beside it were four more objects kept with every cached
 * statement, and the garbage collector copies what a first open keeps twice (issue #15).
 * `origin`: the byte offset the AST's locations count from, relative to the statement's own start
 * (0 when the statement was parsed alone; its offset in its batch when it came from a batch).
 */
interface OneStatement {
  ok: true;
  stmt: Node;
  location: number;
  len: number;
  origin: number;
  memo: StatementMemo;
}

/**
 * Any other number of statements (a batch, a whole file, a piece holding none or several): the
 * parser's own list; `memos[i]` is made when statement i is first turned into a Statement (a
 * batch whose pieces are cached never is).
 */
interface Statements {
  ok: true;
  stmts: RawStmt[];
  memos: StatementMemo[];
}

/** `unparsed`: the statement was not judged (too large or too deep), so this is no syntax error. */
type ParseOutcome = OneStatement | Statements | { ok: false; message: string; cursor: number; unparsed?: boolean };

function parsed(stmts: RawStmt[]): ParseOutcome {
  const only = stmts.length === 1 ? stmts[0] : undefined;
  return only?.stmt ? one(only.stmt, only.stmt_location ?? 0, only.stmt_len ?? 0, 0) : { ok: true, stmts, memos: [] };
}

function one(stmt: Node, location: number, len: number, origin: number): OneStatement {
  return { ok: true, stmt, location, len, origin, memo: {} };
}

function originOf(outcome: OneStatement | Statements): number {
  return 'origin' in outcome ? outcome.origin : 0;
}

/** An outcome's statements as the parser gives them. */
function rawStatements(outcome: OneStatement | Statements): RawStmt[] {
  return 'stmts' in outcome ? outcome.stmts : [{ stmt: outcome.stmt, stmt_location: outcome.location, stmt_len: outcome.len }];
}

/**
 * The text of the statements one parser call takes on a first open, in UTF-8 bytes (a statement
 * longer than that is parsed alone). The parser's JSON is about five times its text, so a batch's
 * JSON string stays under 128 KB, the size from which V8 allocates an object on pages of its own
 * (kMaxRegularHeapObjectSize, https://github.com/v8/v8/blob/11.3.244.8/src/common/globals.h): the
 * JSON of a whole 10,000-line file (2.3 MB) took 8–13 ms of each first open to copy out of the
 * parser's memory into a string, in batches about 1 ms in all (timers around the copy, 15 opens,
 * medians; loaded machine).
 */
const BATCH_BYTES = 16 * 1024;

/**
 * Parses runs of statements in one call each and stores each statement under its segment's text,
 * as if parsed alone; undefined where a run's statements are not the lexer's segments one to one
 * (a syntax error: the run's statements are parsed one by one; a split inside a BEGIN ATOMIC body
 * or the like: its pieces are, and joined).
 */
function parseInBatches(file: ParsedFile, segments: Segment[], texts: string[]): (ParseOutcome | undefined)[] {
  const out: (ParseOutcome | undefined)[] = new Array(segments.length);
  for (let first = 0; first < segments.length; ) {
    const at = file.bytes.toByte(segments[first].start);
    let last = first + 1;
    while (last < segments.length && file.bytes.toByte(segments[last].end) - at <= BATCH_BYTES) last++;
    const batch = tryParse(file.text.slice(segments[first].start, segments[last - 1].end));
    if (batch.ok) fillFromBatch(file, segments.slice(first, last), texts.slice(first, last), rawStatements(batch), at).forEach((o, i) => (out[first + i] = o));
    first = last;
  }
  return out;
}

/**
 * The statements of a batch parsed at byte `at` of the file, each at the index of the segment it
 * is one to one. A statement over several segments (a BEGIN ATOMIC body or rule action list the
 * lexer split at its `;`s) fills none of them, and the batch's other statements are still
 * filled; from a statement that is no run of whole segments on, none is.
 */
function fillFromBatch(file: ParsedFile, segments: Segment[], texts: string[], raws: RawStmt[], at: number): OneStatement[] {
  const out: OneStatement[] = new Array(segments.length);
  const starts = segments.map((seg) => file.bytes.toByte(seg.start) - at);
  const ends = segments.map((seg) => file.bytes.toByte(seg.end) - at);
  let i = 0;
  for (const raw of raws) {
    if (!raw.stmt) continue;
    const loc = raw.stmt_location ?? 0;
    const len = raw.stmt_len ?? 0;
    if (i === segments.length || loc > starts[i] || (i > 0 && loc < ends[i - 1])) break;
    // Its segments: those that start before it ends (stmt_len 0: the batch's last statement, to the batch's end).
    let last = i;
    while (last + 1 < segments.length && (len === 0 || starts[last + 1] < loc + len)) last++;
    if (len > 0 && loc + len < ends[last]) break;
    if (last === i) {
      // stmt_len 0: the statement ends where its segment's code ends, as for a statement parsed alone.
      out[i] = one(raw.stmt, starts[i], 0, starts[i]);
      statementCache.set(texts[i], out[i]);
    }
    i = last + 1;
  }
  return out;
}

function tooLarge(size: number): ParseOutcome {
  const mb = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MB`;
  return { ok: false, cursor: 0, unparsed: true, message: `Statement too large to check: ${mb(size)} is over the ${mb(MAX_STATEMENT_BYTES)} a statement may have (split the data into several statements); it is not linted.` };
}

/**
 * The cached statements' text in all, in UTF-16 code units: an AST takes tens of times its
 * statement's text, so this bounds the cache's memory in a long editing session (issue #19) by
 * size, not only by count, while the statements of a large set still fit.
 */
const CACHED_TEXT_CHARS = 4_000_000;
/** How many statement parses the editor keeps (the default; see cacheStatementParses). */
export const STATEMENT_CACHE_ENTRIES = 20_000;
/** Parse results by statement text. ASTs are shared between parses: rules must never mutate them. */
const statementCache = new LruCache<string, ParseOutcome>(STATEMENT_CACHE_ENTRIES, CACHED_TEXT_CHARS, (text) => text.length);
/**
 * A CLI run parses each file once (cli/lint-files.ts shares the parse between the schema rules
 * and the lint), so a statement is rarely parsed twice there, and the cache would only hold every
 * AST of the run until its end (the run's peak memory). The editor keeps the default.
 */
export function cacheStatementParses(capacity: number): void {
  statementCache.resize(capacity);
}
/** PL/pgSQL parse results (the embedded queries, or the error) by source text. */
const plpgsqlCache = new LruCache<string, { queries?: EmbeddedQuery[]; error?: unknown }>(5_000, CACHED_TEXT_CHARS / 4, (source) => source.length);

function tryParse(sql: string): ParseOutcome {
  try {
    return parsed(parseSync(sql).stmts ?? []);
  } catch (e) {
    if (isSqlError(e)) return { ok: false, message: e.message, cursor: e.sqlDetails?.cursorPosition ?? 0 };
    // The parser (WebAssembly) recurses per nesting level of an expression: past ~8,000 levels
    // (`'x' || 'x' || …`) it runs out of stack. The SQL may well be valid: say what happened.
    if (e instanceof RangeError) {
      return { ok: false, cursor: 0, unparsed: true, message: 'Statement nested too deeply to check (the parser ran out of stack on an expression of thousands of terms); it is not linted.' };
    }
    return { ok: false, message: String((e as Error)?.message ?? e), cursor: 0 };
  }
}

/** The comments and nested statements of most statements: one shared empty list, not two arrays per statement kept with the file. */
const NONE: readonly never[] = Object.freeze([]);

/**
 * Turns parse results into statements, appended to `out` (a list of one per statement, spread into
 * the file's, was thousands of arrays on a first open); `base` is the byte offset of the parsed text in the file.
 */
function toStatements(file: ParsedFile, outcome: OneStatement | Statements, base: number, segments: Segment[], out: Statement[] = []): Statement[] {
  if (!('stmts' in outcome)) {
    out.push(statementOf(file, outcome.stmt, outcome.location, outcome.len, base, segments, outcome.memo));
    return out;
  }
  for (let i = 0; i < outcome.stmts.length; i++) {
    const raw = outcome.stmts[i];
    if (raw.stmt) out.push(statementOf(file, raw.stmt, raw.stmt_location ?? 0, raw.stmt_len ?? 0, base, segments, (outcome.memos[i] ??= {})));
  }
  return out;
}

/** A parsed node as a top-level Statement, at `location` (bytes from `base`), `len` bytes long. */
function statementOf(file: ParsedFile, stmt: Node, location: number, len: number, base: number, segments: Segment[], memo: StatementMemo): Statement {
  const kind = kindOf(stmt);
  const start = file.bytes.toUtf16(base + location);
  const end = len ? file.bytes.toUtf16(base + location + len) : segmentEndFor(segments, start, file.text.length);
  const node = (stmt as Record<NodeKind, unknown>)[kind];
  // `parent` too, though only a nested statement has one: a field added later gives a second shape.
  return { kind, node, start, end, locBase: base, leadingComments: NONE, nested: NONE, scope: 'top', guarded: false, parent: undefined, executedAt: -1, memo } as Statement;
}

/** The last statement has no length: it ends where its segment's code ends. */
function segmentEndFor(segments: Segment[], start: number, fallback: number): number {
  for (const s of segments) if (s.start <= start && start < s.end) return s.end;
  return fallback;
}

/** `cursor` is PostgreSQL's error position: a character (code point) index into the text parsed at `at`. */
function errorAt(file: ParsedFile, at: number, cursor: number, message: string, seg: Segment): SyntaxIssue {
  const start = codePointToUtf16(file.text, cursor, at, seg.end);
  const token = /[^\s;,()]+/y;
  token.lastIndex = start;
  const m = token.exec(file.text);
  const end = m ? start + m[0].length : Math.min(start + 1, file.text.length);
  return { message, start, end: Math.max(end, start) };
}

function attachComments(file: ParsedFile): void {
  let c = 0;
  let prevEnd = 0;
  for (const stmt of file.statements) {
    while (c < file.comments.length && file.comments[c].start < prevEnd) c++;
    const first = c;
    while (c < file.comments.length && file.comments[c].end <= stmt.start) c++;
    if (c > first) stmt.leadingComments = file.comments.slice(first, c);
    prevEnd = stmt.end;
  }
}

/** Parses the PL/pgSQL body of a DO block or plpgsql function so that rules see its statements. */
function nestPlpgsql(file: ParsedFile, stmt: Statement): void {
  const body = plpgsqlBody(stmt);
  if (!body) return;
  const bodyAt = bodyOffset(file, stmt, body);
  // A function is parsed as written (its signature gives NEW, OUT parameters, the return type);
  // a DO body is wrapped in a void function, which is what PostgreSQL does with it too.
  const isDo = stmt.kind === 'DoStmt';
  const tag = uniqueDollarTag(body);
  const prefix = `CREATE FUNCTION lens_do() RETURNS void LANGUAGE plpgsql AS ${tag}`;
  const source = isDo ? `${prefix}${body}${tag}` : file.text.slice(stmt.start, stmt.end);
  const { queries, error: e } = cached(plpgsqlCache, source, parsePlpgsql);
  if (e instanceof RangeError) {
    file.unparsed.push({ message: 'PL/pgSQL body nested too deeply to check (the parser ran out of stack); its statements are not linted.', start: stmt.start, end: stmt.end });
    return;
  }
  if (e !== undefined) {
    const message = `PL/pgSQL: ${isSqlError(e) ? e.message : String(e)}`;
    const cursor = isSqlError(e) ? e.sqlDetails?.cursorPosition ?? 0 : 0;
    const at = isDo
      ? bodyAt === undefined || cursor < prefix.length
        ? stmt.start
        : bodyAt + codePointToUtf16(body, cursor - prefix.length)
      : stmt.start + codePointToUtf16(source, cursor);
    file.syntaxErrors.push({ message, start: Math.min(at, stmt.end), end: Math.min(at + 1, stmt.end) });
    return;
  }
  const scope: StatementScope = isDo ? 'do' : 'function';
  const nested: Statement[] = [];
  let cursor = bodyAt ?? stmt.start;
  for (const q of queries ?? []) {
    const found = bodyAt === undefined ? -1 : file.text.indexOf(q.sql, cursor);
    const at = found >= 0 && found < stmt.end ? found : -1;
    if (at >= 0) cursor = at + q.sql.length;
    const res = cached(statementCache, q.sql, tryParse);
    const base = at >= 0 ? file.bytes.toByte(at) : file.bytes.toByte(stmt.start);
    if (!res.ok) {
      if (res.unparsed) file.unparsed.push({ message: res.message, start: at >= 0 ? at : stmt.start, end: at >= 0 ? at + q.sql.length : stmt.end });
      else if (at >= 0) file.syntaxErrors.push(errorAt(file, at, res.cursor, res.message, { start: at, end: at + q.sql.length }));
      continue;
    }
    const seg = at >= 0 ? [{ start: at, end: at + q.sql.length }] : [];
    for (const inner of toStatements(file, res, base - originOf(res), seg)) {
      if (at < 0) {
        // Not found verbatim (a quoted body with escapes): point at the enclosing statement.
        inner.start = stmt.start;
        inner.end = stmt.end;
      }
      inner.scope = scope;
      inner.guarded = q.guarded;
      inner.parent = stmt;
      nested.push(inner);
    }
  }
  if (nested.length) stmt.nested = nested;
}

function parsePlpgsql(source: string): { queries?: EmbeddedQuery[]; error?: unknown } {
  const first = compilePlpgsql(source);
  if (first.error === undefined) return first;
  // Without a catalog, libpg_query guesses variable types: `tbl%ROWTYPE` becomes a scalar
  // (so `v.field := …` is "not a known variable") and any type it does not know (PostGIS
  // geometry, an enum) becomes a record (so it "cannot be part of a multiple-item INTO list"
  // and "is not a scalar variable"). PostgreSQL accepts both. Those guesses are undone and the
  // body compiled again; what still fails is a real mistake.
  const relaxed = relaxCatalogTypes(source);
  return relaxed === source ? first : compilePlpgsql(relaxed);
}

function compilePlpgsql(source: string): { queries?: EmbeddedQuery[]; error?: unknown } {
  try {
    return { queries: collectQueries(parsePlPgSQLSync(source), false) };
  } catch (error) {
    return { error: error ?? 'unknown error' };
  }
}

const IDENT = String.raw`(?:"(?:[^"]|"")+"|[A-Za-z_\u0080-\uffff][\w$\u0080-\uffff]*)`;
const DECLARATION = new RegExp(String.raw`^(\s*(?:--[^\n]*\n\s*)*)(${IDENT})(\s+(?:CONSTANT\s+)?)([^;]*?)(?=\s*(?:\bCOLLATE\b|\bNOT\s+NULL\b|\bDEFAULT\b|:=|=|$))`, 'is');

/**
 * The same text with catalog-dependent variable types replaced, at the same length (so every
 * offset still holds): `%ROWTYPE` is blanked (the table name alone is a record type to
 * libpg_query), and a declared type that is not a record, a row type, an array or a cursor
 * becomes `int` unless the variable is used with a field (`v.x`, a composite type).
 */
function relaxCatalogTypes(source: string): string {
  if (source.length > 200_000) return source; // hostile input: the first error stands
  const out = source.replace(/%\s*rowtype\b/gi, (m) => ' '.repeat(m.length)).split('');
  const withFields = new Set<string>();
  const dotted = new RegExp(`(?<![\\w$.])(${IDENT})\\s*\\.`, 'g');
  for (let m = dotted.exec(source); m; m = dotted.exec(source)) withFields.add(m[1].startsWith('"') ? m[1] : m[1].toLowerCase());
  const declare = /\bdeclare\b/gi;
  for (let m = declare.exec(source); m; m = declare.exec(source)) {
    const from = m.index + m[0].length;
    const begin = /\bbegin\b/gi;
    begin.lastIndex = from;
    const to = begin.exec(source)?.index ?? source.length;
    let at = from;
    for (const part of source.slice(from, to).split(';')) {
      const d = DECLARATION.exec(part);
      if (d) {
        const [, lead, name, gap, type] = d;
        const typeAt = at + lead.length + name.length + gap.length;
        const keep = /^(record|cursor|alias|refcursor|no\s+scroll|scroll)\b|%|\[|\barray\b/i.test(type) || type.length < 3;
        if (!keep && !withFields.has(name.startsWith('"') ? name : name.toLowerCase())) {
          const replacement = 'int'.padEnd(type.length, ' ');
          for (let i = 0; i < type.length; i++) out[typeAt + i] = replacement[i];
        }
      }
      at += part.length + 1;
    }
  }
  return out.join('');
}

/** The body of a DO block or a function in PL/pgSQL; undefined for other statements and languages. */
export function plpgsqlBody(stmt: Statement): string | undefined {
  const opts = stmt.kind === 'DoStmt' ? stmt.node.args : stmt.kind === 'CreateFunctionStmt' ? stmt.node.options : undefined;
  if (!opts) return undefined;
  let language = stmt.kind === 'DoStmt' ? 'plpgsql' : '';
  let body: string | undefined;
  for (const d of unwrapAll(opts, 'DefElem')) {
    if (d.defname === 'language') language = (stringValue(d.arg) ?? '').toLowerCase();
    if (d.defname === 'as') body = stringValue(d.arg) ?? stringValue(unwrap(d.arg, 'List')?.items?.[0]);
  }
  return language === 'plpgsql' ? body : undefined;
}

function bodyOffset(file: ParsedFile, stmt: Statement, body: string): number | undefined {
  const at = file.text.indexOf(body, stmt.start);
  return at >= 0 && at + body.length <= stmt.end ? at : undefined;
}

function uniqueDollarTag(body: string): string {
  let tag = '$lens$';
  for (let i = 0; body.includes(tag); i++) tag = `$lens${i}$`;
  return tag;
}

interface EmbeddedQuery {
  sql: string;
  guarded: boolean;
}

/**
 * SQL statements of a PL/pgSQL tree: plain statements and EXECUTE of a constant string, in
 * source order. Iterative (an explicit stack of nodes and of queries to emit): the tree nests as
 * deep as the body's expressions.
 */
function collectQueries(root: unknown, guarded0: boolean): EmbeddedQuery[] {
  type Item = { node: unknown; guarded: boolean } | { query: EmbeddedQuery };
  const out: EmbeddedQuery[] = [];
  const stack: Item[] = [{ node: root, guarded: guarded0 }];
  while (stack.length) {
    const item = stack.pop()!;
    if ('query' in item) {
      out.push(item.query);
      continue;
    }
    const { node, guarded } = item;
    if (Array.isArray(node)) {
      for (let i = node.length - 1; i >= 0; i--) stack.push({ node: node[i], guarded });
      continue;
    }
    if (!node || typeof node !== 'object') continue;
    const next: Item[] = [];
    for (const [key, value] of Object.entries(node as Record<string, unknown>)) {
      const v = value as PlpgsqlNode;
      if (key === 'PLpgSQL_stmt_execsql') {
        const sql = v.sqlstmt?.PLpgSQL_expr?.query;
        if (typeof sql === 'string') next.push({ query: { sql, guarded } });
      } else if (key === 'PLpgSQL_stmt_dynexecute') {
        const sql = constantString(v.query?.PLpgSQL_expr?.query);
        if (sql) next.push({ query: { sql, guarded } });
      } else if (key === 'PLpgSQL_stmt_if') {
        next.push({ node: [v.then_body, v.elsif_list, v.else_body], guarded: true });
      } else if (key === 'PLpgSQL_stmt_block' && v.exceptions) {
        next.push({ node: v.body, guarded: true }, { node: v.exceptions, guarded });
      } else next.push({ node: v, guarded });
    }
    for (let i = next.length - 1; i >= 0; i--) stack.push(next[i]);
  }
  return out;
}

/** The parts of libpg_query's PL/pgSQL JSON that collectQueries reads (@pgsql/types describes only SQL nodes). */
interface PlpgsqlNode {
  sqlstmt?: { PLpgSQL_expr?: { query?: unknown } };
  query?: { PLpgSQL_expr?: { query?: unknown } };
  then_body?: unknown;
  elsif_list?: unknown;
  else_body?: unknown;
  body?: unknown;
  exceptions?: unknown;
}

/** The value of a plain single-quoted literal (`'...'`), or undefined for anything computed. */
function constantString(expr: unknown): string | undefined {
  if (typeof expr !== 'string') return undefined;
  const m = /^\s*'((?:[^']|'')*)'\s*$/s.exec(expr);
  return m ? m[1].replace(/''/g, "'") : undefined;
}
