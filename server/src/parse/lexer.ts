/**
 * A small SQL lexer that never fails. libpg_query's own scanner gives up on broken input
 * (an unterminated string, say), but the editor sees broken SQL on every keystroke, so
 * comments and statement boundaries come from here. It knows exactly what can hide a
 * semicolon in PostgreSQL: quoted strings (with E'' escapes), quoted identifiers,
 * dollar-quoted bodies, line comments and nested block comments.
 */

export interface Comment {
  /** UTF-16 offsets in the text; end is exclusive. */
  start: number;
  end: number;
  /** The comment's content without its `--` or `/* *\/` markers, trimmed. */
  body: string;
  block: boolean;
  /** A block comment the file ends inside: PostgreSQL refuses the file ("unterminated /* comment"). */
  unterminated?: boolean;
}

export interface Segment {
  /** UTF-16 offsets of one statement's text, without the terminating semicolon. */
  start: number;
  end: number;
}

interface Lexed {
  comments: Comment[];
  /** Statement segments split at top-level semicolons; whitespace/comment-only segments are dropped. */
  segments: Segment[];
}

const DOLLAR_TAG = /\$([A-Za-z_\u0080-\uffff][A-Za-z0-9_\u0080-\uffff]*)?\$/y;

export function lex(text: string): Lexed {
  const comments: Comment[] = [];
  const segments: Segment[] = [];
  const n = text.length;
  let segHasCode = false;
  let firstCode = -1;
  let lastCodeEnd = -1;
  let i = 0;

  const closeSegment = (end: number) => {
    if (segHasCode) segments.push({ start: firstCode, end: Math.min(end, lastCodeEnd) });
    segHasCode = false;
    firstCode = -1;
  };
  const code = (at: number) => {
    if (!segHasCode) {
      segHasCode = true;
      firstCode = at;
    }
  };

  while (i < n) {
    const c = text.charCodeAt(i);
    // -- line comment
    if (c === 45 /* - */ && text.charCodeAt(i + 1) === 45) {
      let j = text.indexOf('\n', i);
      if (j < 0) j = n;
      const end = text.charCodeAt(j - 1) === 13 ? j - 1 : j;
      comments.push({ start: i, end, body: text.slice(i + 2, end).trim(), block: false });
      i = j;
      continue;
    }
    // /* block comment */, nested as in PostgreSQL
    if (c === 47 /* / */ && text.charCodeAt(i + 1) === 42) {
      let depth = 1;
      let j = i + 2;
      while (j < n && depth > 0) {
        if (text.charCodeAt(j) === 47 && text.charCodeAt(j + 1) === 42) {
          depth++;
          j += 2;
        } else if (text.charCodeAt(j) === 42 && text.charCodeAt(j + 1) === 47) {
          depth--;
          j += 2;
        } else j++;
      }
      const closed = depth === 0;
      comments.push({ start: i, end: j, body: text.slice(i + 2, closed ? j - 2 : j).trim(), block: true, ...(closed ? {} : { unterminated: true }) });
      i = j;
      continue;
    }
    if (c === 59 /* ; */) {
      closeSegment(i);
      i++;
      continue;
    }
    if (c === 39 /* ' */) {
      code(i);
      const escapes = isEscapeStringPrefix(text, i);
      i = lastCodeEnd = skipQuoted(text, i + 1, 39, escapes);
      continue;
    }
    if (c === 34 /* " */) {
      code(i);
      i = lastCodeEnd = skipQuoted(text, i + 1, 34, false);
      continue;
    }
    if (c === 36 /* $ */ && !isIdentChar(text.charCodeAt(i - 1))) {
      DOLLAR_TAG.lastIndex = i;
      const m = DOLLAR_TAG.exec(text);
      if (m) {
        code(i);
        const close = text.indexOf(m[0], i + m[0].length);
        i = lastCodeEnd = close < 0 ? n : close + m[0].length;
        continue;
      }
    }
    if (!isSpace(c)) {
      code(i);
      lastCodeEnd = i + 1;
    }
    i++;
  }
  closeSegment(n);
  return { comments, segments };
}

/** Skips to just past the closing quote; a doubled quote is an escaped quote. */
function skipQuoted(text: string, i: number, quote: number, backslashEscapes: boolean): number {
  const n = text.length;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (backslashEscapes && c === 92 /* \ */) {
      i += 2;
      continue;
    }
    if (c === quote) {
      if (text.charCodeAt(i + 1) === quote) {
        i += 2;
        continue;
      }
      return i + 1;
    }
    i++;
  }
  return n;
}

/** E'...' strings take backslash escapes; the E must stand alone, not end an identifier. */
function isEscapeStringPrefix(text: string, quoteAt: number): boolean {
  const p = text.charCodeAt(quoteAt - 1);
  return (p === 69 || p === 101) && !isIdentChar(text.charCodeAt(quoteAt - 2));
}

function isIdentChar(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c === 36 || c >= 0x80;
}

function isSpace(c: number): boolean {
  return c === 32 || c === 10 || c === 13 || c === 9 || c === 12 || c === 11;
}
