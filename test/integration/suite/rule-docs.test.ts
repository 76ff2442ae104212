/** The rule-docs command: the server's markdown in a read-only virtual document. */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';

suite('rule docs', () => {
  test('migrationLens.showRuleDocs opens the rule\'s markdown from the server', async () => {
    const doc = await vscode.commands.executeCommand<vscode.TextDocument | undefined>('migrationLens.showRuleDocs', 'create-table-without-if-not-exists');
    assert.ok(doc, 'the command returned no document');
    assert.equal(doc.uri.scheme, 'migration-lens-docs');
    assert.ok(vscode.workspace.textDocuments.some((d) => d.uri.toString() === doc.uri.toString()), 'the docs document is not open');
    const text = doc.getText();
    assert.match(text, /create-table-without-if-not-exists/);
    assert.match(text, /IF NOT EXISTS/);
  });

  test('an unknown rule id gives a readable page, not an error', async () => {
    const doc = await vscode.commands.executeCommand<vscode.TextDocument | undefined>('migrationLens.showRuleDocs', 'no-such-rule');
    assert.ok(doc);
    assert.match(doc.getText(), /no-such-rule/);
    assert.match(doc.getText(), /unknown/i);
  });
});
