/**
 * In a real VS Code: open migrations of the fixture workspace, see Migration Lens diagnostics at
 * the right range, apply a quick fix through VS Code's own code-action machinery, and see the
 * diagnostic go away.
 */
import * as assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { EXTENSION_ID, fileUri, openInEditor, ruleIdOf, sleep, waitForDiagnostics, workspaceRoot } from './helpers';

const RULE = 'create-table-without-if-not-exists';
const INIT_FILE = 'db/init/01_schema.sql';
const PRISMA_FILE = 'prisma/migrations/202604211430_add_prefs/migration.sql';

/** The range of the statement that starts with `head` (end excludes the `;`, as the engine reports it). */
function statementRange(doc: vscode.TextDocument, head: string): vscode.Range {
  const text = doc.getText();
  const start = text.indexOf(head);
  assert.ok(start >= 0, `fixture lost "${head}"`);
  return new vscode.Range(doc.positionAt(start), doc.positionAt(text.indexOf(';', start)));
}

/** The head of that statement: its first line, which the squiggle of a whole-statement finding covers. */
function headRange(doc: vscode.TextDocument, head: string): vscode.Range {
  const start = statementRange(doc, head).start;
  return new vscode.Range(start, doc.lineAt(start.line).range.end);
}

const byRuleAt = (line: number) => (d: vscode.Diagnostic) => ruleIdOf(d) === RULE && d.range.start.line === line;

suite('diagnostics in a real VS Code', () => {
  test('the extension activates for a workspace with migration folders', async () => {
    workspaceRoot();
    const ext = vscode.extensions.getExtension(EXTENSION_ID)!;
    await ext.activate();
    assert.equal(ext.isActive, true);
  });

  test('an init-sorted migration gets a diagnostic at the statement, and its quick fix removes it', async () => {
    const doc = await openInEditor(INIT_FILE);
    // The squiggle covers the statement's first line; the whole statement is its related information.
    const expected = headRange(doc, 'CREATE TABLE movies');
    const whole = statementRange(doc, 'CREATE TABLE movies');
    const diags = await waitForDiagnostics(doc.uri, (ds) => ds.some(byRuleAt(expected.start.line)), `${RULE} on CREATE TABLE movies`);
    const diag = diags.find(byRuleAt(expected.start.line))!;
    const numbers = (r: vscode.Range) => [r.start.line, r.start.character, r.end.line, r.end.character];
    assert.deepEqual(numbers(diag.range), numbers(expected));
    assert.deepEqual(diag.relatedInformation?.map((r) => [r.location.uri.toString(), ...numbers(r.location.range), r.message]), [[doc.uri.toString(), ...numbers(whole), 'The whole statement']]);
    // db/init is applied on every deploy: idempotency findings are warnings there, not information.
    assert.equal(diag.severity, vscode.DiagnosticSeverity.Warning);
    // The idempotent CREATE TABLE IF NOT EXISTS genres is not flagged.
    assert.equal(diags.filter((d) => ruleIdOf(d) === RULE).length, 1, 'only the unguarded CREATE TABLE is flagged');

    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', doc.uri, diag.range);
    const fix = actions.find((a) => a.edit && /IF NOT EXISTS/i.test(a.title));
    assert.ok(fix, `no IF NOT EXISTS fix among: ${actions.map((a) => a.title).join(' | ')}`);
    assert.equal(await vscode.workspace.applyEdit(fix.edit!), true);
    assert.match(doc.getText(), /CREATE TABLE IF NOT EXISTS movies \(/);

    await waitForDiagnostics(doc.uri, (ds) => !ds.some((d) => ruleIdOf(d) === RULE), `${RULE} to go away after the fix`);
  });

  test('a prisma migration in the same workspace is linted too', async () => {
    const doc = await openInEditor(PRISMA_FILE);
    const expected = statementRange(doc, 'CREATE TABLE user_preferences');
    await waitForDiagnostics(doc.uri, (ds) => ds.some(byRuleAt(expected.start.line)), `${RULE} on CREATE TABLE user_preferences`);
  });

  test('a .sql file outside the migration globs is left alone', async () => {
    const adhoc = 'notes/adhoc-query.sql';
    await fs.mkdir(path.dirname(fileUri(adhoc).fsPath), { recursive: true });
    await fs.writeFile(fileUri(adhoc).fsPath, 'CREATE TABLE scratch (id int);\n');
    const doc = await openInEditor(adhoc);
    // A migration opened after it gets linted, so the server has seen both by then.
    const probe = await openInEditor(INIT_FILE);
    await waitForDiagnostics(probe.uri, (ds) => ds.length > 0, 'any diagnostic on the init file');
    await sleep(1000);
    assert.deepEqual(vscode.languages.getDiagnostics(doc.uri).filter((d) => d.source === 'migration-lens'), []);
  });

  test('.migration-lens.json turns a rule off, and the open migration is linted again', async () => {
    const doc = await openInEditor(PRISMA_FILE);
    const line = statementRange(doc, 'CREATE TABLE user_preferences').start.line;
    await waitForDiagnostics(doc.uri, (ds) => ds.some(byRuleAt(line)), `${RULE} before the config change`);
    const configPath = path.join(workspaceRoot(), '.migration-lens.json');
    await fs.writeFile(configPath, JSON.stringify({ rules: { [RULE]: 'off' } }, null, 2));
    try {
      await waitForDiagnostics(doc.uri, (ds) => !ds.some((d) => ruleIdOf(d) === RULE), `${RULE} to be turned off by .migration-lens.json`);
    } finally {
      await fs.rm(configPath, { force: true });
    }
    await waitForDiagnostics(doc.uri, (ds) => ds.some(byRuleAt(line)), `${RULE} to come back once the config file is gone`);
  });
});
