// The fixture workspace, copied to a temp folder per run so tests never modify the repository.
import { cpSync, mkdtempSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { remoteUri, workbenchUrl } from './code-server.mjs';

export const REPO = resolve(import.meta.dirname, '../../..');
export const FIXTURE_WORKSPACE = join(REPO, 'test/fixtures/workspace');
/** Downloaded or installed VS Code hosts (gitignored). */
export const CACHE = join(REPO, '.vscode-test');
export const CODE_SERVER_CACHE = join(CACHE, 'code-server');

/** Copies the fixture (by default the suite's) to <temp>/example-app (the name VS Code shows); `remove()` deletes the temp folder. */
export function copyFixtureWorkspace(fixture = FIXTURE_WORKSPACE) {
  const parent = realpathSync(mkdtempSync(join(tmpdir(), 'migration-lens-ws-')));
  const dir = join(parent, 'example-app');
  cpSync(fixture, dir, { recursive: true });
  return { dir, remove: () => rmSync(parent, { recursive: true, force: true }) };
}

/** The migration the demo and the screenshots open first. */
export const DEMO_FILE = 'db/init/01_schema.sql';

/** Workbench URL of a code-server on `port` with the extension loaded from the repo and the demo file open. */
export function demoUrl(port, workspace) {
  return workbenchUrl(port, workspace, [
    ['extensionDevelopmentPath', remoteUri(port, REPO)],
    ['openFile', remoteUri(port, join(workspace, DEMO_FILE))],
  ]);
}
