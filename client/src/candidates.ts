/**
 * Candidate folders: when a workspace folder has no migration set but folders that look like
 * migrations (numbered `.sql` files the globs miss), the server says so
 * (`migrationLens/candidateFolders`) and this shows one notification whose buttons run
 * `migrationLens.useCandidateFolder`. That explicit command has the server add the folder to
 * `sets` in `.migration-lens.json`; nothing is written otherwise.
 */
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import {
  COMMANDS,
  METHODS,
  type CandidateFolder,
  type CandidateFoldersParams,
  type UseCandidateFolderParams,
  type UseCandidateFolderResult,
} from '../../shared/protocol';

/** At most this many "Use … as migrations" buttons in one notification. */
const MAX_BUTTONS = 3;

export function registerCandidates(client: LanguageClient): vscode.Disposable {
  const shown = new Set<string>();
  const notification = client.onNotification(METHODS.candidateFolders, (params: CandidateFoldersParams) => {
    const key = `${params.folderUri}\0${params.candidates.map((c) => c.relDir).join('\0')}`;
    if (shown.has(key) || !params.candidates.length) return;
    shown.add(key);
    void offer(params);
  });
  return vscode.Disposable.from(
    notification,
    vscode.commands.registerCommand(COMMANDS.useCandidateFolder, (arg?: unknown) => useCandidateFolder(client, arg)),
  );
}

function buttonOf(c: CandidateFolder): string {
  return `Use ${c.relDir || '.'} as migrations`;
}

async function offer(params: CandidateFoldersParams): Promise<void> {
  const [first, ...more] = params.candidates;
  const folderName = vscode.workspace.getWorkspaceFolder(vscode.Uri.parse(params.folderUri))?.name;
  const what =
    more.length === 0
      ? `${first.relDir || '.'} holds ${first.files} numbered .sql files`
      : `${params.candidates.length} folders hold numbered .sql files (${params.candidates.map((c) => c.relDir || '.').slice(0, MAX_BUTTONS).join(', ')}${params.candidates.length > MAX_BUTTONS ? ', …' : ''})`;
  const message = `Migration Lens found no migrations${folderName ? ` in ${folderName}` : ''}, but ${what}. Lint and preview ${more.length ? 'one of them' : 'it'} as a migration set? This adds it to "sets" in .migration-lens.json.`;
  const buttons = params.candidates.slice(0, MAX_BUTTONS);
  const picked = await vscode.window.showInformationMessage(message, ...buttons.map(buttonOf));
  const candidate = buttons.find((c) => buttonOf(c) === picked);
  if (candidate) await vscode.commands.executeCommand(COMMANDS.useCandidateFolder, { folderUri: params.folderUri, relDir: candidate.relDir } satisfies UseCandidateFolderParams);
}

async function useCandidateFolder(client: LanguageClient, arg: unknown): Promise<UseCandidateFolderResult | undefined> {
  const params = arg as Partial<UseCandidateFolderParams> | undefined;
  if (typeof params?.folderUri !== 'string' || typeof params.relDir !== 'string') {
    void vscode.window.showErrorMessage('Migration Lens: this command is run from the notification about folders that look like migrations.');
    return undefined;
  }
  const result = await client.sendRequest<UseCandidateFolderResult>(METHODS.useCandidateFolder, { folderUri: params.folderUri, relDir: params.relDir } satisfies UseCandidateFolderParams);
  if (!result.ok) void vscode.window.showErrorMessage(`Migration Lens: ${result.message}`);
  else void vscode.window.showInformationMessage(result.changed ? `Migration Lens: ${params.relDir || '.'} is now a migration set (added to "sets" in .migration-lens.json).` : `Migration Lens: ${params.relDir || '.'} is already in "sets" of .migration-lens.json.`);
  return result;
}
