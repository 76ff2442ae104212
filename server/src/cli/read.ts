/**
 * Reads a migration for linting: bytes first, so that binary files and invalid UTF-8 get a
 * clear word instead of a confusing parse. The engine itself reports NUL bytes and maxFileSize.
 */
import { readFileSync, statSync } from 'node:fs';

/** Beyond this a file is not even read: no migration is this large, and a string this size would exhaust memory. */
const MAX_READ_BYTES = 256 * 1024 * 1024;

export type ReadResult = { ok: true; text: string; notes: string[] } | { ok: false; message: string };

export function readMigration(absPath: string, shownAs: string): ReadResult {
  let bytes: Buffer;
  try {
    const st = statSync(absPath);
    // A FIFO or a device would block the read forever, or never end.
    if (!st.isFile()) return { ok: false, message: `${shownAs}: not a regular file` };
    const size = st.size;
    if (size > MAX_READ_BYTES) return { ok: false, message: `${shownAs}: cannot read a ${(size / 1024 / 1024).toFixed(0)} MB file (limit ${MAX_READ_BYTES / 1024 / 1024} MB)` };
    bytes = readFileSync(absPath);
  } catch (e) {
    return { ok: false, message: `${shownAs}: cannot read (${(e as Error).message})` };
  }
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
