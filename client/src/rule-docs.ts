/**
 * `migrationLens.showRuleDocs`: the server renders a rule's docs as markdown (custom request
 * `migrationLens/ruleDocs`); the client shows them in a read-only virtual document
 * (`migration-lens-docs:/<rule-id>.md`) with the markdown preview.
 */
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { COMMANDS, METHODS, type RuleDocsParams } from '../../shared/protocol';

const DOCS_SCHEME = 'migration-lens-docs';

function ruleDocsUri(ruleId: string): vscode.Uri {
  return vscode.Uri.from({ scheme: DOCS_SCHEME, path: `/${ruleId}.md` });
}

function ruleIdOf(uri: vscode.Uri): string {
  return uri.path.replace(/^\//, '').replace(/\.md$/, '');
}

export function registerRuleDocs(client: LanguageClient): vscode.Disposable {
  const provider: vscode.TextDocumentContentProvider = {
    async provideTextDocumentContent(uri, token) {
      const ruleId = ruleIdOf(uri);
      try {
        return await client.sendRequest<string>(METHODS.ruleDocs, { ruleId } satisfies RuleDocsParams, token);
      } catch (e) {
        // An unknown id or a server that is not up: say so on the page instead of failing to open it.
        return `# ${ruleId}\n\n${e instanceof Error ? e.message : String(e)}\n`;
      }
    },
  };
  return vscode.Disposable.from(
    vscode.workspace.registerTextDocumentContentProvider(DOCS_SCHEME, provider),
    vscode.commands.registerCommand(COMMANDS.showRuleDocs, (ruleId?: unknown) => showRuleDocs(ruleId)),
  );
}

async function showRuleDocs(ruleId: unknown): Promise<vscode.TextDocument | undefined> {
  const id = typeof ruleId === 'string' && ruleId ? ruleId : await vscode.window.showInputBox({ prompt: 'Migration Lens rule id', placeHolder: 'create-table-without-if-not-exists' });
  if (!id) return undefined;
  const uri = ruleDocsUri(id.trim());
  const doc = await vscode.workspace.openTextDocument(uri);
  try {
    await vscode.commands.executeCommand('markdown.showPreview', uri);
  } catch {
    // Without the built-in markdown extension, the source is still readable.
    await vscode.window.showTextDocument(doc, { preview: true });
  }
  return doc;
}
