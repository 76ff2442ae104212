import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

interface MenuItem {
  command: string;
  when?: string;
  group?: string;
}
const manifest = JSON.parse(readFileSync(join(__dirname, '../../../package.json'), 'utf8'));
const commands = new Set<string>(manifest.contributes.commands.map((c: { command: string }) => c.command));
const menus = manifest.contributes.menus as Record<string, MenuItem[]>;

describe('extension manifest', () => {
  it('every menu entry names a contributed command', () => {
    for (const [where, items] of Object.entries(menus)) {
      for (const item of items) assert.ok(commands.has(item.command), `${where}: ${item.command} is not contributed`);
    }
  });

  it('the Migrations view offers New Migration and Preview in its title bar, the proofs and the database commands in its "…" menu', () => {
    const title = menus['view/title'].filter((m) => m.when?.includes('view == migrationLens.migrations'));
    const inBar = (m: MenuItem) => m.group?.startsWith('navigation');
    assert.deepEqual(title.filter(inBar).map((m) => m.command).sort(), ['migrationLens.newMigration', 'migrationLens.preview']);
    assert.deepEqual(title.filter((m) => !inBar(m)).map((m) => m.command).sort(), [
      'migrationLens.checkDrift', 'migrationLens.clearProofResults', 'migrationLens.connectDatabase', 'migrationLens.disconnectDatabase', 'migrationLens.proveIdempotency',
      'migrationLens.proveRoundTrip', 'migrationLens.refreshDatabaseStatus', 'migrationLens.runPreflightProbes',
    ]);
  });

  it('connecting to a database is enabled only in a trusted workspace', () => {
    const connect = manifest.contributes.commands.find((c: { command: string }) => c.command === 'migrationLens.connectDatabase');
    assert.equal(connect.enablement, 'isWorkspaceTrusted');
  });

  it('builds against the VS Code it declares (vsce refuses newer @types/vscode)', () => {
    const engine = manifest.engines.vscode.replace(/^\^/, '');
    const types = manifest.devDependencies['@types/vscode'].replace(/^[\^~]/, '');
    assert.ok(types.localeCompare(engine, undefined, { numeric: true }) <= 0, `@types/vscode ${types} > engines.vscode ${engine}`);
  });
});
