/**
 * Extension entry point. Activation only starts the language server and registers commands:
 * everything heavy (the parser, rules, PGlite) lives in the server process, so activation stays
 * well inside the 50 ms budget.
 */
import * as vscode from 'vscode';
import { createLanguageClient } from './languageClient';
import { registerNewMigration } from './newMigration';
import { registerPreview, type PreviewApi } from './preview/index';
import { registerRuleDocs } from './ruleDocs';

const OUTPUT_CHANNEL_NAME = 'Migration Lens';

export async function activate(context: vscode.ExtensionContext): Promise<PreviewApi> {
  const started = Date.now();
  const output = vscode.window.createOutputChannel(OUTPUT_CHANNEL_NAME);
  context.subscriptions.push(output);
  const client = createLanguageClient(context, output);
  context.subscriptions.push(
    registerRuleDocs(client),
    registerNewMigration(),
    vscode.commands.registerCommand('migrationLens.restartServer', async () => {
      output.appendLine('Restarting the Migration Lens server…');
      await client.restart();
    }),
    { dispose: () => void client.stop() },
  );
  // Not awaited: diagnostics arrive when the server is up; activation itself returns at once.
  client.start().catch((e: unknown) => {
    output.appendLine(`The Migration Lens server failed to start: ${e instanceof Error ? e.message : String(e)}`);
    output.show(true);
  });
  const preview = registerPreview(context, output);
  output.appendLine(`Migration Lens activated in ${Date.now() - started} ms.`);
  return preview;
}

export function deactivate(): void {
  // The client is stopped through context.subscriptions.
}
