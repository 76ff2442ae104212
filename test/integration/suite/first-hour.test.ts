/**
 * The first hour of a new user, in a real VS Code (issue #18): a Drizzle project's `drizzle/`
 * folder is one of the extension's activation events and its unopened files fill the Problems
 * panel; a committed migration offers a forward-fix migration instead of an edit; the preview
 * names each file it applies and applies a migration added at the end alone; lock-trace hints fit
 * VS Code's label limit.
 */
import * as assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { ExtensionApi } from '../../../client/src/extension';
import { commitAll, git, gitInit } from '../../unit/layout/helpers';
import { EXTENSION_ID, fileUri, openInEditor, ruleIdOf, sleep, useFixture, waitForDiagnostics, workspaceRoot } from './helpers';

/** VS Code cuts inlay hint labels longer than this (`editor.inlayHints.maximumLength`'s default). */
const VSCODE_HINT_LIMIT = 43;

async function api(): Promise<ExtensionApi> {
  return (await vscode.extensions.getExtension(EXTENSION_ID)!.activate()) as ExtensionApi;
}

async function waitFor<T>(what: string, probe: () => Promise<T | undefined> | T | undefined, timeoutMs: number): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > end) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(100);
  }
}

/** Runs Preview Schema and returns the progress messages it showed. */
async function previewMessages(): Promise<string[]> {
  const messages: string[] = [];
  const sub = (await api()).controller.onDidReportProgress((m) => messages.push(m));
  try {
    await vscode.commands.executeCommand('migrationLens.preview');
  } finally {
    sub.dispose();
  }
  return messages;
}

suite('the first hour in a real VS Code', () => {
  test('Drizzle: the drizzle/ folder matches an activation event (VS Code\'s own search), and the background lint fills the Problems panel for files never opened', async function () {
    this.timeout(120_000);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await useFixture('first-hour/drizzle-app');
    const events = (vscode.extensions.getExtension(EXTENSION_ID)!.packageJSON as { activationEvents: string[] }).activationEvents;
    const matching: string[] = [];
    for (const e of events.filter((x) => x.startsWith('workspaceContains:'))) {
      const glob = e.slice('workspaceContains:'.length);
      if ((await vscode.workspace.findFiles(glob, undefined, 1)).length) matching.push(glob);
    }
    assert.ok(matching.includes('**/drizzle/**/*.sql'), `events matching the Drizzle workspace: ${matching.join(', ')}`);
    assert.ok(matching.includes('**/meta/_journal.json'), `events matching the Drizzle workspace: ${matching.join(', ')}`);

    // Never opened: the background lint's per-file finding, read with the set context (accounts comes from 0000_init).
    const index = fileUri('drizzle/0001_index.sql');
    const diags = await waitForDiagnostics(index, (d) => d.some((x) => ruleIdOf(x) === 'create-index-not-concurrently'), 'the background lint of an unopened file', 60_000);
    assert.match(diags.find((x) => ruleIdOf(x) === 'create-index-not-concurrently')!.message, /existing table accounts/);
    assert.ok(!vscode.workspace.textDocuments.some((d) => d.uri.toString() === index.toString()), 'the file was never opened');
  });

  test('preview progress names each file applied; a migration added at the end is the only one applied again', async function () {
    this.timeout(180_000);
    await useFixture('first-hour/drizzle-app');
    // 180 s for the preview: a cold PGlite on a loaded CI machine can take most of the default 30
    // (the fixture itself has no configuration file, so that only drizzle/ activates the second pass).
    await fs.writeFile(path.join(workspaceRoot(), '.migration-lens.json'), JSON.stringify({ preview: { timeoutMs: 180_000 } }));
    const first = await previewMessages();
    const drizzle = async () => (await api()).controller.knownSets().find((e) => e.set.relRoot === 'drizzle');
    assert.equal((await drizzle())?.result?.ok, true, (await drizzle())?.result?.error?.message ?? (await drizzle())?.failure);
    assert.deepEqual(first.filter((m) => m.startsWith('applying ')), ['applying 1/2: 0000_init', 'applying 2/2: 0001_index'], first.join(' | '));

    const root = workspaceRoot();
    await fs.writeFile(path.join(root, 'drizzle/0002_more.sql'), 'ALTER TABLE accounts ADD COLUMN plan text;\n');
    const journal = path.join(root, 'drizzle/meta/_journal.json');
    const parsed = JSON.parse(await fs.readFile(journal, 'utf8')) as { entries: unknown[] };
    parsed.entries.push({ idx: 2, version: '7', when: 1700000000002, tag: '0002_more', breakpoints: true });
    await fs.writeFile(journal, JSON.stringify(parsed, null, 2));
    const second = await previewMessages();
    assert.deepEqual(second.filter((m) => m.startsWith('applying ')), ['applying 3/3: 0002_more'], second.join(' | '));
    const set = await drizzle();
    assert.equal(set?.result?.ok, true, set?.result?.error?.message);
    assert.equal(set?.result?.reusedFiles, 2);
  });

  test('a migration committed on the default branch: the quick fix is "Create a forward-fix migration…", and it writes the next migration', async function () {
    this.timeout(120_000);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await useFixture('first-hour/committed');
    const root = workspaceRoot();
    gitInit(root);
    commitAll(root, 'init');
    git(root, 'checkout', '-q', '-b', 'feature');
    // A new migration on the branch: the file event makes the server read the sets and git again.
    await fs.mkdir(path.join(root, 'prisma/migrations/20240102000000_more'), { recursive: true });
    await fs.writeFile(path.join(root, 'prisma/migrations/20240102000000_more/migration.sql'), 'ALTER TABLE "users" ADD COLUMN "name" TEXT;\n');

    const doc = await openInEditor('prisma/migrations/20240101000000_init/migration.sql');
    const [diagnostic] = (await waitForDiagnostics(doc.uri, (d) => d.some((x) => ruleIdOf(x) === 'missing-lock-timeout'), 'missing-lock-timeout')).filter((x) => ruleIdOf(x) === 'missing-lock-timeout');
    const actions = await waitFor('the forward-fix action', async () => {
      const all = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', doc.uri, diagnostic.range, vscode.CodeActionKind.QuickFix.value);
      return all.some((a) => a.command?.command === 'migrationLens.createForwardFix') ? all : undefined;
    }, 60_000);
    assert.deepEqual(actions.filter((a) => a.edit).map((a) => a.title), [], 'no action edits the committed migration');
    const forward = actions.find((a) => a.command?.command === 'migrationLens.createForwardFix')!;
    assert.equal(forward.title, "Create a forward-fix migration… (Add SET lock_timeout = '5s' and SET statement_timeout = '15min')");

    const before = doc.getText();
    await vscode.commands.executeCommand(forward.command!.command, ...(forward.command!.arguments ?? []));
    const opened = await waitFor('the forward-fix migration in the editor', () => {
      const e = vscode.window.activeTextEditor;
      return e && /_forward_fix_missing_lock_timeout[\\/]migration\.sql$/.test(e.document.uri.fsPath) ? e.document : undefined;
    }, 30_000);
    assert.match(opened.getText(), /-- Forward fix for missing-lock-timeout in 20240101000000_init, which is already committed and is not edited\./);
    assert.equal(await fs.readFile(doc.uri.fsPath, 'utf8'), before, 'the committed migration is untouched');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await fs.rm(path.join(root, '.git'), { recursive: true, force: true });
  });

  test('lock-trace hints fit VS Code\'s label limit, 🔒 counted, and name what the hover lists', async function () {
    this.timeout(180_000);
    await useFixture('first-hour/trace-long');
    const doc = await openInEditor('migrations/0002_widen.sql');
    const label = (h: vscode.InlayHint) => (typeof h.label === 'string' ? h.label : h.label.map((p) => p.value).join(''));
    const hints = await waitFor('the lock-trace hint of the ALTER', async () => {
      const all = await vscode.commands.executeCommand<vscode.InlayHint[]>('vscode.executeInlayHintProvider', doc.uri, new vscode.Range(0, 0, doc.lineCount, 0));
      return all.some((h) => h.position.line === 1 && label(h).startsWith('🔒 ACCESS EXCLUSIVE')) ? all : undefined;
    }, 150_000);
    for (const h of hints) assert.ok(label(h).length <= VSCODE_HINT_LIMIT, `"${label(h)}" is ${label(h).length} UTF-16 units, over ${VSCODE_HINT_LIMIT}`);
    const alter = label(hints.find((h) => h.position.line === 1)!);
    // The strongest lock, +N for the others (the table's 9 indexes), and the rewrite, never cut mid-word.
    assert.match(alter, /^🔒 ACCESS EXCLUSIVE \S+ \+(\d+) · rewrite$/, alter);
    const others = Number(/\+(\d+)/.exec(alter)![1]);
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, new vscode.Position(1, 5));
    const text = hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
    const listed = text.split('\n').filter((l) => /^- `[A-Z ]+` on /.test(l) && !l.includes('(held)')).length;
    assert.equal(others + 1, listed, `the hint's count agrees with the hover:\n${text}`);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });
});

// The runner's second pass (test/integration/run.mjs): a workspace with nothing but a drizzle/ folder.
if (process.env.MIGRATION_LENS_IT_PASS === 'drizzle-activation') {
  suite('the first hour in a real VS Code, Drizzle-only workspace', () => {
    test('activation on a Drizzle-only workspace: the extension starts by itself and the unopened files fill the Problems panel', async function () {
      this.timeout(120_000);
      const extension = vscode.extensions.getExtension(EXTENSION_ID)!;
      // Nothing here activates it, opens a file or runs a command: only its activation events can.
      await waitFor('the extension to activate by itself', () => (extension.isActive ? true : undefined), 60_000);
      assert.deepEqual(await fs.readdir(workspaceRoot()), ['drizzle'], 'nothing but the drizzle/ folder could have activated it');
      const index = fileUri('drizzle/0001_index.sql');
      await waitForDiagnostics(index, (d) => d.some((x) => ruleIdOf(x) === 'create-index-not-concurrently'), 'the background lint of an unopened file', 60_000);
      assert.ok(!vscode.workspace.textDocuments.some((d) => d.uri.toString() === index.toString()), 'the file was never opened');
    });
  });
}
