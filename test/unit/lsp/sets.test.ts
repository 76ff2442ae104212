import * as assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { FileChangeType } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { SetTracker } from '../../../server/src/lsp/sets';
import { Workspace } from '../../../server/src/lsp/workspace';

describe('language server sets: typing never waits for a detection', () => {
  let dir: string;
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('keeps an open member on its set context after a file event, until the scheduled refresh detects again and relints it', async function () {
    this.timeout(20_000);
    dir = mkdtempSync(join(tmpdir(), 'lens-sets-'));
    mkdirSync(join(dir, 'migrations'));
    const write = (name: string, text: string) => writeFileSync(join(dir, 'migrations', name), text);
    write('001_users.up.sql', 'CREATE TABLE users (id bigint);\n');
    const useText = 'CREATE INDEX users_email_idx ON users (email);\n';
    write('003_use.up.sql', useText);
    const folder = pathToFileURL(dir).toString();
    const uri = pathToFileURL(join(dir, 'migrations', '003_use.up.sql')).toString();
    const workspace = new Workspace(async () => ({ lintOpenFilesOnly: true }));
    workspace.setFolders([folder]);
    let doc = TextDocument.create(uri, 'sql', 1, useText);
    let relinted: () => void = () => undefined;
    const sets = new SetTracker({
      folderUris: () => [folder],
      folderOf: () => folder,
      configFor: (f) => workspace.configFor(f),
      ready: Promise.resolve(),
      openDocuments: () => [doc],
      relint: (uris) => uris.includes(uri) && relinted(),
      sendDiagnostics: () => undefined,
      log: () => undefined,
    });
    const fc = await workspace.configFor(folder);
    const refreshed = () => new Promise<void>((resolve) => (relinted = resolve));
    const lint = () => sets.lintDocument(doc, workspace.scopeOf(uri)!, fc)!.findings.filter((f) => f.ruleId === 'column-does-not-exist').map((f) => f.message);
    const missing = ['Column email does not exist on users at this point: users is created in migrations/001_users.up.sql:1 without it, and no later statement adds it.'];

    const first = refreshed();
    assert.deepEqual(lint(), missing);
    await first;

    // A migration appears before it, adding the column: the keystroke right after the watcher
    // event is linted on the sets as they were (no detection), the refresh then brings the new one.
    write('002_email.up.sql', 'ALTER TABLE users ADD COLUMN email text;\n');
    const second = refreshed();
    sets.filesChanged([{ uri: pathToFileURL(join(dir, 'migrations', '002_email.up.sql')).toString(), type: FileChangeType.Created }]);
    doc = TextDocument.update(doc, [{ text: `${useText}-- typing\n` }], 2);
    assert.deepEqual(lint(), missing);
    await second;
    assert.deepEqual(lint(), []);
  });
});
