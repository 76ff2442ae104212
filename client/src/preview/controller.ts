/**
 * The editor side of the schema preview: which migration sets the workspace has, one
 * PreviewSession (worker + PGlite, kept alive for incremental re-runs) per set, the last result
 * of each, and how results are shown outside the trees: apply errors as diagnostics, a status bar
 * item, timings in the output channel.
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { ResolvedConfig } from '../../../server/src/config';
import type { MigrationSet } from '../../../server/src/layout/types';
import type { PreviewSession } from '../../../server/src/preview/host';
import type { SchemaModel } from '../../../server/src/preview/schema-model';
import type { ProofKind, ProofRequest, ProofResult } from '../../../server/src/preview/prove/types';
import type { ApplyError, PreviewInput, PreviewResult } from '../../../server/src/preview/types';
import { PreviewTrustGate, RUN_PREVIEW, UNTRUSTED_PREVIEW_DETAIL, UNTRUSTED_PREVIEW_MESSAGE, type PreviewTrigger } from '../trust';
import { loadCore, type Core } from './core';

export const DIAGNOSTIC_SOURCE = 'migration-lens-preview';

/** What the last preview of a set gave: a result, or why it could not run (unreadable file, worker crash). */
type Outcome = { result: PreviewResult; failure?: undefined } | { result?: undefined; failure: string };

/**
 * A detected set and what the last preview of it gave. Outcomes are kept by set root, outside
 * the entry: detection may run again while a preview is under way, and the new entry must see
 * the result when it arrives.
 */
export class SetEntry {
  constructor(
    readonly folder: vscode.WorkspaceFolder,
    readonly set: MigrationSet,
    readonly config: ResolvedConfig,
    private readonly outcomes: ReadonlyMap<string, Outcome>,
  ) {}

  get result(): PreviewResult | undefined {
    return this.outcomes.get(this.set.root)?.result;
  }

  get failure(): string | undefined {
    return this.outcomes.get(this.set.root)?.failure;
  }
}

export interface SchemaChange {
  entry: SetEntry;
  before: SchemaModel;
  after: SchemaModel;
  /** The file's own apply error, when it fails. */
  error?: ApplyError;
}

/** A run-time proof for the sets: which request each set gets (none: the proof does not apply). */
export interface ProofPlan {
  kind: ProofKind;
  /** The progress notification's title. */
  title: string;
  /** May throw PreviewInputError (an unreadable down file or snapshot). */
  request(core: Core, entry: SetEntry): ProofRequest | undefined;
}

/** One set's proof: its result (findings without the suppressed ones), or why it could not run. */
export interface ProofRun {
  entry: SetEntry;
  kind: ProofKind;
  request?: ProofRequest;
  result?: ProofResult;
  failure?: string;
}

export class PreviewController implements vscode.Disposable {
  private entries?: SetEntry[];
  /** Detect again on the next request; the entries keep the last results meanwhile. */
  private stale = false;
  private readonly sessions = new Map<string, PreviewSession>();
  private readonly outcomes = new Map<string, Outcome>();
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;
  private readonly proved = new vscode.EventEmitter<ProofRun[]>();
  /** Every proof run, asked for or automatic. */
  readonly onDidProve = this.proved.event;
  /** The proof that follows each preview, on the sets that applied (see proofs/). */
  autoProof?: ProofPlan;
  private readonly diagnostics = vscode.languages.createDiagnosticCollection(DIAGNOSTIC_SOURCE);
  private readonly status = vscode.window.createStatusBarItem('migrationLens.preview', vscode.StatusBarAlignment.Left, 10);
  private queue: Promise<unknown> = Promise.resolve();
  private core?: Promise<Core>;
  /** Previews run the workspace's SQL: in an untrusted workspace, only after the user says so. */
  private readonly trust = new PreviewTrustGate({
    isTrusted: () => vscode.workspace.isTrusted,
    confirm: async () =>
      (await vscode.window.showWarningMessage(UNTRUSTED_PREVIEW_MESSAGE, { modal: true, detail: UNTRUSTED_PREVIEW_DETAIL }, RUN_PREVIEW)) === RUN_PREVIEW,
  });

  constructor(
    private readonly output: vscode.OutputChannel,
    private readonly workerPath: string,
  ) {
    this.status.name = 'Migration Lens schema preview';
    this.showIdle();
  }

  /** The workspace's migration sets (detected on first use, and again after refresh()). */
  async sets(): Promise<SetEntry[]> {
    if (!this.entries || this.stale) await this.detect();
    return this.entries!;
  }

  /** The sets as last detected, without detecting (none before the first detection). */
  knownSets(): SetEntry[] {
    return this.entries ?? [];
  }

  /** Files appeared, vanished or the configuration changed: detect again (results are kept per set). */
  refresh(): void {
    if (!this.entries) return;
    this.stale = true;
    this.changed.fire();
  }

  /** Whether SQL may run now (asks in an untrusted workspace, see trust.ts). */
  allowsRun(trigger: PreviewTrigger = 'user'): Promise<boolean> {
    return this.trust.allows(trigger);
  }

  /** Sessions (each one worker thread with its PGlite) started so far; none before the first preview. */
  get sessionCount(): number {
    return this.sessions.size;
  }

  /** Previews every set; runs are queued, never overlapping. Refused by the trust gate: the last results, unchanged. */
  async preview(location: vscode.ProgressLocation = vscode.ProgressLocation.Notification, trigger: PreviewTrigger = 'user'): Promise<SetEntry[]> {
    if (!(await this.allowsRun(trigger))) return this.knownSets();
    return this.enqueue(() => this.previewAll(location));
  }

  /** Runs a proof on every set it applies to, queued like previews, on each set's session. Refused by the trust gate: undefined. */
  async prove(plan: ProofPlan): Promise<ProofRun[] | undefined> {
    if (!(await this.allowsRun())) return undefined;
    return this.enqueue(async () => {
      await this.detect();
      return this.proveAll(plan, this.entries!, vscode.ProgressLocation.Notification);
    });
  }

  /** The schema before and after one migration file (both applied through the set's session). */
  async schemaChange(file: string): Promise<SchemaChange | undefined> {
    if (!(await this.allowsRun())) return undefined;
    const core = await this.loadCore();
    await this.detect();
    const entry = this.entries!.find((e) => e.set.files.some((f) => f.path === file));
    if (!entry) return undefined;
    const index = entry.set.files.findIndex((f) => f.path === file);
    const input = core.previewInputForSet(entry.set, entry.config, readText, entry.folder.uri.fsPath);
    const session = this.sessionOf(core, entry);
    const run = (count: number) => session.run({ ...input, files: input.files.slice(0, count) });
    return this.enqueue(async () => {
      const before = await run(index);
      const after = await run(index + 1);
      const error = after.error?.path === file ? after.error : undefined;
      return { entry, before: before.schema, after: after.schema, error };
    });
  }

  dispose(): void {
    for (const s of this.sessions.values()) void s.dispose();
    this.sessions.clear();
    this.diagnostics.dispose();
    this.status.dispose();
    this.changed.dispose();
    this.proved.dispose();
  }

  /** Runs never overlap: each job starts when the one before it has settled. */
  private enqueue<T>(job: () => Promise<T>): Promise<T> {
    const run = this.queue.catch(() => undefined).then(job);
    this.queue = run;
    return run;
  }

  private loadCore(): Promise<Core> {
    return (this.core ??= loadCore());
  }

  /** The headless core with its SQL parser ready (for the proofs' quick fixes). */
  async parsingCore(): Promise<Core> {
    const core = await this.loadCore();
    await core.initParser();
    return core;
  }

  private async detect(): Promise<void> {
    const core = await this.loadCore();
    const entries: SetEntry[] = [];
    for (const folder of vscode.workspace.workspaceFolders ?? []) {
      const config = configOf(core, folder, this.output);
      for (const set of core.detectSets(folder.uri.fsPath, config)) if (set.files.length) entries.push(new SetEntry(folder, set, config, this.outcomes));
    }
    // Sets that vanished take their worker and their last result with them.
    const roots = new Set(entries.map((e) => e.set.root));
    for (const [root, session] of this.sessions) {
      if (roots.has(root)) continue;
      void session.dispose();
      this.sessions.delete(root);
    }
    for (const root of this.outcomes.keys()) if (!roots.has(root)) this.outcomes.delete(root);
    this.entries = entries;
    this.stale = false;
    if (entries.length) this.status.show();
    else this.status.hide();
  }

  private sessionOf(core: Core, entry: SetEntry): PreviewSession {
    let session = this.sessions.get(entry.set.root);
    if (!session) this.sessions.set(entry.set.root, (session = new core.PreviewSession({ workerPath: this.workerPath })));
    return session;
  }

  private async previewAll(location: vscode.ProgressLocation): Promise<SetEntry[]> {
    const core = await this.loadCore();
    await this.detect();
    const entries = this.entries!;
    this.showRunning();
    this.changed.fire();
    await vscode.window.withProgress({ location, title: 'Migration Lens: previewing the schema' }, async (progress) => {
      for (const [i, entry] of entries.entries()) {
        progress.report({ message: `${labelOf(entry)} (${i + 1}/${entries.length})` });
        await this.previewSet(core, entry);
      }
    });
    this.publish(entries);
    this.showOutcome(entries);
    this.changed.fire();
    // Next in the queue, without asking again: this preview passed the trust gate for the same SQL.
    const auto = this.autoProof;
    const applied = entries.filter((e) => e.result?.ok);
    if (auto && applied.length) void this.enqueue(() => this.proveAll(auto, applied, vscode.ProgressLocation.Window));
    return entries;
  }

  private async proveAll(plan: ProofPlan, entries: SetEntry[], location: vscode.ProgressLocation): Promise<ProofRun[]> {
    const core = await this.loadCore();
    await core.initParser();
    const runs: ProofRun[] = [];
    const planned: { entry: SetEntry; request: ProofRequest; input: PreviewInput }[] = [];
    for (const entry of entries) {
      try {
        const request = plan.request(core, entry);
        if (request) planned.push({ entry, request, input: core.previewInputForSet(entry.set, entry.config, readText, entry.folder.uri.fsPath) });
      } catch (e) {
        if (!(e instanceof core.PreviewInputError)) throw e;
        runs.push({ entry, kind: plan.kind, failure: e.message });
      }
    }
    if (planned.length) {
      await vscode.window.withProgress({ location, title: plan.title }, async (progress) => {
        for (const [i, { entry, request, input }] of planned.entries()) {
          progress.report({ message: `${labelOf(entry)} (${i + 1}/${planned.length})` });
          try {
            const result = await this.sessionOf(core, entry).prove(input, request);
            // The same comments silence proofs as rules: `-- lens-ignore proof-…`.
            runs.push({ entry, kind: plan.kind, request, result: { ...result, findings: core.unsuppressed(result.findings, readText) } });
          } catch (e) {
            // The worker crashed: the next run starts a new one.
            runs.push({ entry, kind: plan.kind, request, failure: (e as Error).message });
          }
        }
      });
    }
    this.proved.fire(runs);
    return runs;
  }

  private async previewSet(core: Core, entry: SetEntry): Promise<void> {
    let input: PreviewInput;
    try {
      input = core.previewInputForSet(entry.set, entry.config, readText, entry.folder.uri.fsPath);
    } catch (e) {
      this.fail(entry, e instanceof core.PreviewInputError ? e.message : String(e));
      return;
    }
    try {
      const result = await this.sessionOf(core, entry).run(input);
      this.outcomes.set(entry.set.root, { result });
      this.log(entry, result);
    } catch (e) {
      // The worker crashed: the next run starts a new one.
      this.fail(entry, (e as Error).message);
    }
  }

  private fail(entry: SetEntry, message: string): void {
    this.outcomes.set(entry.set.root, { failure: message });
    this.output.appendLine(`[preview] ${labelOf(entry)}: ${message}`);
  }

  private log(entry: SetEntry, r: PreviewResult): void {
    const t = r.timings;
    const applied = r.files.filter((f) => f.status === 'applied').length;
    const ms = (n: number) => `${Math.round(n)} ms`;
    this.output.appendLine(
      `[preview] ${labelOf(entry)} (${entry.set.convention}): ${applied}/${r.files.length} files, ${r.reusedFiles} reused; ` +
        `boot ${ms(t.bootMs)}, apply ${ms(t.applyMs)}, introspect ${ms(t.introspectMs)}, total ${ms(t.totalMs)}`,
    );
    if (r.error) this.output.appendLine(`[preview]   ✗ ${path.relative(entry.folder.uri.fsPath, r.error.path) || r.error.path}:${r.error.line}:${r.error.column}: ${r.error.message}`);
  }

  /** Apply errors and the preview's notes as diagnostics, at the positions of the text that was applied. */
  private publish(entries: SetEntry[]): void {
    this.diagnostics.clear();
    const byFile = new Map<string, vscode.Diagnostic[]>();
    const add = (file: string, d: vscode.Diagnostic) => byFile.set(file, [...(byFile.get(file) ?? []), d]);
    for (const { result } of entries) {
      if (!result) continue;
      for (const n of result.notes) {
        const text = readText(n.path);
        if (text === undefined) continue;
        add(n.path, diagnostic(text, n.start, n.end, n.message, NOTE_SEVERITY[n.severity]));
      }
      const e = result.error;
      const text = e && readText(e.path);
      if (!e || text === undefined) continue;
      const message = [e.message, e.detail && `DETAIL: ${e.detail}`, e.hint && `HINT: ${e.hint}`].filter(Boolean).join('\n');
      const d = diagnostic(text, e.start, e.end, message, vscode.DiagnosticSeverity.Error);
      if (e.code) d.code = e.code;
      add(e.path, d);
    }
    for (const [file, list] of byFile) this.diagnostics.set(vscode.Uri.file(file), list);
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

const NOTE_SEVERITY: Record<'error' | 'warning' | 'info', vscode.DiagnosticSeverity> = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  info: vscode.DiagnosticSeverity.Information,
};

function diagnostic(text: string, start: number, end: number, message: string, severity: vscode.DiagnosticSeverity): vscode.Diagnostic {
  const d = new vscode.Diagnostic(new vscode.Range(positionAt(text, start), positionAt(text, Math.max(start, end))), message, severity);
  d.source = DIAGNOSTIC_SOURCE;
  return d;
}

/** A UTF-16 offset as a position (what the editor counts too). */
export function positionAt(text: string, offset: number): vscode.Position {
  const before = text.slice(0, Math.min(offset, text.length));
  const line = before.split('\n').length - 1;
  return new vscode.Position(line, before.length - (before.lastIndexOf('\n') + 1));
}

/** The set as the views name it: its folder relative to the workspace folder. */
export function labelOf(entry: SetEntry): string {
  return entry.set.relRoot || entry.folder.name;
}

/**
 * Unsaved editor text wins over the disk: the preview shows what is being written. A saved
 * document is read from the disk, which it lags behind for a moment after a change outside the
 * editor (a git checkout).
 */
export function readText(file: string): string | undefined {
  const doc = vscode.workspace.textDocuments.find((d) => d.isDirty && d.uri.scheme === 'file' && d.uri.fsPath === file);
  if (doc) return doc.getText();
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

/** The same layers as the language server: defaults, `migrationLens.*` settings, `.migration-lens.json`. */
function configOf(core: Core, folder: vscode.WorkspaceFolder, output: vscode.OutputChannel): ResolvedConfig {
  const settings = core.readSettings(vscode.workspace.getConfiguration('migrationLens', folder.uri));
  const file = core.loadConfigFile(path.join(folder.uri.fsPath, core.CONFIG_FILE_NAME));
  for (const p of file.problems) output.appendLine(`[preview] ${p}`);
  return core.resolveConfig(settings.config, file.config);
}
