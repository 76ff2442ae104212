/**
 * The schema preview and the run-time proofs in the language server, behind the custom requests
 * of shared/protocol.ts: one PreviewSession (worker thread + PGlite, kept alive for incremental
 * re-runs) per migration set, shared with the lock trace of that set's documents; the last
 * outcome of each set; apply errors, preview notes and proof findings as diagnostics, published
 * by the server like every other finding. The client only shows what comes back.
 */
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { DiagnosticSeverity, type CancellationToken, type Diagnostic } from 'vscode-languageserver';
import { SEVERITY } from './diagnostics';
import type {
  CommandProof,
  DismissProofFindingParams,
  ProofRunInfo,
  ProveParams,
  RunParams,
  SchemaChangeParams,
  SchemaChangeResult,
  SetInfo,
  SetsParams,
} from '../../../shared/protocol';
import { SOURCES } from '../../../shared/protocol';
import type { MigrationSet } from '../layout/types';
import { readFromDisk } from '../layout/set-context';
import { previewInputForSet, PreviewInputError, type ReadFile } from '../preview/from-set';
import { PreviewSession, type RunControl } from '../preview/host';
import { SESSION_MARK } from '../preview/memory-mark';
import { migrationNameOf } from '../header/parse';
import { autoIdempotencyRequest, proofRequestFor, reappliedIdempotencyRequest } from '../preview/prove/plan';
import { applyErrorFinding, configured, unsuppressed } from '../preview/prove/suppress';
import type { ProofFinding, ProofRequest, ProofResult } from '../preview/prove/types';
import type { PreviewInput, PreviewResult, RunStep } from '../preview/types';
import type { SchemaModel } from '../preview/schema-model';
import { schemaDdl, type SchemaDdl } from '../preview/ddl';
import { schemaToSql } from '../preview/render';
import { LineIndex } from '../parse/positions';
import { rangeOf } from './positions';
import { fsPathOf, type FolderConfig } from './workspace';

interface PreviewHost {
  folderUris(): string[];
  /** `fresh`: re-read the configuration file if it changed on disk since it was cached. */
  configFor(folderUri: string, fresh: boolean): Promise<FolderConfig>;
  /** The folder's detected sets; `fresh` detects again first. */
  setsOf(folderUri: string, fc: FolderConfig, fresh: boolean): MigrationSet[];
  /** An open document's current text. */
  openText(file: string): string | undefined;
  /** Resolves when the parser is loaded (proof suppressions and plans parse SQL). */
  ready: Promise<unknown>;
  /** The preview or proof diagnostics of these file URIs changed. */
  diagnosticsChanged(uris: string[]): void;
  /** The sets or their outcomes changed: the client's views ask again. */
  setsChanged(): void;
  log(message: string): void;
}

/** Reports a long run's progress (`$/progress`): one step per set. */
export interface Progress {
  begin(title: string): void;
  report(message: string, done: number, total: number): void;
  done(): void;
}

type Outcome = { result: PreviewResult; failure?: undefined } | { result?: undefined; failure: string };

interface Entry {
  folderUri: string;
  set: MigrationSet;
  config: FolderConfig;
}

/** A diagnostic-to-be: offsets in `text`, the file text the run used. */
interface Stored {
  path: string;
  text?: string;
  start: number;
  end: number;
  line: number;
  column: number;
  severity: DiagnosticSeverity;
  message: string;
  code?: string;
  source: string;
}

/** The progress titles of the proofs the client asks for. */
const PROOF_TITLES: Record<CommandProof, string> = {
  idempotency: 'Migration Lens: proving idempotency (every file applied twice)',
  'round-trip': 'Migration Lens: proving the down migrations (up, down, up again)',
  drift: 'Migration Lens: comparing the snapshot with the migrations',
};

export class PreviewService {
  private readonly sessions = new Map<string, PreviewSession>();
  private readonly outcomes = new Map<string, Outcome>();
  private entries: Entry[] = [];
  private queue: Promise<unknown> = Promise.resolve();
  private readonly ddl = new WeakMap<PreviewResult, SchemaDdl>();
  /** Apply errors and notes by set root. */
  private readonly previewDiagnostics = new Map<string, Stored[]>();
  /** Proof findings by `kind\0root`, kept with the text they were found in. */
  private readonly proofFindings = new Map<string, { finding: ProofFinding; text?: string }[]>();

  constructor(private readonly host: PreviewHost) {}

  /**
   * The set's session (created on first use); the lock trace of the set's documents runs on it
   * too. Its worker is a child process: it lives as long as the editor, and a replaced one gives
   * all its memory back (worker-spawn.ts); it is replaced past SESSION_MARK (memory-mark.ts).
   */
  sessionFor(root: string): PreviewSession {
    let session = this.sessions.get(root);
    // A worker that ends between runs is replaced at the next one; said in the log, as its cause is not seen elsewhere.
    if (!session) this.sessions.set(root, (session = new PreviewSession({ isolation: 'process', memoryMark: SESSION_MARK, onIdleExit: (code) => this.host.log(`[preview] the worker of ${root} ended between runs (exit code ${code}); the next run starts a fresh one`) })));
    return session;
  }

  get sessionCount(): number {
    return this.sessions.size;
  }

  async sets(params: SetsParams = {}): Promise<SetInfo[]> {
    await this.detect(!!params.fresh);
    return this.infos();
  }

  /**
   * Previews every set; runs are queued, never overlapping. Progress names each file as it is
   * applied. `cancel` stops the run before its next file: each set keeps its last complete result
   * (or says it was cancelled), and its session keeps the files applied so far. The idempotency
   * proof follows where the set's runner expects it.
   */
  preview(params: RunParams, progress: Progress, autoProgress: () => Promise<Progress>, cancel?: CancellationToken): Promise<{ sets: SetInfo[]; cancelled?: string }> {
    return this.enqueue(async () => {
      await this.detect(true);
      const read = this.reader(params);
      const entries = this.entries;
      const abort = new AbortController();
      const listening = cancel?.onCancellationRequested(() => abort.abort());
      if (cancel?.isCancellationRequested) abort.abort();
      let cancelled: string | undefined;
      progress.begin('Migration Lens: previewing the schema');
      try {
        for (const [i, entry] of entries.entries()) {
          // Several sets: each message names its set.
          const prefix = entries.length > 1 ? `${this.labelOf(entry)} (${i + 1}/${entries.length}): ` : '';
          progress.report(`${prefix}${entry.set.files.length} file${entry.set.files.length === 1 ? '' : 's'}`, i, entries.length);
          const onStep = (step: RunStep): void => progress.report(prefix + stepMessage(step), i, entries.length);
          cancelled = abort.signal.aborted ? `${this.labelOf(entry)}: not started` : await this.previewSet(entry, read, { onStep, signal: abort.signal });
          if (cancelled) break;
        }
      } finally {
        listening?.dispose();
        progress.done();
      }
      if (cancelled) {
        // The diagnostics and the other sets' results stay as the last complete preview left them.
        this.host.log(`[preview] cancelled (${cancelled})`);
        this.host.setsChanged();
        return { sets: this.infos(), cancelled: `Preview cancelled (${cancelled}). The views keep the last complete preview.` };
      }
      await this.host.ready; // notes are silenced by suppression comments, which are parsed
      this.publishPreview(entries);
      this.host.setsChanged();
      // Next in the queue: this preview ran the same SQL (the client's trust gate passed it).
      const applied = entries.filter((e) => this.outcomes.get(e.set.root)?.result?.ok);
      if (applied.length) {
        void this.enqueue(async () => {
          await this.host.ready;
          const runs = await this.proveAll(
            'idempotency',
            applied,
            (e) => autoIdempotencyRequest(e.set, e.config.config, read),
            await autoProgress().catch(() => NO_PROGRESS),
            read,
          );
          this.publishProofs(runs);
        }).catch((e) => this.host.log(`Migration Lens: the idempotency proof after the preview failed: ${(e as Error)?.stack ?? e}`));
      }
      return { sets: this.infos() };
    });
  }

  /** Runs a proof on every set it applies to (queued like previews); its findings become diagnostics. */
  prove(params: ProveParams, progress: Progress): Promise<ProofRunInfo[]> {
    return this.enqueue(async () => {
      await this.host.ready;
      await this.detect(true);
      const read = this.reader(params);
      const runs = await this.proveAll(
        params.kind,
        this.entries,
        // Idempotency only where the runner applies files again, or on the files the user picked.
        (e) => (params.kind === 'idempotency' ? reappliedIdempotencyRequest(e.set, e.config.config, read, params.files) : proofRequestFor(params.kind, e.set, e.config.config, read, fsPathOf(e.folderUri) ?? e.set.root)),
        progress,
        read,
      );
      this.publishProofs(runs);
      return runs.map(({ info }) => info);
    });
  }

  /** The schema before and after one migration file, both applied through the set's session. */
  async schemaChange(params: SchemaChangeParams): Promise<SchemaChangeResult | null> {
    await this.detect(true);
    const entry = this.entries.find((e) => e.set.files.some((f) => f.path === params.file));
    if (!entry) return null;
    const index = entry.set.files.findIndex((f) => f.path === params.file);
    const input = previewInputForSet(entry.set, entry.config.config, this.reader(params), fsPathOf(entry.folderUri));
    const session = this.sessionFor(entry.set.root);
    const run = (count: number) => session.run({ ...input, files: input.files.slice(0, count) });
    return this.enqueue(async () => {
      const before = await run(index);
      const after = await run(index + 1);
      const error = after.error?.path === params.file ? after.error : undefined;
      return { root: entry.set.root, before: before.schema, after: after.schema, beforeSql: schemaToSql(before.schema), afterSql: schemaToSql(after.schema), error };
    });
  }

  /**
   * The schema of the last preview of the set whose run began with `firstFile`, and the file
   * texts it ran on, in apply order (for navigation's hover and workspace symbols); undefined
   * when that preview did not apply every file (its schema is then of no one point of the set).
   */
  previewed(firstFile: string): { schema: SchemaModel; files: { path: string; text: string }[] } | undefined {
    for (const [root, texts] of this.texts) {
      if (texts.keys().next().value !== firstFile) continue;
      const result = this.outcomes.get(root)?.result;
      return result?.ok ? { schema: result.schema, files: [...texts].map(([path, text]) => ({ path, text })) } : undefined;
    }
    return undefined;
  }

  /**
   * Runs `input` on the set's session, queued with the previews and proofs, without touching the
   * set's last outcome or its diagnostics (the live drift's expected schema).
   */
  runQuietly(root: string, input: PreviewInput): Promise<PreviewResult> {
    return this.enqueue(() => this.sessionFor(root).run(input));
  }

  /**
   * Drops `ruleId`'s findings in the file (only the one starting at `at`, when given) once an
   * ignore comment was written for them; the next run of the proof reads that comment.
   */
  dismiss(params: DismissProofFindingParams): void {
    for (const [key, list] of this.proofFindings) {
      const kept = list.filter(({ finding: f }) => f.path !== params.path || f.ruleId !== params.ruleId || (params.at !== undefined && f.start !== params.at));
      if (kept.length) this.proofFindings.set(key, kept);
      else this.proofFindings.delete(key);
    }
    this.host.diagnosticsChanged([uriOf(params.path)]);
  }

  /** "Clear Proof Results": drops every proof finding (the next run of a proof finds them again); returns how many. */
  clearProofFindings(): number {
    const touched = new Set<string>();
    let count = 0;
    for (const list of this.proofFindings.values()) {
      for (const { finding } of list) touched.add(finding.path);
      count += list.length;
    }
    this.proofFindings.clear();
    this.host.diagnosticsChanged([...touched].map(uriOf));
    return count;
  }

  /** The preview and proof diagnostics of a file URI. */
  diagnosticsOf(uri: string): Diagnostic[] {
    const file = fsPathOf(uri);
    if (!file) return [];
    const stored: Stored[] = [];
    for (const list of this.previewDiagnostics.values()) stored.push(...list.filter((d) => d.path === file));
    for (const list of this.proofFindings.values()) {
      for (const { finding: f, text } of list) {
        if (f.path !== file) continue;
        const severity = SEVERITY[f.severity];
        stored.push({ path: f.path, text, start: f.start, end: f.end, line: f.line, column: f.column, severity, message: f.message, code: f.ruleId, source: SOURCES.proofs });
      }
    }
    return stored.map(toDiagnostic);
  }

  /** The proof findings in a file (for code actions). */
  proofFindingsIn(file: string): ProofFinding[] {
    return [...this.proofFindings.values()].flat().flatMap(({ finding }) => (finding.path === file ? [finding] : []));
  }

  async dispose(): Promise<void> {
    const sessions = [...this.sessions.values()];
    this.sessions.clear();
    await Promise.all(sessions.map((s) => s.dispose()));
  }

  /** Runs never overlap: each job starts when the one before it has settled. */
  private enqueue<T>(job: () => Promise<T>): Promise<T> {
    const run = this.queue.catch(() => undefined).then(job);
    this.queue = run;
    return run;
  }

  /** Unsaved editor text wins over the disk (see RunParams). */
  private reader(params: RunParams): ReadFile {
    const dirty = new Set(params.dirty ?? []);
    return (file) => (dirty.has(file) ? (this.host.openText(file) ?? readFromDisk(file)) : readFromDisk(file));
  }

  private async detect(fresh: boolean): Promise<void> {
    const entries: Entry[] = [];
    for (const folderUri of this.host.folderUris()) {
      const config = await this.host.configFor(folderUri, fresh);
      for (const set of this.host.setsOf(folderUri, config, fresh)) if (set.files.length) entries.push({ folderUri, set, config });
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
  }

  private infos(): SetInfo[] {
    return this.entries.map((e) => {
      const outcome = this.outcomes.get(e.set.root);
      return { folderUri: e.folderUri, set: e.set, autoRefresh: e.config.config.preview.autoRefresh, result: outcome?.result, ddl: outcome?.result && this.ddlOf(outcome.result), failure: outcome?.failure };
    });
  }

  /** The DDL of each object of a result's schema, rendered once per result (the client renders no SQL). */
  private ddlOf(result: PreviewResult): SchemaDdl {
    let ddl = this.ddl.get(result);
    if (!ddl) this.ddl.set(result, (ddl = schemaDdl(result.schema)));
    return ddl;
  }

  private labelOf(entry: Entry): string {
    if (entry.set.name !== undefined) return entry.set.name;
    if (entry.set.parts) return entry.set.parts.map((p) => p.relRoot || '.').join(' + ');
    return entry.set.relRoot || path.basename(fsPathOf(entry.folderUri) ?? entry.set.root);
  }

  /** Returns where the run was cancelled ("<set>: 87/163 files applied"), if it was. */
  private async previewSet(entry: Entry, read: ReadFile, control: RunControl): Promise<string | undefined> {
    let input: PreviewInput;
    try {
      input = previewInputForSet(entry.set, entry.config.config, read, fsPathOf(entry.folderUri));
    } catch (e) {
      this.fail(entry, e instanceof PreviewInputError ? e.message : String(e));
      return undefined;
    }
    try {
      const result = await this.sessionFor(entry.set.root).run(input, control);
      if (result.cancelledAt !== undefined) {
        const where = `${this.labelOf(entry)}: ${result.cancelledAt}/${input.files.length} files applied`;
        // A set never previewed before has no complete result to keep: it says it was cancelled.
        if (!this.outcomes.has(entry.set.root)) this.outcomes.set(entry.set.root, { failure: `The preview was cancelled (${result.cancelledAt} of ${input.files.length} files applied). Preview Schema runs it again.` });
        return where;
      }
      this.outcomes.set(entry.set.root, { result });
      this.texts.set(entry.set.root, new Map(input.files.map((f) => [f.path, f.text])));
      this.logRun(entry, result);
    } catch (e) {
      // The worker crashed: the next run starts a new one.
      this.fail(entry, (e as Error).message);
    }
    return undefined;
  }

  /** The file texts each set's last preview ran on: the diagnostics' offsets refer to them. */
  private readonly texts = new Map<string, Map<string, string>>();

  private fail(entry: Entry, message: string): void {
    this.outcomes.set(entry.set.root, { failure: message });
    this.texts.delete(entry.set.root);
    this.host.log(`[preview] ${this.labelOf(entry)}: ${message}`);
  }

  private logRun(entry: Entry, r: PreviewResult): void {
    const t = r.timings;
    const applied = r.files.filter((f) => f.status === 'applied').length;
    const ms = (n: number) => `${Math.round(n)} ms`;
    this.host.log(
      `[preview] ${this.labelOf(entry)} (${entry.set.convention}): ${applied}/${r.files.length} files, ${r.reusedFiles} reused; ` +
        `boot ${ms(t.bootMs)}, apply ${ms(t.applyMs)}, introspect ${ms(t.introspectMs)}, total ${ms(t.totalMs)}`,
    );
    const folder = fsPathOf(entry.folderUri) ?? '';
    if (r.error) this.host.log(`[preview]   ✗ ${path.relative(folder, r.error.path) || r.error.path}:${r.error.line}:${r.error.column}: ${r.error.message}`);
  }

  /** Apply errors and the preview's notes, at the positions of the text that was applied. */
  private publishPreview(entries: Entry[]): void {
    const touched = new Set<string>();
    for (const list of this.previewDiagnostics.values()) for (const d of list) touched.add(d.path);
    this.previewDiagnostics.clear();
    for (const entry of entries) {
      const result = this.outcomes.get(entry.set.root)?.result;
      if (!result) continue;
      const texts = this.texts.get(entry.set.root);
      // Notes and the apply error are findings of the rules apply-note and apply-error: configured
      // and silenced like any rule (as `migration-lens check` does).
      const read = (p: string) => texts?.get(p) ?? readFromDisk(p);
      const e = result.error;
      const raw = [
        ...result.notes.map((n) => ({ ...n, ruleId: 'apply-note', text: texts?.get(n.path) })),
        ...(e ? [{ ...applyErrorFinding(e), line: e.line, column: e.column, text: read(e.path) }] : []),
      ];
      const list: Stored[] = configured(unsuppressed(raw, read), entry.config.config).map((n) => ({
        path: n.path, text: n.text, start: n.start, end: n.end, line: n.line, column: n.column,
        severity: SEVERITY[n.severity], message: n.message, code: n.ruleId, source: SOURCES.preview,
      }));
      for (const d of list) touched.add(d.path);
      this.previewDiagnostics.set(entry.set.root, list);
    }
    this.host.diagnosticsChanged([...touched].map(uriOf));
  }

  private async proveAll(
    kind: CommandProof,
    entries: Entry[],
    requestOf: (e: Entry) => ProofRequest | undefined,
    progress: Progress,
    read: ReadFile,
  ): Promise<{ entry: Entry; info: ProofRunInfo; texts?: Map<string, string> }[]> {
    const runs: { entry: Entry; info: ProofRunInfo; texts?: Map<string, string> }[] = [];
    const planned: { entry: Entry; request: ProofRequest; input: PreviewInput }[] = [];
    for (const entry of entries) {
      try {
        const request = requestOf(entry);
        if (request) planned.push({ entry, request, input: previewInputForSet(entry.set, entry.config.config, read, fsPathOf(entry.folderUri)) });
      } catch (e) {
        if (!(e instanceof PreviewInputError)) throw e;
        runs.push({ entry, info: { root: entry.set.root, kind, covered: 0, failure: e.message } });
      }
    }
    if (planned.length) {
      progress.begin(PROOF_TITLES[kind]);
      try {
        for (const [i, { entry, request, input }] of planned.entries()) {
          progress.report(`${this.labelOf(entry)} (${i + 1}/${planned.length})`, i, planned.length);
          const covered = coverage(request, entry.set);
          const texts = new Map(input.files.map((f) => [f.path, f.text]));
          if (request.kind === 'round-trip') for (const d of [...Object.values(request.downs), ...Object.values(request.verifies ?? {})]) texts.set(d.path, d.text);
          if (request.kind === 'drift') texts.set(request.snapshot.path, request.snapshot.text);
          try {
            const result: ProofResult = await this.sessionFor(entry.set.root).prove(input, request);
            // The same comments silence proofs as rules: `-- lens-ignore proof-…`, read from the text the proof ran on.
            const findings = configured(unsuppressed(result.findings, (p) => texts.get(p) ?? read(p)), entry.config.config);
            runs.push({ entry, texts, info: { root: entry.set.root, kind, covered, result: { ...result, findings } } });
          } catch (e) {
            // The worker crashed: the next run starts a new one.
            runs.push({ entry, info: { root: entry.set.root, kind, covered, failure: (e as Error).message } });
          }
        }
      } finally {
        progress.done();
      }
    }
    for (const run of runs) this.host.log(`[proof] ${this.labelOf(run.entry)} ${kind}: ${outcomeOf(run.info)}`);
    return runs;
  }

  /** A proof's run on a set replaces that proof's earlier findings for that set and leaves the others alone. */
  private publishProofs(runs: { entry: Entry; info: ProofRunInfo; texts?: Map<string, string> }[]): void {
    const touched = new Set<string>();
    for (const { entry, info, texts } of runs) {
      const key = `${info.kind}\0${entry.set.root}`;
      for (const { finding } of this.proofFindings.get(key) ?? []) touched.add(finding.path);
      // A set that failed to apply proves nothing: its earlier findings may no longer hold.
      const findings = info.result?.ok ? info.result.findings : [];
      for (const f of findings) touched.add(f.path);
      if (findings.length) this.proofFindings.set(key, findings.map((finding) => ({ finding, text: texts?.get(finding.path) })));
      else this.proofFindings.delete(key);
    }
    this.host.diagnosticsChanged([...touched].map(uriOf));
  }
}

/** A run's step as the progress shows it: `applying 87/163: 20250522_add_organisations`. */
function stepMessage(step: RunStep): string {
  switch (step.phase) {
    case 'boot':
      return 'starting PGlite';
    case 'apply':
      return `applying ${step.index + 1}/${step.total}: ${migrationNameOf(step.path)}`;
    case 'introspect':
      return 'reading the schema';
  }
}

const NO_PROGRESS: Progress = { begin: () => undefined, report: () => undefined, done: () => undefined };

function toDiagnostic(d: Stored): Diagnostic {
  const text = d.text ?? readFromDisk(d.path);
  const range = text === undefined
    ? { start: { line: d.line - 1, character: d.column - 1 }, end: { line: d.line - 1, character: d.column - 1 } }
    : rangeOf(new LineIndex(text), d.start, d.end);
  const out: Diagnostic = { range, severity: d.severity, source: d.source, message: d.message };
  if (d.code !== undefined) out.code = d.code;
  return out;
}

/** How many files (idempotency), down files (round trip) or snapshots (drift) a proof covers. */
function coverage(r: ProofRequest, set: MigrationSet): number {
  if (r.kind === 'idempotency') return r.files?.length ?? set.files.length;
  if (r.kind === 'round-trip') return Object.keys(r.downs).length;
  return 1;
}

function outcomeOf(run: ProofRunInfo): string {
  const r = run.result;
  if (!r) return run.failure ?? 'not run';
  const ms = `${Math.round(r.ms)} ms`;
  if (r.error) return `not proven in ${ms}: the set fails to apply at ${r.error.path}:${r.error.line}:${r.error.column}: ${r.error.message}`;
  if (!r.ok) return `cut off after ${ms}`;
  return `${run.covered} covered, ${r.findings.length} finding${r.findings.length === 1 ? '' : 's'} in ${ms}`;
}

function uriOf(file: string): string {
  return pathToFileURL(file).toString();
}
