/**
 * Reads a migration for linting: bytes first, so that binary files and invalid UTF-8 get a
 * clear word instead of a confusing parse. The engine itself reports NUL bytes and maxFileSize.
 */
import { MAX_SQL_READ_BYTES, readRegularFile } from '../limits';

type ReadResult = { ok: true; text: string; notes: string[] } | { ok: false; message: string };

/**
 * `known`: the file's text as the run already read it for its set (cli/lint-files.ts' readOnce,
 * decoded as UTF-8 with invalid bytes replaced): taken as it is when the decoding here gives the
 * same, i.e. when it holds no NUL, no U+FFFD (an invalid byte, or one written so) and no leading
 * byte-order mark (which TextDecoder drops: https://encoding.spec.whatwg.org/#utf-8-decode).
 */
export function readMigration(absPath: string, shownAs: string, known?: string): ReadResult {
  if (known !== undefined && known.charCodeAt(0) !== 0xfeff && !known.includes('\u0000') && !known.includes('\ufffd')) return { ok: true, text: known, notes: [] };
  // A FIFO or a device would block the read forever, or never end: regular files only, bounded.
  const read = readRegularFile(absPath, MAX_SQL_READ_BYTES);
  if (!read.ok) return { ok: false, message: read.kind === 'special' || read.kind === 'too-large' ? `${shownAs}: ${read.reason}` : `${shownAs}: cannot read (${read.reason})` };
  const bytes = read.bytes;
  // Binary: decode loosely; the NUL characters survive and the engine reports the file as binary.
  if (bytes.includes(0)) return { ok: true, text: new TextDecoder().decode(bytes), notes: [] };
  try {
    return { ok: true, text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), notes: [] };
  } catch {
    return {
      ok: true,
      text: new TextDecoder().decode(bytes),
      notes: [`${shownAs}: not valid UTF-8; linted with the invalid bytes replaced by U+FFFD`],
    };
  }
}
