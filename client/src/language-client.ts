/** The LanguageClient for dist/server.js: which documents it sees and what it keeps in sync. */
import * as vscode from 'vscode';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import { CLIENT_ID, COMMANDS, METHODS, SERVER_NODE_FLAGS } from '../../shared/protocol';
export const CONFIG_FILE_GLOB = '**/.migration-lens.json';

export function createLanguageClient(context: vscode.ExtensionContext, output: vscode.OutputChannel): LanguageClient {
  const module = context.asAbsolutePath('dist/server.js');
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.stdio, options: { execArgv: SERVER_NODE_FLAGS } },
    debug: { module, transport: TransportKind.stdio, options: { execArgv: [...SERVER_NODE_FLAGS, '--nolazy', '--inspect=6019'] } },
  };
  const clientOptions: LanguageClientOptions = {
    // The server decides which .sql files are migrations (globs from settings and .migration-lens.json).
    documentSelector: [
      { scheme: 'file', language: 'sql' },
      { scheme: 'file', pattern: CONFIG_FILE_GLOB },
    ],
    synchronize: {
      configurationSection: CLIENT_ID,
      fileEvents: vscode.workspace.createFileSystemWatcher(CONFIG_FILE_GLOB),
    },
    outputChannel: output,
    // The lock trace runs the workspace's SQL in PGlite: not before the user trusts the workspace.
    initializationOptions: { trusted: vscode.workspace.isTrusted },
    // A finding's hover links to the rule's full documentation: that command only.
    markdown: { isTrusted: { enabledCommands: [COMMANDS.showRuleDocs] } },
  };
  const client = new LanguageClient(CLIENT_ID, 'Migration Lens', serverOptions, clientOptions);
  context.subscriptions.push(vscode.workspace.onDidGrantWorkspaceTrust(() => void client.sendNotification(METHODS.trusted)));
  return client;
}
