/** The contributed SQL snippets expand cleanly in a real editor, and the header names the migration. */
import * as assert from 'node:assert/strict';
import { promises as fs, readFileSync } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { EXTENSION_ID, fileUri, openInEditor } from './helpers';

interface SnippetFile {
  [name: string]: { prefix: string; body: string[]; description: string };
}

function snippets(): SnippetFile {
  const root = vscode.extensions.getExtension(EXTENSION_ID)!.extensionPath;
  return JSON.parse(readFileSync(path.join(root, 'snippets/sql.json'), 'utf8')) as SnippetFile;
}

/** Expands `body` into a new, empty migration at `relativePath` (created in the temp workspace). */
async function expand(relativePath: string, body: string[]): Promise<string> {
  await fs.mkdir(path.dirname(fileUri(relativePath).fsPath), { recursive: true });
  await fs.writeFile(fileUri(relativePath).fsPath, '');
  const doc = await openInEditor(relativePath);
  const editor = vscode.window.activeTextEditor!;
  await editor.edit((b) => b.delete(new vscode.Range(0, 0, doc.lineCount, 0)));
  assert.equal(await editor.insertSnippet(new vscode.SnippetString(body.join('\n')), new vscode.Position(0, 0)), true);
  return doc.getText();
}

suite('snippets', () => {
  test('every snippet expands to SQL without leftover placeholders', async () => {
    for (const [name, snippet] of Object.entries(snippets())) {
      assert.match(snippet.prefix, /^ml[a-z]+$/, `${name}: prefix`);
      const text = await expand('db/init/90_snippet.sql', snippet.body);
      assert.doesNotMatch(text, /\$\{|\$\d/, `${name} left snippet syntax behind:\n${text}`);
      assert.ok(text.trim().length > 0, `${name} expanded to nothing`);
    }
  });

  test('the header snippet names the migration after its prisma folder or its file', async () => {
    const header = snippets()['Migration header block'].body;
    const prisma = await expand('prisma/migrations/202605010900_snippet/migration.sql', header);
    assert.match(prisma, /^-- Migration: 202605010900_snippet$/m);
    const init = await expand('db/init/91_header.sql', header);
    assert.match(init, /^-- Migration: 91_header$/m);
    assert.match(init, /^-- Date: \d{4}-\d{2}-\d{2} \d{2}:\d{2}$/m);
  });
});
