/**
 * Candidate folders in a real VS Code: a workspace whose numbered .sql files sit in a folder no
 * convention's globs reach has no migration set; the command behind the notification's
 * "Use src/app/sql as migrations" button adds the folder to `sets` in .migration-lens.json,
 * keeping the file's other content, and the folder then previews as a set.
 */
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { PreviewApi } from '../../../client/src/preview/index';
import { EXTENSION_ID, useFixture, workspaceRoot } from './helpers';

suite('candidate folders in a real VS Code', () => {
  suiteTeardown(() => useFixture());

  test('Use <folder> as migrations writes the set into .migration-lens.json, and the folder previews as a set', async function () {
    this.timeout(120_000);
    await useFixture('candidates');
    const { migrationsTree } = (await vscode.extensions.getExtension(EXTENSION_ID)!.activate()) as PreviewApi;
    const folderUri = vscode.workspace.workspaceFolders![0].uri.toString();

    const result = await vscode.commands.executeCommand('migrationLens.useCandidateFolder', { folderUri, relDir: 'src/app/sql' });
    assert.deepEqual(result && { ...(result as object), configUri: undefined }, { ok: true, configUri: undefined, changed: true });
    const config = readFileSync(path.join(workspaceRoot(), '.migration-lens.json'), 'utf8');
    assert.equal(config, '{\n  // the team\'s settings\n  "postgresVersion": 16,\n  "sets": [{ "folders": ["src/app/sql"] }]\n}\n');

    // The server reads the configuration again (file watcher), then the folder is a set.
    const deadline = Date.now() + 30_000;
    let files: string[] = [];
    while (Date.now() < deadline) {
      await vscode.commands.executeCommand('migrationLens.preview');
      const sets = (await migrationsTree.getChildren()) ?? [];
      files = sets.length === 1 ? ((await migrationsTree.getChildren(sets[0])) ?? []).map((n) => String((migrationsTree.getTreeItem(n) as vscode.TreeItem).label)) : [];
      if (files.length) break;
      await new Promise((r) => setTimeout(r, 500));
    }
    assert.deepEqual(files, ['000_init.sql', '001_name.sql', '002_index.sql']);
  });
});
