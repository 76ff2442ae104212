/**
 * Preview Schema on the layout fixture of every convention, in a real VS Code: the Migrations
 * view lists the files in the convention's apply order, all applied, and the Schema view holds
 * the tables (and their columns) the migrations make. Same expectations as the engine test.
 */
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { PreviewApi } from '../../../client/src/preview/index';
import type { SchemaNode } from '../../../client/src/preview/schema-tree';
import { CONVENTION_CASES, MORE_CONVENTION_CASES } from '../../fixtures/conventions';
import { EXTENSION_ID, useFixture } from './helpers';

/** schema.table(columns) of every table in the Schema view (one set: its schemas are the roots). */
async function tablesInView(tree: vscode.TreeDataProvider<SchemaNode>): Promise<string[]> {
  const out: string[] = [];
  for (const schema of (await tree.getChildren()) ?? []) {
    const tables = ((await tree.getChildren(schema)) ?? []).find((g) => g.label === 'Tables');
    for (const table of tables ? ((await tree.getChildren(tables)) ?? []) : []) {
      // Columns are the children whose DDL adds a column (a primary key constraint has the key icon too).
      const columns = ((await tree.getChildren(table)) ?? []).filter((c) => /^ALTER TABLE .* ADD COLUMN /.test(c.ddl ?? ''));
      out.push(`${schema.label}.${table.label}(${columns.map((c) => c.label).join(',')})`);
    }
  }
  return out.sort();
}

/** How the Migrations view names a file: its name, or `<folder>/migration.sql` for Prisma. */
const fileLabel = (rel: string): string =>
  path.basename(rel) === 'migration.sql' ? `${path.basename(path.dirname(rel))}/migration.sql` : path.basename(rel);

suite('schema preview of every convention in a real VS Code', () => {
  suiteTeardown(() => useFixture());

  for (const c of CONVENTION_CASES) {
    test(`${c.fixture}: Preview Schema applies the ${c.convention} set in order and fills the Schema view`, async function () {
      this.timeout(120_000);
      await useFixture(`layouts/${c.fixture}`);
      const { schemaTree, migrationsTree } = (await vscode.extensions.getExtension(EXTENSION_ID)!.activate()) as PreviewApi;
      await vscode.commands.executeCommand('migrationLens.preview');

      const sets = (await migrationsTree.getChildren()) ?? [];
      assert.equal(sets.length, 1, 'one set in the Migrations view');
      const set = migrationsTree.getTreeItem(sets[0]) as vscode.TreeItem;
      assert.match(String(set.description), new RegExp(`^${c.convention} · ${c.order.length} files · ✓`));
      const files = ((await migrationsTree.getChildren(sets[0])) ?? []).map((n) => migrationsTree.getTreeItem(n) as vscode.TreeItem);
      assert.deepEqual(files.map((f) => [f.label, (f.iconPath as vscode.ThemeIcon).id]), c.order.map((rel) => [fileLabel(rel), 'pass']));

      assert.deepEqual(await tablesInView(schemaTree), c.tables);
    });
  }

  test('flyway: Preview Schema applies V1, V1.9, V1.10, V2 by version, then the repeatable R__ script; U2 undo and the afterMigrate callback are not applied', async function () {
    this.timeout(120_000);
    const c = MORE_CONVENTION_CASES.find((x) => x.fixture === 'flyway')!;
    await useFixture(`layouts/${c.fixture}`);
    const { schemaTree, migrationsTree } = (await vscode.extensions.getExtension(EXTENSION_ID)!.activate()) as PreviewApi;
    await vscode.commands.executeCommand('migrationLens.preview');

    const sets = (await migrationsTree.getChildren()) ?? [];
    assert.equal(sets.length, 1, 'one set in the Migrations view');
    const set = migrationsTree.getTreeItem(sets[0]) as vscode.TreeItem;
    assert.match(String(set.description), /^flyway · 5 files · ✓/);
    const files = ((await migrationsTree.getChildren(sets[0])) ?? []).map((n) => migrationsTree.getTreeItem(n) as vscode.TreeItem);
    assert.deepEqual(files.map((f) => [f.label, (f.iconPath as vscode.ThemeIcon).id]), [
      ['V1__init.sql', 'pass'],
      ['V1.9__add_b.sql', 'pass'],
      ['V1.10__add_c.sql', 'pass'],
      ['V2__create_d.sql', 'pass'],
      ['R__a_view.sql', 'pass'],
    ]);
    assert.deepEqual(files.map((f) => f.label), c.order.map(fileLabel));

    // The tables of the versioned scripts, with every column (c from 1.10, applied after 1.9's b), and the view of the repeatable one.
    assert.deepEqual(await tablesInView(schemaTree), c.tables);
    const [publicSchema] = (await schemaTree.getChildren()) ?? [];
    const views = ((await schemaTree.getChildren(publicSchema)) ?? []).find((g) => g.label === 'Views');
    assert.ok(views, 'a Views group');
    assert.deepEqual(((await schemaTree.getChildren(views)) ?? []).map((v) => v.label), ['a_view']);
  });
});
