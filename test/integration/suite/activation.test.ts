/**
 * Start-up in a real VS Code: activation is measured and reported against the extension's 50 ms
 * budget (a figure, not a pass/fail: a timed assertion would fail on a loaded CI machine), and
 * PGlite with its worker process (a child of the language server) costs nothing until a preview is asked for. Runs first, before
 * any suite could start a preview.
 */
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { ExtensionApi } from '../../../client/src/extension';
import { benchModule, EXTENSION_ID, serverPid, workspaceRoot } from './helpers';

const ACTIVATION_BUDGET_MS = 50;

async function api(): Promise<ExtensionApi> {
  workspaceRoot();
  return (await vscode.extensions.getExtension(EXTENSION_ID)!.activate()) as ExtensionApi;
}

/** The modules a bundle was built from, from its source map (the runner's build has maps). */
function bundledSources(bundle: string): string[] {
  const dist = path.join(vscode.extensions.getExtension(EXTENSION_ID)!.extensionPath, 'dist');
  return (JSON.parse(readFileSync(path.join(dist, `${bundle}.map`), 'utf8')) as { sources: string[] }).sources;
}

/** Child processes of the language server (the preview worker runs in one), as bench/process-tree.mjs reads them. */
const childProcesses = async (): Promise<number[]> => (await benchModule<{ childrenOf(pid: string): number[] }>('process-tree.mjs')).childrenOf(serverPid());

suite('activation and start-up cost', () => {
  test('activation (loading dist/client.js + activate()) is measured', async () => {
    const { loadMs, activateMs } = (await api()).activation;
    const total = loadMs + activateMs;
    const verdict = total <= ACTIVATION_BUDGET_MS ? 'within' : 'OVER';
    console.log(`      activation: ${total.toFixed(1)} ms, ${verdict} the ${ACTIVATION_BUDGET_MS} ms budget (bundle load ${loadMs.toFixed(1)} ms, activate() ${activateMs.toFixed(1)} ms)`);
    assert.ok(loadMs > 0 && activateMs > 0, 'both clocks ran');
  });

  test('PGlite is bundled into the preview worker only, never into the extension client', () => {
    const isPglite = (s: string) => s.includes('@electric-sql/pglite');
    assert.deepEqual(bundledSources('client.js').filter(isPglite), []);
    assert.ok(bundledSources('preview-worker.js').some(isPglite), 'preview-worker.js should hold PGlite');
  });

  test('no preview worker process exists until the preview command runs', async function () {
    this.timeout(120_000);
    const { controller } = await api();
    // Set detection (after activation, and for the views) must not start a worker either.
    await controller.sets();
    assert.equal(controller.sessionCount, 0, 'a preview session was started before any preview');
    assert.deepEqual(await childProcesses(), [], 'the language server has a child process before any preview');
    await vscode.commands.executeCommand('migrationLens.preview');
    assert.ok(controller.sessionCount > 0, 'the preview started no session');
    const after = await childProcesses();
    console.log(`      language server child processes: none before the preview, ${after.length} after`);
    assert.ok(after.length > 0, 'the preview\'s worker process should be a child of the language server');
  });
});
