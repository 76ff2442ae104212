/** Engine offsets (UTF-16) → the 1-based line:column regions every output format uses. */
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Finding } from '../engine';
import { rangeOf } from '../lsp/positions';
import type { CliFinding, Region } from './report';

export function regionOf(doc: TextDocument, start: number, end: number): Region {
  const r = rangeOf(doc, start, end);
  return { line: r.start.line + 1, column: r.start.character + 1, endLine: r.end.line + 1, endColumn: r.end.character + 1 };
}

export function locateFindings(text: string, findings: Finding[]): CliFinding[] {
  if (findings.length === 0) return [];
  const doc = TextDocument.create('file:///migration.sql', 'sql', 0, text);
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
