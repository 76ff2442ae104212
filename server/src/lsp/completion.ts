/**
 * Completion of header fields (the team's migration header): on a comment line of the header block, offer the
 * template's fields that are not written yet, with the migration name and the current date
 * filled in, and the DATA RISK scale after `DATA RISK:`.
 */
import { CompletionItemKind, InsertTextFormat, type CompletionItem, type Position } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { HeaderConfig } from '../config-model';
import type { ParsedFile } from '../parse/parser';
import { field, migrationNameOf, readHeader } from '../header/parse';
import { formatHeaderDate, requiredFields, templateLineFor } from '../header/template';

const RISK_LEVELS = ['none', 'low', 'medium', 'high'];

export function headerCompletions(doc: TextDocument, file: ParsedFile | undefined, cfg: HeaderConfig | undefined, relPath: string, pos: Position, now = new Date()): CompletionItem[] {
  if (!cfg) return [];
  const offset = doc.offsetAt(pos);
  const firstStatement = file?.statements[0]?.start ?? doc.getText().length;
  if (offset > firstStatement) return [];
  const lineText = doc.getText({ start: { line: pos.line, character: 0 }, end: pos });
  const comment = /^\s*--\s*(.*)$/.exec(lineText);
  if (!comment) return [];
  const typed = comment[1];

  if (/^DATA RISK:\s*\S*$/i.test(typed)) {
    return RISK_LEVELS.map((level, i) => ({
      label: level,
      kind: CompletionItemKind.EnumMember,
      sortText: String(i),
      insertText: `${level} (\${1:reason})`,
      insertTextFormat: InsertTextFormat.Snippet,
      detail: 'DATA RISK level',
    }));
  }
  if (typed.includes(':')) return [];

  const header = file && readHeader(file);
  const keys = [...requiredFields(cfg), 'Type'];
  return keys
    .filter((key) => !field(header, key))
    .map((key, i) => {
      const value = valueFor(cfg, key, relPath, now);
      return {
        label: `${key}:`,
        kind: CompletionItemKind.Field,
        sortText: String(i).padStart(3, '0'),
        detail: 'Migration header field',
        insertText: `${key}: ${value}`,
        insertTextFormat: InsertTextFormat.Snippet,
      };
    });
}

function valueFor(cfg: HeaderConfig, key: string, relPath: string, now: Date): string {
  switch (key.toLowerCase()) {
    case 'migration':
      return migrationNameOf(relPath);
    case 'date':
      return formatHeaderDate(now);
    case 'type':
      return 'Dangerous migration';
    case 'data risk':
      return '${1|none,low,medium,high|} (${2:reason})';
    default: {
      const placeholder = /:\s*<([^>]*)>/.exec(templateLineFor(cfg, key))?.[1] ?? key.toLowerCase();
      return `\${1:${placeholder.replace(/[$}\\]/g, '\\$&')}}`;
    }
  }
}
