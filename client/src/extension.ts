/**
 * Extension entry point. Activation only starts the language server and registers commands:
 * everything heavy (the parser, rules, the preview and proofs with PGlite) lives in the server
 * process, so activation stays well inside the 50 ms budget.
 */
import * as vscode from 'vscode';
import { registerCandidates } from './candidates';
import { createLanguageClient } from './language-client';
import { DriftTreeProvider } from './drift-tree';
import { LiveController } from './live';
import { registerNewMigration } from './new-migration';
import { registerPreview, type PreviewApi } from './preview/index';
import { registerProofs } from './proofs/index';
import { registerRuleDocs } from './rule-docs';

const OUTPUT_CHANNEL_NAME = 'Migration Lens';

/** performance.now() when dist/client.js started and ended loading (esbuild.mjs's banner and footer). */
declare const __migrationLensLoadStart: number;
declare const __migrationLensLoadEnd: number;

/**
 * What `activate` returns, for the integration tests: the preview's providers and the activation
 * clock. The extension's own cost (its budget: 50 ms) is loading its bundle plus
 * activate(); VS Code prepares the extension context in between, which is not counted.
 */
export interface ExtensionApi extends PreviewApi {
  activation: { loadMs: number; activateMs: number };
  live: LiveController;
  driftTree: DriftTreeProvider;
}

export async function activate(context: vscode.ExtensionContext): Promise<ExtensionApi> {
  const started = performance.now();
  const output = vscode.window.createOutputChannel(OUTPUT_CHANNEL_NAME);
  context.subscriptions.push(output);
  const client = createLanguageClient(context, output);
  context.subscriptions.push(
    registerRuleDocs(client),
    registerNewMigration(client),
    registerCandidates(client),
    vscode.commands.registerCommand('migrationLens.restartServer', async () => {
      output.appendLine('Restarting the Migration Lens server…');
      await client.restart();
    }),
    { dispose: () => void client.stop() },
  );
  const live = new LiveController(context, client);
  const driftTree = new DriftTreeProvider(live);
  context.subscriptions.push(live, driftTree, vscode.window.registerTreeDataProvider('migrationLens.drift', driftTree));
  // Not awaited: diagnostics arrive when the server is up; activation itself returns at once.
  client.start().then(() => live.started(), (e: unknown) => {
    output.appendLine(`The Migration Lens server failed to start: ${e instanceof Error ? e.message : String(e)}`);
    output.show(true);
  });
  const preview = registerPreview(context, client, output, live);
  context.subscriptions.push(registerProofs(preview.controller, client));
  const done = performance.now();
  const activation = { loadMs: __migrationLensLoadEnd - __migrationLensLoadStart, activateMs: done - started };
  output.appendLine(`Migration Lens activated: bundle loaded in ${activation.loadMs.toFixed(1)} ms, activate() ${activation.activateMs.toFixed(1)} ms.`);
  return { ...preview, activation, live, driftTree };
}

export function deactivate(): void {
  // The client is stopped through context.subscriptions.
}
