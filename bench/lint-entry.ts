// What the language server does per document change, without the LSP transport.
import { TextDocument } from 'vscode-languageserver-textdocument';
import { lintText } from '../server/src/engine';

export { initParser } from '../server/src/parse/parser';

export function diagnosticsFor(text: string): { start: unknown; end: unknown }[] {
  const doc = TextDocument.create('file:///bench/db/init/01_bench.sql', 'sql', 1, text);
  return lintText(text, { path: 'db/init/01_bench.sql' }).findings.map((f) => ({ start: doc.positionAt(f.start), end: doc.positionAt(f.end) }));
}
