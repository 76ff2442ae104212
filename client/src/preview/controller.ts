/**
 * The editor side of the schema preview: asks the language server (which owns the sets, one
 * preview session per set and the proofs, see server/src/lsp/preview.ts) through the requests of
 * shared/protocol.ts, and shows what comes back: the views read the sets from here, the status
 * bar shows the last outcome, progress follows the server's `$/progress`. The trust gate stays
 * here: the server runs SQL only when the client asks.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { WorkDoneProgress, type LanguageClient } from 'vscode-languageclient/node';
import {
  METHODS,
  type ApplyError,
  type CommandProof,
  type MigrationSet,
  type ProofResult,
  type ProofRunInfo,
  type ProveResult,
  type PreviewResult,
  type RunParams,
  type SchemaChangeResult,
  type SchemaModel,
  type SetInfo,
  type SetsResult,
  type SchemaDdl,
} from '../../../shared/protocol';
import { PreviewTrustGate, RUN_PREVIEW, UNTRUSTED_PREVIEW_DETAIL, UNTRUSTED_PREVIEW_MESSAGE, type PreviewTrigger } from '../trust';

/** A detected set and what its last preview gave, as the server reported them. */
export class SetEntry {
  constructor(
    readonly folder: vscode.WorkspaceFolder,
    private readonly info: SetInfo,
  ) {}

  get set(): MigrationSet {
    return this.info.set;
  }

  get autoRefresh(): boolean {
    return this.info.autoRefresh;
  }

  get result(): PreviewResult | undefined {
    return this.info.result;
  }

  /** The DDL of each object of the result's schema, as the server rendered it. */
  get ddl(): SchemaDdl | undefined {
    return this.info.ddl;
  }

  get failure(): string | undefined {
    return this.info.failure;
  }
}

export interface SchemaChange {
  entry: SetEntry;
  before: SchemaModel;
  after: SchemaModel;
  /** Both as SQL, rendered by the server. */
  beforeSql: string;
  afterSql: string;
  /** The file's own apply error, when it fails. */
  error?: ApplyError;
}

/** One set's proof: its result (findings without the suppressed ones), or why it could not run. */
export interface ProofRun {
  entry: SetEntry;
  kind: CommandProof;
  /** Files, down files or snapshots the proof covered. */
  covered: number;
  result?: ProofResult;
  failure?: string;
}

export class PreviewController implements vscode.Disposable {
  private entries?: SetEntry[];
  /** Ask the server again on the next request; the entries keep the last results meanwhile. */
  private stale = false;
  private sessions = 0;
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;
  private readonly progressed = new vscode.EventEmitter<string>();
  /** Each progress message a preview or proof shows ("applying 87/163: 20250522_add_organisations"), as it is shown. */
  readonly onDidReportProgress = this.progressed.event;
  private readonly status = vscode.window.createStatusBarItem('migrationLens.preview', vscode.StatusBarAlignment.Left, 10);
  private readonly subscriptions: vscode.Disposable[] = [];
  /** Previews run the workspace's SQL: in an untrusted workspace, only after the user says so. */
  private readonly trust = new PreviewTrustGate({
    isTrusted: () => vscode.workspace.isTrusted,
    confirm: async () =>
      (await vscode.window.showWarningMessage(UNTRUSTED_PREVIEW_MESSAGE, { modal: true, detail: UNTRUSTED_PREVIEW_DETAIL }, RUN_PREVIEW)) === RUN_PREVIEW,
  });

  constructor(
    private readonly client: LanguageClient,
    private readonly output: vscode.OutputChannel,
  ) {
    this.status.name = 'Migration Lens schema preview';
    this.showIdle();
    // Files appeared or vanished, the configuration changed, a preview or proof finished.
    this.subscriptions.push(client.onNotification(METHODS.setsChanged, () => this.refresh()));
  }

  /** The workspace's migration sets (asked of the server on first use, and again after a change). */
  async sets(): Promise<SetEntry[]> {
    if (!this.entries || this.stale) await this.fetch(false);
    return this.entries!;
  }

  /** The sets as last reported, without asking (none before the first answer). */
  knownSets(): SetEntry[] {
    return this.entries ?? [];
  }

  /** Ask the server for the sets again on the next request (results are kept per set there). */
  refresh(): void {
    if (!this.entries) return;
    this.stale = true;
    this.changed.fire();
  }

  /** Whether SQL may run now (asks in an untrusted workspace, see trust.ts). */
  allowsRun(trigger: PreviewTrigger = 'user'): Promise<boolean> {
    return this.trust.allows(trigger);
  }

  /** Sessions (each one worker thread with its PGlite, in the language server) as last reported; none before the first preview. */
  get sessionCount(): number {
    return this.sessions;
  }

  /** Previews every set (queued in the server, never overlapping). Refused by the trust gate: the last results, unchanged. */
  async preview(location: vscode.ProgressLocation = vscode.ProgressLocation.Notification, trigger: PreviewTrigger = 'user'): Promise<SetEntry[]> {
    if (!(await this.allowsRun(trigger))) return this.knownSets();
    this.showRunning();
    let cancelled: string | undefined;
    try {
      // Cancel (the notification's button) cancels the request: the server stops before its next file and answers.
      const res = await this.withServerProgress(location, 'Migration Lens: previewing the schema', (params, token) => this.client.sendRequest<SetsResult>(METHODS.preview, params, token), true);
      this.accept(res);
      cancelled = res.cancelled;
    } catch (e) {
      this.output.appendLine(`[preview] ${e instanceof Error ? e.message : String(e)}`);
    }
    this.showOutcome(this.knownSets());
    if (cancelled) {
      this.status.text = '$(circle-slash) Preview cancelled';
      this.status.tooltip = `${cancelled}\n\nClick to preview again.`;
      void vscode.window.showInformationMessage(cancelled);
    }
    this.changed.fire();
    return this.knownSets();
  }

  /** Runs a proof on every set it applies to. Refused by the trust gate: undefined. */
  /** `files`: the files the user picked (idempotency); without them, where the runner re-applies files. */
  async prove(kind: CommandProof, title: string, files?: string[]): Promise<ProofRun[] | undefined> {
    if (!(await this.allowsRun())) return undefined;
    const res = await this.withServerProgress(vscode.ProgressLocation.Notification, title, (params) => this.client.sendRequest<ProveResult>(METHODS.prove, { ...params, kind, ...(files ? { files } : {}) }));
    this.sessions = res.sessions;
    const entries = await this.sets();
    return res.runs.flatMap((run: ProofRunInfo) => {
      const entry = entries.find((e) => e.set.root === run.root);
      return entry ? [{ entry, kind: run.kind, covered: run.covered, result: run.result, failure: run.failure }] : [];
    });
  }

  /** The schema before and after one migration file (both applied through the set's session). */
  async schemaChange(file: string): Promise<SchemaChange | undefined> {
    if (!(await this.allowsRun())) return undefined;
    const res = await this.client.sendRequest<SchemaChangeResult | null>(METHODS.schemaChange, { file, dirty: dirtyFiles() });
    if (!res) return undefined;
    const entry = (await this.sets()).find((e) => e.set.root === res.root);
    return entry && { entry, before: res.before, after: res.after, beforeSql: res.beforeSql, afterSql: res.afterSql, error: res.error };
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
    this.status.dispose();
    this.changed.dispose();
    this.progressed.dispose();
  }

  private async fetch(fresh: boolean): Promise<void> {
    this.accept(await this.client.sendRequest<SetsResult>(METHODS.sets, { fresh }));
  }

  private accept(res: SetsResult): void {
    this.sessions = res.sessions;
    this.entries = res.sets.flatMap((info) => {
      const folder = vscode.workspace.getWorkspaceFolder(vscode.Uri.parse(info.folderUri));
      return folder ? [new SetEntry(folder, info)] : [];
    });
    this.stale = false;
    if (this.entries.length) this.status.show();
    else this.status.hide();
  }

  /** A request that reports `$/progress` on a token of ours, shown at `location`; `cancellable`: with a Cancel button. */
  private async withServerProgress<T>(
    location: vscode.ProgressLocation,
    title: string,
    send: (params: RunParams, token: vscode.CancellationToken) => Promise<T>,
    cancellable = false,
  ): Promise<T> {
    return await vscode.window.withProgress({ location, title, cancellable }, async (progress, token) => {
      const workDoneToken = `migrationLens/${Date.now()}/${Math.random().toString(36).slice(2)}`;
      const sub = this.client.onProgress(WorkDoneProgress.type, workDoneToken, (value) => {
        if (value.kind !== 'report' || !value.message) return;
        progress.report({ message: value.message });
        this.progressed.fire(value.message);
      });
      try {
        return await send({ dirty: dirtyFiles(), workDoneToken }, token);
      } finally {
        sub.dispose();
      }
    });
  }

  private showIdle(): void {
    this.status.text = '$(database) Schema preview';
    this.status.tooltip = 'Migration Lens: Preview Schema';
    this.status.command = 'migrationLens.preview';
    this.status.backgroundColor = undefined;
  }

  private showRunning(): void {
    this.status.text = '$(sync~spin) Previewing schema…';
    this.status.backgroundColor = undefined;
  }

  private showOutcome(entries: SetEntry[]): void {
    const failed = entries.find((e) => e.failure || (e.result && !e.result.ok));
    if (!entries.length) return this.showIdle();
    if (failed) {
      const e = failed.result?.error;
      this.status.text = e ? `$(error) Preview failed at ${path.basename(e.path)}:${e.line}` : '$(error) Preview failed';
      this.status.tooltip = e ? `${e.message}\n\nClick to preview again.` : failed.failure;
      this.status.backgroundColor = new vscode.ThemeColor('statusBarItem.errorBackground');
      return;
    }
    const files = entries.reduce((n, e) => n + (e.result?.files.length ?? 0), 0);
    const ms = Math.round(entries.reduce((n, e) => n + (e.result?.timings.totalMs ?? 0), 0));
    this.status.text = `$(check) ${files} file${files === 1 ? '' : 's'} in ${ms} ms`;
    this.status.tooltip = `Migration Lens: schema preview of ${entries.map(labelOf).join(', ')}. Click to preview again.`;
    this.status.backgroundColor = undefined;
  }
}

/** Files with unsaved edits: the server runs their editor text, and reads every other file from the disk. */
function dirtyFiles(): string[] {
  return vscode.workspace.textDocuments.filter((d) => d.isDirty && d.uri.scheme === 'file').map((d) => d.uri.fsPath);
}

/** The set as the views name it: its folder relative to the workspace folder; a set joined by `sets`, its name or its folders in order. */
export function labelOf(entry: SetEntry): string {
  if (entry.set.name !== undefined) return entry.set.name;
  if (entry.set.parts) return entry.set.parts.map((p) => p.relRoot || entry.folder.name).join(' + ');
  return entry.set.relRoot || entry.folder.name;
}
