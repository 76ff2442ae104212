/**
 * libpg_query reports UTF-8 byte offsets; JavaScript strings and LSP use UTF-16 code units.
 * ByteMap converts between the two for one text. ASCII-only texts (the common case) map 1:1
 * and cost nothing; otherwise only the non-ASCII code points are recorded, so a large file
 * does not need a lookup table as long as itself.
 */
export class ByteMap {
  /** UTF-16 offset of each non-ASCII code point. */
  private readonly u16: number[] = [];
  /** UTF-8 byte offset of each non-ASCII code point. */
  private readonly u8: number[] = [];
  /** UTF-8 length of each non-ASCII code point. */
  private readonly u8len: number[] = [];
  /** Extra bytes (UTF-8 length − UTF-16 length) of all code points up to and including index i. */
  private readonly extra: number[] = [];

  constructor(text: string) {
    // eslint-disable-next-line no-control-regex -- the ASCII range, NUL included: one byte per character
    if (/^[\x00-\x7f]*$/.test(text)) return;
    let added = 0;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c < 0x80) continue;
      let units = 1;
      let bytes = 3; // BMP character, or a lone surrogate (encoded as U+FFFD)
      if (c < 0x800) bytes = 2;
      else if (c >= 0xd800 && c <= 0xdbff && isLowSurrogate(text.charCodeAt(i + 1))) {
        bytes = 4;
        units = 2;
      }
      this.u16.push(i);
      this.u8.push(i + added);
      this.u8len.push(bytes);
      added += bytes - units;
      this.extra.push(added);
      i += units - 1;
    }
  }

  /** UTF-16 offset of a UTF-8 byte offset; a byte inside a multi-byte character maps to its start. */
  toUtf16(byte: number): number {
    const i = lastIndexAtMost(this.u8, byte);
    if (i < 0) return byte;
    if (byte < this.u8[i] + this.u8len[i]) return this.u16[i];
    return byte - this.extra[i];
  }

  /** UTF-8 byte offset of a UTF-16 offset. */
  toByte(utf16: number): number {
    const i = lastIndexAtMost(this.u16, utf16 - 1);
    return i < 0 ? utf16 : utf16 + this.extra[i];
  }
}

function isLowSurrogate(c: number): boolean {
  return c >= 0xdc00 && c <= 0xdfff;
}

/** Index of the last element ≤ value in an ascending array, or −1. */
function lastIndexAtMost(a: number[], value: number): number {
  let lo = 0;
  let hi = a.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (a[mid] <= value) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}
