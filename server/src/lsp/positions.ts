/**
 * Engine offsets (UTF-16 code units, the same unit as LSP's default position encoding) as LSP
 * ranges. Diagnostics, code actions and hover use it, on the document (TextDocument) or on a
 * text the engine ran on (parse/positions.ts's LineIndex): both count line breaks as LSP does.
 */
import type { Position, Range } from 'vscode-languageserver';

/** A TextDocument, or a LineIndex of the text the offsets refer to. */
interface PositionSource {
  positionAt(offset: number): Position;
}

export function rangeOf(doc: PositionSource, start: number, end: number): Range {
  return { start: doc.positionAt(start), end: doc.positionAt(Math.max(start, end)) };
}

export function sameRange(a: Range, b: Range): boolean {
  return (
    a.start.line === b.start.line &&
    a.start.character === b.start.character &&
    a.end.line === b.end.line &&
    a.end.character === b.end.character
  );
}
