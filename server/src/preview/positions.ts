/** Offset arithmetic between PostgreSQL's error positions and the file's UTF-16 offsets. */

/**
 * PostgreSQL reports an error `position` as a 1-based count of *characters* (code points in a
 * UTF-8 database) into the query string it received. Returns the UTF-16 offset in `text` of
 * character `position` of the query that starts at `queryStart`, clamped to `limit`.
 */
export function offsetOfPosition(text: string, queryStart: number, position: number, limit: number): number {
  let at = queryStart;
  for (let chars = 1; chars < position && at < limit; chars++) {
    const c = text.charCodeAt(at);
    at += c >= 0xd800 && c <= 0xdbff && at + 1 < limit ? 2 : 1;
  }
  return Math.min(at, limit);
}

/** 1-based line and column (in UTF-16 units, as editors count) of an offset. */
export function lineColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, column: offset - lineStart + 1 };
}

/** The end of the token starting at `start` (a word or one other character), for a readable error range. */
export function tokenEnd(text: string, start: number, limit: number): number {
  const word = /"(?:[^"]|"")*"|[\p{L}\p{N}_$]+/uy;
  word.lastIndex = start;
  const m = word.exec(text);
  return Math.min(limit, m && m[0].length ? start + m[0].length : start + 1);
}

