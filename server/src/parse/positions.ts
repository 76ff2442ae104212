/**
 * The one place where text positions are converted. The engine keeps UTF-16 offsets (the
 * unit of JavaScript strings and of LSP's default position encoding); the LSP adapter, the
 * CLI formatters and the preview's error locations turn them into lines and columns here.
 * Line breaks are counted as LSP counts them: `\n`, `\r\n` and a lone `\r`. (libpg_query's
 * UTF-8 byte offsets become UTF-16 offsets in offsets.ts, at the parser.)
 */

/** A 0-based line and UTF-16 character, as LSP positions are. */
interface LinePosition {
  line: number;
  character: number;
}

/** The line starts of one text, for converting many offsets of it. */
export class LineIndex {
  private readonly starts: number[] = [0];

  constructor(readonly text: string) {
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 13 /* \r */) {
        if (text.charCodeAt(i + 1) === 10) i++;
        this.starts.push(i + 1);
      } else if (c === 10 /* \n */) this.starts.push(i + 1);
    }
  }

  /** The 0-based position of an offset (clamped to the text). */
  positionAt(offset: number): LinePosition {
    const at = Math.max(0, Math.min(offset, this.text.length));
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid] <= at) lo = mid;
      else hi = mid - 1;
    }
    // Between the \r and the \n of a CRLF: the position before the line break (as TextDocument says).
    const before = at > this.starts[lo] && this.text.charCodeAt(at) === 10 && this.text.charCodeAt(at - 1) === 13 ? 1 : 0;
    return { line: lo, character: at - this.starts[lo] - before };
  }

  /** The offset of a 0-based position (a character past the line's end stops at its line break). */
  offsetAt(position: LinePosition): number {
    if (position.line < 0) return 0;
    if (position.line >= this.starts.length) return this.text.length;
    const start = this.starts[position.line];
    const next = position.line + 1 < this.starts.length ? this.starts[position.line + 1] : this.text.length;
    let end = next;
    if (position.line + 1 < this.starts.length) {
      end--;
      if (end > start && this.text.charCodeAt(end) === 10 && this.text.charCodeAt(end - 1) === 13) end--;
    }
    return Math.max(start, Math.min(start + position.character, end));
  }
}

/** 1-based line and column (UTF-16 units + 1, as editors and GitHub show them) of an offset. */
export function lineColumn(text: string, offset: number): { line: number; column: number } {
  const p = new LineIndex(text).positionAt(offset);
  return { line: p.line + 1, column: p.character + 1 };
}

/**
 * The UTF-16 offset `cp` code points after `from`, stopping at `limit`. PostgreSQL reports error
 * cursor positions in characters (pg_mbstrlen), not bytes, and an emoji is two UTF-16 units.
 */
export function codePointToUtf16(text: string, cp: number, from = 0, limit = text.length): number {
  let u = from;
  for (let i = 0; i < cp && u < limit; i++) {
    const c = text.charCodeAt(u);
    u += c >= 0xd800 && c <= 0xdbff && u + 1 < limit ? 2 : 1;
  }
  return Math.min(u, limit);
}

/** The end of the token starting at `start` (a word or one other character), for a readable error range. */
export function tokenEnd(text: string, start: number, limit: number): number {
  const word = /"(?:[^"]|"")*"|[\p{L}\p{N}_$]+/uy;
  word.lastIndex = start;
  const m = word.exec(text);
  return Math.min(limit, m && m[0].length ? start + m[0].length : start + 1);
}
