/**
 * "Migration Lens: New Migration" in a real VS Code: for a workspace of each convention (the
 * layout fixtures, copied into the temp workspace), the command creates the right files, opens
 * the main one with the first placeholder selected, and the new file lints clean. The palette
 * path (quick pick of the set, input box) runs with the two prompts answered by stubs.
 */
import * as assert from 'node:assert/strict';
import { promises as fs, readFileSync } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { EXTENSION_ID, lensDiagnostics, ruleIdOf, sleep, waitForDiagnostics, workspaceRoot } from './helpers';

const COMMAND = 'migrationLens.newMigration';
/** Where the layout fixtures are copied, inside the (temporary) workspace folder. */
const SCRATCH = 'new-migration-it';

interface Created {
  main: string;
  files: string[];
  relFiles: string[];
  journal?: string;
  selection: { start: number; end: number };
}

/** Copies test/fixtures/layouts/<name> into the workspace; returns its absolute path. */
async function copyLayout(name: string, as = name): Promise<string> {
  const from = path.join(vscode.extensions.getExtension(EXTENSION_ID)!.extensionPath, 'test/fixtures/layouts', name);
  const to = path.join(workspaceRoot(), SCRATCH, as);
  await fs.cp(from, to, { recursive: true });
  return to;
}

async function runNew(args: { description: string; setRoot: string; dangerous?: boolean }): Promise<Created> {
  const created = await vscode.commands.executeCommand<Created | undefined>(COMMAND, args);
  assert.ok(created, `${COMMAND} created nothing for ${JSON.stringify(args)}`);
  return created;
}

type Window = { -readonly [K in keyof typeof vscode.window]: (typeof vscode.window)[K] };

/**
 * Runs `fn` with the command's prompts answered: each quick pick takes the first item whose
 * label is in `pick`, the input box returns `input` (after running its validation over
 * `validate`). Records what was asked; restores the real prompts afterwards.
 */
async function withPrompts<T>(answers: { pick?: string[]; input?: string; validate?: string[] }, fn: () => Thenable<T>): Promise<{ result: T; asked: string[]; validation: unknown[] }> {
  const window = vscode.window as Window;
  const original = { showQuickPick: window.showQuickPick, showInputBox: window.showInputBox };
  const asked: string[] = [];
  let validation: unknown[] = [];
  window.showQuickPick = (async (items: readonly vscode.QuickPickItem[] | Thenable<readonly vscode.QuickPickItem[]>, options?: vscode.QuickPickOptions) => {
    const list = await items;
    asked.push(`pick ${options?.placeHolder}: ${list.map((i) => `${i.label} (${i.description ?? ''})`).join(', ')}`);
    return list.find((i) => answers.pick?.includes(i.label));
  }) as unknown as Window['showQuickPick'];
  window.showInputBox = (async (options?: vscode.InputBoxOptions) => {
    asked.push(`input: ${options?.prompt}`);
    validation = await Promise.all((answers.validate ?? []).map(async (v) => await options?.validateInput?.(v)));
    return answers.input;
  }) as Window['showInputBox'];
  try {
    return { result: await fn(), asked, validation };
  } finally {
    Object.assign(window, original);
  }
}

const rel = (abs: string) => path.relative(workspaceRoot(), abs).split(path.sep).join('/');

/** The new file is the active editor, with the selection the command reported. */
function assertOpenedWithSelection(created: Created): vscode.TextEditor {
  const editor = vscode.window.activeTextEditor;
  assert.ok(editor, 'an editor is open');
  assert.equal(editor.document.uri.fsPath, created.main);
  const { start, end } = created.selection;
  assert.deepEqual([editor.document.offsetAt(editor.selection.start), editor.document.offsetAt(editor.selection.end)], [start, end]);
  return editor;
}

/**
 * Clean: the server lints the new file (it reports the one reminder that it is still empty) and,
 * once the layout rules have seen the new set, nothing else.
 */
async function assertLintsClean(uri: vscode.Uri, alsoReported: string[] = []): Promise<void> {
  const expected = ['empty-migration', ...alsoReported];
  await waitForDiagnostics(uri, (ds) => expected.every((id) => ds.some((d) => ruleIdOf(d) === id)), 'the new file to be linted');
  await sleep(1500); // nothing else may follow
  assert.deepEqual(lensDiagnostics(uri).map((d) => ruleIdOf(d)).sort(), expected.sort(), lensDiagnostics(uri).map((d) => d.message).join('\n'));
}

suite('New Migration in a real VS Code', () => {
  suiteTeardown(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await fs.rm(path.join(workspaceRoot(), SCRATCH), { recursive: true, force: true });
  });

  /** `alsoReported`: findings the fixture itself causes, not the new file. */
  const CASES: { fixture: string; as?: string; setRoot: string; description: string; files: RegExp[]; alsoReported?: string[] }[] = [
    { fixture: 'numbered', setRoot: 'db', description: 'graph weights', files: [/^db\/101_graph_weights\.sql$/, /^db\/101_graph_weights_down\.sql$/] },
    { fixture: 'up-down', setRoot: 'backend/src/db/migrations', description: 'add tags', files: [/\/003_add_tags\.up\.sql$/, /\/003_add_tags\.down\.sql$/] },
    { fixture: 'prisma', setRoot: 'prisma/migrations', description: 'add avatar', files: [/^prisma\/migrations\/\d{12}_add_avatar\/migration\.sql$/] },
    { fixture: 'monorepo', as: 'drizzle', setRoot: 'apps/api/drizzle', description: 'add shipments', files: [/^apps\/api\/drizzle\/0001_add_shipments\.sql$/] },
    // The old-format journal lists 0002 without its file: drizzle-kit numbers the new one 0003 after the journal's last idx.
    { fixture: 'drizzle-v5', setRoot: 'drizzle', description: 'add shipments', files: [/^drizzle\/0003_add_shipments\.sql$/], alsoReported: ['gap-in-numbering'] },
    // 0019_hand_written.sql is missing from this journal, yet its number is taken: the new file is 0020, a gap in the journal's numbering.
    { fixture: 'drizzle-v7', setRoot: 'db/migrations', description: 'add shipments', files: [/^db\/migrations\/0020_add_shipments\.sql$/], alsoReported: ['gap-in-numbering'] },
    { fixture: 'supabase', setRoot: 'supabase/migrations', description: 'add invoices', files: [/^supabase\/migrations\/\d{14}_add_invoices\.sql$/] },
    { fixture: 'init-sorted', setRoot: 'db/init', description: 'recommendations', files: [/^db\/init\/05_recommendations\.sql$/] },
  ];

  for (const c of CASES) {
    test(`${c.as ?? c.fixture}: creates the convention's files, opens the main one, and it lints clean`, async () => {
      const ws = await copyLayout(c.fixture, c.as);
      const created = await runNew({ description: c.description, setRoot: path.join(ws, c.setRoot) });
      const inFixture = created.files.map((f) => path.relative(ws, f).split(path.sep).join('/'));
      assert.equal(inFixture.length, c.files.length, inFixture.join(', '));
      c.files.forEach((re, i) => assert.match(inFixture[i], re));
      for (const f of created.files) assert.equal(readFileSync(f, 'utf8'), '', `${rel(f)} exists, empty without a header template`);
      if (c.fixture.startsWith('drizzle')) {
        const journal = JSON.parse(readFileSync(created.journal!, 'utf8'));
        assert.equal(journal.entries.at(-1).tag, path.basename(created.main, '.sql'));
      }
      assertOpenedWithSelection(created);
      await assertLintsClean(vscode.Uri.file(created.main), c.alsoReported);
    });
  }

  test('a folder that does not exist: asked first (modal "Create Folder"); declined, nothing is written; accepted, the server creates it with the migration', async () => {
    const ws = await copyLayout('numbered', 'missing-folder');
    const target = path.join(ws, 'reporting/migrations');
    const window = vscode.window as Window;
    const original = window.showWarningMessage;
    const asked: string[] = [];
    let answer: string | undefined;
    window.showWarningMessage = (async (message: string, options: vscode.MessageOptions, ...items: string[]) => {
      asked.push(`${message} | modal: ${options?.modal} | ${options?.detail} | ${items.join(', ')}`);
      return answer;
    }) as unknown as Window['showWarningMessage'];
    try {
      const declined = await vscode.commands.executeCommand<Created | undefined>(COMMAND, { description: 'daily totals', setRoot: target });
      assert.equal(declined, undefined);
      assert.equal(await fs.stat(target).catch(() => undefined), undefined, 'declined: the folder is not created');
      answer = 'Create Folder';
      const created = await vscode.commands.executeCommand<Created | undefined>(COMMAND, { description: 'daily totals', setRoot: target });
      assert.ok(created, `asked: ${asked.join(' / ')}`);
      assert.ok(created.files.length > 0 && created.files.every((f) => path.dirname(f) === target), created.files.join(', '));
      assert.match(path.basename(created.main), /daily_totals/);
    } finally {
      window.showWarningMessage = original;
    }
    const question = `${SCRATCH}/missing-folder/reporting/migrations does not exist. | modal: true | Create the folder and start a new migration set in it? Nothing is written otherwise. | Create Folder`;
    assert.deepEqual(asked, [question, question]);
  });

  test('from the explorer: the folder argument picks the set; a name that sorts before existing files is refused', async () => {
    const ws = await copyLayout('monorepo');
    // The explorer passes the folder's Uri: `apps` holds one set, so only the description is asked.
    const prompts = await withPrompts({ input: 'Ünïcode!!' }, () => vscode.commands.executeCommand<Created | undefined>(COMMAND, vscode.Uri.file(path.join(ws, 'apps'))));
    assert.deepEqual(prompts.asked.map((a) => a.split(':')[0]), ['input']);
    assert.equal(prompts.result && rel(prompts.result.main), `${SCRATCH}/monorepo/apps/api/drizzle/0001_unicode.sql`);
    const journalPath = path.join(ws, 'apps/api/drizzle/meta/_journal.json');
    assert.equal(JSON.parse(readFileSync(journalPath, 'utf8')).entries.at(-1).tag, '0001_unicode');

    // A future-dated migration: the new name would sort before it, so nothing is written.
    const supabase = path.join(ws, 'services/billing/supabase/migrations');
    await fs.writeFile(path.join(supabase, '29990101000000_future.sql'), 'SELECT 1;\n');
    const before = (await fs.readdir(supabase)).sort();
    const refused = await vscode.commands.executeCommand<Created | undefined>(COMMAND, { description: 'too early', setRoot: supabase });
    assert.equal(refused, undefined);
    assert.deepEqual((await fs.readdir(supabase)).sort(), before);
  });

  test('palette path: quick pick of the set, the input box validates, the header template is filled', async () => {
    const ws = await copyLayout('supabase', 'header-supabase');
    const configPath = path.join(workspaceRoot(), '.migration-lens.json');
    await fs.writeFile(configPath, JSON.stringify({ header: { preset: 'studyboost', project: 'Shop' } }));
    try {
      const { asked, validation, result: created } = await withPrompts(
        // The supabase copy among the workspace's sets, then "Dangerous migration".
        { pick: [`${SCRATCH}/header-supabase/supabase/migrations`, 'Dangerous migration'], input: 'Drop legacy orders', validate: ['', 'x\ny', 'Drop legacy orders'] },
        () => vscode.commands.executeCommand<Created | undefined>(COMMAND),
      );
      assert.ok(created, `asked: ${asked.join(' | ')}`);
      assert.equal(asked.length, 3, asked.join('\n'));
      assert.match(asked[0], /^pick Which migration set\?: .*db\/init \(init-sorted\).*new-migration-it\/header-supabase\/supabase\/migrations \(supabase\)/);
      assert.equal(asked[1], 'input: Describe the migration (new-migration-it/header-supabase/supabase/migrations, supabase)');
      assert.match(asked[2], /^pick Does it drop/);
      assert.match(String(validation[0]), /Describe the migration/);
      assert.match(String(validation[1]), /single line/);
      assert.match((validation[2] as vscode.InputBoxValidationMessage).message, /^Creates new-migration-it\/header-supabase\/supabase\/migrations\/\d{14}_drop_legacy_orders\.sql$/);

      const editor = assertOpenedWithSelection(created);
      const text = editor.document.getText();
      const stem = path.basename(created.main, '.sql');
      assert.match(text, new RegExp(`^-- Shop — Drop legacy orders\\n-- Migration: ${stem}\\n-- Date: \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d\\n-- Type: Dangerous migration$`, 'm'));
      assert.match(text, /^-- DANGEROUS CHANGE REVIEW$/m);
      assert.equal(editor.document.getText(editor.selection), '<why this migration exists>');
      assert.equal(path.dirname(created.main), path.join(ws, 'supabase/migrations'));
      // The header is right: the only header findings are the placeholders left to fill in.
      const diags = await waitForDiagnostics(editor.document.uri, (ds) => ds.some((d) => ruleIdOf(d) === 'header-field-missing'), 'placeholder findings');
      assert.deepEqual(
        diags.filter((d) => ruleIdOf(d)?.startsWith('header') && !/still a placeholder/.test(d.message)).map((d) => `${ruleIdOf(d)}: ${d.message}`),
        [],
      );
    } finally {
      await fs.rm(configPath, { force: true });
    }
  });
});
