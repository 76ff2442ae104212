/**
 * Schema navigation in a real VS Code, on the layout fixture of every convention: the outline of
 * the first migration, Go to Definition (F12) and Find All References (Shift+F12) on the table it
 * creates, hover on that name, and completion of the tables after `ALTER TABLE ` typed at the end
 * of the last migration, through the same commands the editor's keys run.
 */
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as vscode from 'vscode';
import { CONVENTION_CASES, MORE_CONVENTION_CASES } from '../../fixtures/conventions';
import { EXTENSION_ID, fileUri, openInEditor, sleep, useFixture } from './helpers';

/** The document symbols, asked until the language server answers with some (it starts with the extension). */
async function symbolsOf(uri: vscode.Uri): Promise<vscode.DocumentSymbol[]> {
  for (let i = 0; i < 100; i++) {
    const symbols = await vscode.commands.executeCommand<vscode.DocumentSymbol[] | undefined>('vscode.executeDocumentSymbolProvider', uri);
    if (symbols?.length) return symbols;
    await sleep(200);
  }
  return [];
}

const label = (table: string) => {
  const [schema, name] = table.replace(/\(.*$/, '').split('.');
  return schema === 'public' ? name : `${schema}.${name}`;
};

suite('schema navigation on every convention in a real VS Code', () => {
  suiteTeardown(() => useFixture());

  for (const c of [...CONVENTION_CASES, ...MORE_CONVENTION_CASES]) {
    test(`${c.fixture}: outline, F12, Shift+F12, hover and completion answer from the ${c.convention} set`, async function () {
      this.timeout(120_000);
      await useFixture(`layouts/${c.fixture}`);
      await vscode.extensions.getExtension(EXTENSION_ID)!.activate();
      // The first migration that creates a table: its outline names the statement, F12 on the name stays there.
      let table: vscode.DocumentSymbol | undefined;
      let uri: vscode.Uri | undefined;
      for (const rel of c.order) {
        uri = fileUri(rel);
        const doc = await openInEditor(rel);
        // A document the previous suite had open at this path shows the fixture's text a moment later.
        for (let i = 0; i < 50 && doc.getText() !== readFileSync(uri.fsPath, 'utf8'); i++) await sleep(200);
        table = (await symbolsOf(uri)).find((s) => /^CREATE (UNLOGGED )?TABLE/i.test(s.name));
        if (table) break;
      }
      assert.ok(table && uri, `a CREATE TABLE in the outline of ${c.fixture}`);
      // VS Code sorts the locations by file: the creation is among them (the later ALTERs of the table too).
      const listsCreation = async () => {
        const defs = await vscode.commands.executeCommand<(vscode.Location | vscode.LocationLink)[]>('vscode.executeDefinitionProvider', uri, table!.selectionRange.start);
        const targets = defs.map((d) => ('targetUri' in d ? { uri: d.targetUri, range: d.targetRange } : d));
        return targets.some((t) => t.uri.toString() === uri!.toString() && t.range.isEqual(table!.selectionRange));
      };
      // The fixture just replaced the previous one's files, and a document of the same path that was
      // open shows the new text a moment later: ask the outline again with the definition until both agree.
      let found = await listsCreation();
      for (let i = 0; i < 50 && !found; i++) {
        await sleep(200);
        table = (await symbolsOf(uri)).find((s) => /^CREATE (UNLOGGED )?TABLE/i.test(s.name)) ?? table;
        found = await listsCreation();
      }
      assert.ok(found, 'F12 on the created name lists its creation');
      const at = table.selectionRange.start;
      const refs = await vscode.commands.executeCommand<vscode.Location[]>('vscode.executeReferenceProvider', uri, at);
      assert.ok(refs.some((r) => r.uri.toString() === uri!.toString() && r.range.isEqual(table!.selectionRange)), 'Shift+F12 lists the creation');
      const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, at);
      const text = hovers.flatMap((h) => h.contents.map((m) => (typeof m === 'string' ? m : m.value))).join('\n');
      assert.match(text, /\*\*table\*\*/);
      assert.match(text, /This statement creates it/);

      // Completion at the end of the last migration: every table the set leaves.
      const last = c.order[c.order.length - 1];
      const doc = await openInEditor(last);
      const end = doc.lineAt(doc.lineCount - 1).range.end;
      const edit = new vscode.WorkspaceEdit();
      edit.insert(doc.uri, end, '\nALTER TABLE ');
      await vscode.workspace.applyEdit(edit);
      const cursor = doc.lineAt(doc.lineCount - 1).range.end;
      const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', doc.uri, cursor);
      const labels = list.items.map((i) => (typeof i.label === 'string' ? i.label : i.label.label));
      for (const t of c.tables) assert.ok(labels.includes(label(t)), `${label(t)} offered after ALTER TABLE in ${last} (${labels.slice(0, 20).join(', ')})`);
      // No unsaved edit left behind: saved later, it would write into a folder the next fixture is removing.
      await vscode.window.showTextDocument(doc);
      await vscode.commands.executeCommand('workbench.action.files.revert');
      assert.equal(doc.isDirty, false, `${last} reverted`);
    });
  }
});
