/**
 * The live database in VS Code: "Connect to Database…" keeps the URL in SecretStorage (never in
 * settings.json or .migration-lens.json) and hands it to the language server, which reads the
 * database read-only and computes everything. This module only shows: the status bar
 * ("3 pending"), each migration's state for the Migrations view, and the checklist copy.
 * Refused in an untrusted workspace.
 */
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { LIVE_METHODS, type LiveStatus, type MigrationStatus } from '../../shared/protocol';

const SECRET_PREFIX = 'migrationLens.databaseUrl:';
const UNTRUSTED_LIVE_MESSAGE = 'Migration Lens does not connect to a database from an untrusted workspace. Trust the workspace first.';

export class LiveController implements vscode.Disposable {
  private readonly statuses = new Map<string, LiveStatus>();
  private readonly bar = vscode.window.createStatusBarItem('migrationLens.live', vscode.StatusBarAlignment.Left, 50);
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;
  private readonly subscriptions: vscode.Disposable[] = [];

  constructor(private readonly context: vscode.ExtensionContext, private readonly client: LanguageClient) {
    this.bar.name = 'Migration Lens: database';
    this.bar.command = 'migrationLens.refreshDatabaseStatus';
    this.subscriptions.push(
      this.bar,
      this.changed,
      vscode.commands.registerCommand('migrationLens.connectDatabase', (arg?: { url?: string; folder?: vscode.Uri }) => this.connect(arg)),
      vscode.commands.registerCommand('migrationLens.disconnectDatabase', () => this.disconnect()),
      vscode.commands.registerCommand('migrationLens.refreshDatabaseStatus', () => this.refresh(false)),
      vscode.commands.registerCommand('migrationLens.runPreflightProbes', () => this.refresh(true)),
      vscode.commands.registerCommand('migrationLens.copyPreflightChecklist', (target?: vscode.Uri | { file?: { path: string } }) => this.copyChecklist(target)),
      vscode.workspace.onDidGrantWorkspaceTrust(() => void this.reconnect()),
    );
  }

  /** Once the server is up: reconnect the folders whose URL is in SecretStorage (trusted workspaces only). */
  started(): void {
    this.client.onNotification(LIVE_METHODS.changed, (status: LiveStatus) => this.update(status));
    void this.reconnect();
  }

  /** The state of a migration file in the database, when connected. */
  stateOf(path: string): MigrationStatus | undefined {
    for (const s of this.statuses.values()) for (const set of s.sets) for (const m of set.status?.migrations ?? []) if (m.path === path) return m;
    return undefined;
  }

  /** What the status bar shows (for the tests). */
  get barText(): string {
    return this.bar.text;
  }

  status(folderUri: string): LiveStatus | undefined {
    return this.statuses.get(folderUri);
  }

  /** Every connected folder's last status (or why it has none). */
  all(): LiveStatus[] {
    return [...this.statuses.values()];
  }

  private async connect(arg?: { url?: string; folder?: vscode.Uri }): Promise<LiveStatus | undefined> {
    if (!vscode.workspace.isTrusted) {
      void vscode.window.showErrorMessage(UNTRUSTED_LIVE_MESSAGE);
      return undefined;
    }
    const folder = arg?.folder ? vscode.workspace.getWorkspaceFolder(arg.folder) : await pickFolder();
    if (!folder) return undefined;
    const url = arg?.url ?? (await vscode.window.showInputBox({
      title: 'Migration Lens: Connect to Database',
      prompt: `Database URL for ${folder.name}: read-only, kept in VS Code's secret storage`,
      placeHolder: 'postgres://user:password@host:5432/database?sslmode=require',
      password: true,
      ignoreFocusOut: true,
      validateInput: (v) => (/^postgres(ql)?:\/\/\S+$/.test(v.trim()) ? undefined : 'A PostgreSQL URL: postgres://user:password@host:5432/database'),
    }));
    if (!url) return undefined;
    await this.context.secrets.store(SECRET_PREFIX + folder.uri.toString(), url.trim());
    const status = await this.send(LIVE_METHODS.connect, { folderUri: folder.uri.toString(), url: url.trim() });
    if (status?.error) void vscode.window.showErrorMessage(`Migration Lens: ${status.error}`);
    else if (status) void vscode.window.showInformationMessage(`Migration Lens: connected read-only to ${status.database}: ${summary(status)}.`);
    return status;
  }

  private async disconnect(): Promise<void> {
    for (const folder of vscode.workspace.workspaceFolders ?? []) {
      const key = SECRET_PREFIX + folder.uri.toString();
      if (!(await this.context.secrets.get(key)) && !this.statuses.has(folder.uri.toString())) continue;
      await this.context.secrets.delete(key);
      await this.send(LIVE_METHODS.disconnect, { folderUri: folder.uri.toString() });
      this.statuses.delete(folder.uri.toString());
    }
    this.render();
  }

  private async refresh(probes: boolean): Promise<void> {
    const folders = [...this.statuses.keys()];
    if (!folders.length) {
      void vscode.window.showInformationMessage('Migration Lens: not connected to a database. Run "Migration Lens: Connect to Database…".');
      return;
    }
    for (const folderUri of folders) {
      const status = await this.send(LIVE_METHODS.status, { folderUri, probes });
      if (probes && status && !status.error) {
        void vscode.window.showInformationMessage(status.failing ? `Migration Lens: pre-flight probes predict ${status.failing} pending migration${status.failing === 1 ? '' : 's'} will fail (see the CodeLens).` : 'Migration Lens: pre-flight probes found nothing that would fail on today\'s rows.');
      }
    }
  }

  private async copyChecklist(target?: vscode.Uri | { file?: { path: string } }): Promise<void> {
    const path = target instanceof vscode.Uri ? target.fsPath : target?.file?.path ?? vscode.window.activeTextEditor?.document.uri.fsPath;
    const folder = path ? vscode.workspace.getWorkspaceFolder(vscode.Uri.file(path)) : undefined;
    if (!path || !folder || !this.statuses.has(folder.uri.toString())) {
      void vscode.window.showErrorMessage('Migration Lens: open a pending migration of a connected workspace folder to copy its pre-flight checklist.');
      return;
    }
    const text = await this.client.sendRequest<string | null>(LIVE_METHODS.checklist, { folderUri: folder.uri.toString(), path });
    if (!text) {
      void vscode.window.showErrorMessage('Migration Lens: this migration is not pending in the connected database.');
      return;
    }
    await vscode.env.clipboard.writeText(text);
    void vscode.window.showInformationMessage('Migration Lens: pre-flight checklist copied.');
  }

  private async reconnect(): Promise<void> {
    if (!vscode.workspace.isTrusted) return;
    for (const folder of vscode.workspace.workspaceFolders ?? []) {
      const url = await this.context.secrets.get(SECRET_PREFIX + folder.uri.toString());
      if (url) await this.send(LIVE_METHODS.connect, { folderUri: folder.uri.toString(), url });
    }
  }

  private async send(method: string, params: object): Promise<LiveStatus | undefined> {
    try {
      const status = await this.client.sendRequest<LiveStatus>(method, params);
      this.update(status);
      return status;
    } catch (e) {
      void vscode.window.showErrorMessage(`Migration Lens: ${e instanceof Error ? e.message : String(e)}`);
      return undefined;
    }
  }

  private update(status: LiveStatus): void {
    if (status.connected || status.error) this.statuses.set(status.folderUri, status);
    else this.statuses.delete(status.folderUri);
    this.render();
  }

  private render(): void {
    const all = [...this.statuses.values()];
    if (!all.length) {
      this.bar.hide();
    } else {
      const failed = all.some((s) => s.error);
      const pending = all.reduce((n, s) => n + s.pending, 0);
      const trouble = all.reduce((n, s) => n + s.sets.reduce((m, set) => m + (set.status ? set.status.counts.failed + set.status.counts.edited + set.status.counts.missing : 0), 0), 0);
      this.bar.text = failed ? '$(database) $(error) database' : `$(database) ${pending ? `${pending} pending` : 'up to date'}${trouble ? ` $(warning) ${trouble}` : ''}`;
      this.bar.tooltip = all.map((s) => (s.error ? `✗ ${s.error}` : `${s.database}: ${summary(s)}`)).join('\n') + '\n\nClick to read the database again.';
      this.bar.show();
    }
    this.changed.fire();
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
  }
}

function summary(s: LiveStatus): string {
  const counts = { applied: 0, pending: 0, failed: 0, edited: 0, missing: 0 };
  for (const set of s.sets) for (const [k, v] of Object.entries(set.status?.counts ?? {})) counts[k as keyof typeof counts] += v;
  const parts = [`${counts.applied + counts.edited} applied`, `${counts.pending} pending`];
  if (counts.failed) parts.push(`${counts.failed} failed`);
  if (counts.edited) parts.push(`${counts.edited} edited since applied`);
  if (counts.missing) parts.push(`${counts.missing} missing from the files`);
  const problems = s.sets.map((set) => set.problem).filter(Boolean);
  return parts.join(', ') + (problems.length ? `; ${problems.join('; ')}` : '');
}

async function pickFolder(): Promise<vscode.WorkspaceFolder | undefined> {
  const folders = vscode.workspace.workspaceFolders ?? [];
  if (folders.length <= 1) return folders[0];
  return vscode.window.showWorkspaceFolderPick({ placeHolder: 'Which workspace folder do its migrations belong to?' });
}

/** The Migrations view's mark for a file's state in the database. */
export const LIVE_ICONS: Record<MigrationStatus['state'], [string, string | undefined]> = {
  applied: ['pass', 'testing.iconPassed'],
  pending: ['circle-filled', 'charts.blue'],
  failed: ['error', 'testing.iconFailed'],
  edited: ['warning', 'list.warningForeground'],
  missing: ['question', undefined],
};

export function liveDescription(m: MigrationStatus): string {
  const when = m.appliedAt ? ` ${m.appliedAt.slice(0, 10)}` : '';
  const word = m.state === 'applied' ? `✓ applied${when}` : m.state === 'pending' ? '● pending' : m.state === 'failed' ? `✗ failed${when}` : m.state === 'edited' ? `⚠ edited since applied${when}` : '? not in the files';
  return `db: ${word}`;
}
