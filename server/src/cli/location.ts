/** Engine offsets (UTF-16) → the 1-based line:column regions every output format uses. */
import type { Finding } from '../engine';
import { LineIndex } from '../parse/positions';
import type { CliFinding, Region } from './report';

/** `doc`: a LineIndex of the text (or anything that converts offsets the same way, such as a TextDocument). */
export function regionOf(doc: Pick<LineIndex, 'positionAt'>, start: number, end: number): Region {
  const s = doc.positionAt(start);
  const e = doc.positionAt(Math.max(start, end));
  return { line: s.line + 1, column: s.character + 1, endLine: e.line + 1, endColumn: e.character + 1 };
}

/** A region back as engine offsets in the same text. */
export function offsetsOf(doc: LineIndex, r: Region): { start: number; end: number } {
  return { start: doc.offsetAt({ line: r.line - 1, character: r.column - 1 }), end: doc.offsetAt({ line: r.endLine - 1, character: r.endColumn - 1 }) };
}

export function locateFindings(text: string, findings: Finding[]): CliFinding[] {
  if (findings.length === 0) return [];
  const doc = new LineIndex(text);
  return findings.map((f) => ({
    ruleId: f.ruleId,
    category: f.category,
    severity: f.severity,
    message: f.message,
    region: regionOf(doc, f.start, f.end),
    ...(f.fullStatement ? { statementRegion: regionOf(doc, f.fullStatement.start, f.fullStatement.end) } : {}),
    fixes: f.fixes.map((fix) => ({
      title: fix.title,
      edits: fix.edits.map((e) => ({ region: regionOf(doc, e.start, e.end), newText: e.newText })),
    })),
  }));
}
