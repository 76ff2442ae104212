/**
 * Migration sets in the language server. Per workspace folder the sets are detected lazily and
 * kept until a migration file or a layout marker (Drizzle journal, Prisma lock file) is created,
 * renamed or deleted, or the configuration changes. Set-level findings (layout rules) are
 * computed after file-system events and saves, debounced, never while typing; they are
 * published on every file they concern, open or not. An open document is linted with its set's
 * context (convention, objects created by earlier migrations) and shows both kinds of findings.
 */
import { existsSync } from 'node:fs';
import { relative, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import { FileChangeType, type Diagnostic, type FileEvent } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Finding, SetContext } from '../engine';
import { candidateFolders, type CandidateFolder } from '../layout/candidates';
import { detectSets } from '../layout/detect';
import { markerGlobs } from '../layout/activation';
import { CONVENTIONS } from '../layout/conventions';
import { GitRepos } from '../layout/git';
import { asMerged, changedSinceBase, isMerged } from '../layout/history';
import { gitBase, lintSet } from '../layout/lint-set';
import { memberOf, mergeFindings, readFromDisk, SetContexts } from '../layout/set-context';
import { isLimitError } from '../limits';
import type { MigrationSet } from '../layout/types';
import { findingDiagnostics } from './diagnostics';
import { safeLint, type LintOutcome, type Logger } from './lint';
import { LintCache, lintKeys } from './lint-cache';
import { Debouncer } from './scheduler';
import { fsPathOf, type DocumentScope, type FolderConfig } from './workspace';

/** File-system events arrive in bursts (a branch switch, a rename): wait for the burst to end. */
const SET_DEBOUNCE_MS = 300;

/** Globs whose files decide what the sets are and what the layout rules say (registered as file watchers). */
export const SET_WATCH_GLOBS = ['**/*.sql', ...markerGlobs()];

interface SetHost {
  /** Workspace folder URIs, and the folder holding a URI. */
  folderUris(): string[];
  folderOf(uri: string): string | undefined;
  configFor(folderUri: string): Promise<FolderConfig>;
  /** Resolves when the parser is loaded. */
  ready: Promise<unknown>;
  /** Open documents; their text is used instead of the disk's. */
  openDocuments(): TextDocument[];
  /** Lints these open documents again (their set context or set findings changed). */
  relint(uris: string[]): void;
  sendDiagnostics(uri: string, diagnostics: Diagnostic[]): void;
  /** A folder's sets were detected and linted again (the client's views ask again). */
  setsChanged?(): void;
  /** A folder has no migration set but folders that look like migrations (told once per list of folders). */
  candidates?(folderUri: string, candidates: CandidateFolder[]): void;
  /** Progress of the background lint of every set's files (window/workDoneProgress); absent: none shown. */
  progress?(): Promise<{ begin(title: string): void; report(message: string, percentage?: number): void; done(): void }>;
  log: Logger;
}

interface FolderSets {
  /** The configuration the sets were detected with: another one means detecting again. */
  fc?: FolderConfig;
  sets?: MigrationSet[];
  contexts: SetContexts;
  /** Set context per file path (null: the file is in no set), until the next refresh. */
  contextByPath: Map<string, SetContext | null>;
  /** Set-level findings per file path, with the text their offsets refer to. */
  findings: Map<string, { findings: Finding[]; text: string }>;
  /** The background lint's per-file findings of files that are not open, with their text. */
  fileFindings: Map<string, { findings: Finding[]; text: string }>;
  /** The background lint's findings by what they were computed from, across refreshes. */
  lintCache: LintCache;
  /** Counts refreshes: a background lint stops when a newer refresh has started. */
  generation: number;
  /** Paths of files that were not open when their set diagnostics were sent. */
  published: Set<string>;
  /** A migration file or marker appeared or vanished since detection. */
  stale: boolean;
  refreshed: boolean;
  /** The candidate folders last told to the host (its relDirs), so a notification is not repeated. */
  offered?: string;
  /**
   * What git said at the last refresh (every set's repository, asked asynchronously): the base the
   * history rules compare with, and the history-aware mode's (changedSince; null when off).
   */
  git?: { repos: GitRepos; base: string | undefined; history: string | undefined | null };
}

export class SetTracker {
  private readonly folders = new Map<string, FolderSets>();
  private readonly debouncer = new Debouncer();

  constructor(private readonly host: SetHost) {}

  /**
   * Lints an open document: with its set's context when a detected set holds it. Set members
   * are linted even outside the migration globs (a Drizzle journal marks its folder).
   */
  lintDocument(doc: TextDocument, scope: DocumentScope, fc: FolderConfig): LintOutcome | undefined {
    if (!fc.settings.enable) return undefined;
    const file = fsPathOf(doc.uri);
    const folder = file && scope.folderUri;
    const set = folder ? this.contextOf(folder, file, fc) : undefined;
    const fromSet = folder ? this.folders.get(folder)?.findings.get(file)?.findings : undefined;
    // Not a migration itself (a Drizzle journal): only what the set rules say about it.
    if (!set && !fc.isMigration(scope.relPath)) return fromSet && { findings: fromSet, failures: [] };
    const outcome = safeLint(doc.getText(), { path: scope.relPath, config: fc.config, set }, this.host.log);
    const findings = fromSet ? mergeFindings(outcome.findings, fromSet, fc.config) : outcome.findings;
    return { ...outcome, findings: folder ? this.withHistory(this.folders.get(folder), file, findings) : findings };
  }

  /**
   * The history-aware mode (changedSince): a migration already merged on the ref shows its
   * findings as information. Known after the folder's first set refresh (git is asked then).
   */
  private withHistory(state: FolderSets | undefined, file: string, findings: Finding[]): Finding[] {
    const git = state?.git;
    if (!git || git.history === null || !state.sets) return findings;
    const set = state.sets.find((s) => s.files.some((f) => f.path === file) || s.downs.some((f) => f.path === file));
    return set && isMerged(git.repos.view(set.root, git.history), file) ? asMerged(findings) : findings;
  }

  /**
   * What a closed file shows: its set-level findings and, from the background lint, its own
   * (each from the text it was computed on), or nothing.
   */
  diagnosticsWhenClosed(uri: string): Diagnostic[] {
    const file = fsPathOf(uri);
    const folder = this.host.folderOf(uri);
    const state = folder !== undefined ? this.folders.get(folder) : undefined;
    const diagnostics = file && state ? this.closedFileDiagnostics(state, file, state.fc) : undefined;
    if (!file || !state || !diagnostics) return [];
    state.published.add(file);
    return diagnostics;
  }

  /** A closed file's diagnostics: set-level and background findings merged; undefined when it has neither. */
  private closedFileDiagnostics(state: FolderSets, file: string, fc: FolderConfig | undefined): Diagnostic[] | undefined {
    const fromSet = state.findings.get(file);
    const own = state.fileFindings.get(file);
    if (!fromSet && !own) return undefined;
    // Both were computed on the text read at the same refresh.
    const text = own?.text ?? fromSet!.text;
    const findings = own && fromSet && fc ? mergeFindings(own.findings, fromSet.findings, fc.config) : (own?.findings ?? fromSet!.findings);
    return closedDiagnostics(uriOf(file), text, this.withHistory(state, file, findings));
  }

  /**
   * Lints every file of every set that is not open, with its set context, so that the Problems
   * panel shows the whole picture from the start: one file at a time, yielding to typing and
   * other requests between files, with progress. A file whose inputs did not change since it was
   * last linted keeps its findings (lint-cache.ts): a save re-lints that file and the ones after
   * it. Undefined when a newer refresh took over.
   */
  private async lintInBackground(folder: string, state: FolderSets, fc: FolderConfig, generation: number): Promise<Map<string, { findings: Finding[]; text: string }> | undefined> {
    const out = new Map<string, { findings: Finding[]; text: string }>();
    const keys = lintKeys(state.sets!, (p) => this.readText(p));
    state.lintCache.keepOnly(keys.keys());
    const open = new Set(this.host.openDocuments().flatMap((d) => fsPathOf(d.uri) ?? []));
    // Orphans too (a file missing from the Drizzle journal): it is a migration waiting to be listed.
    const files = [...new Set(state.sets!.flatMap((s) => [...s.files, ...s.downs, ...s.orphans].map((f) => f.path)))].filter((f) => f.toLowerCase().endsWith('.sql') && !open.has(f) && keys.has(f));
    const todo: string[] = [];
    for (const file of files) {
      const { key, text } = keys.get(file)!;
      const cached = state.lintCache.get(file, key, fc.config);
      if (cached) out.set(file, { findings: cached, text });
      else todo.push(file);
    }
    if (todo.length === 0) return out;
    const progress = await this.host.progress?.().catch(() => undefined);
    const unchanged = files.length - todo.length;
    progress?.begin(`Migration Lens: linting ${todo.length}${unchanged ? ` of ${files.length}` : ''} migration${files.length === 1 ? '' : 's'}${unchanged ? ` (${unchanged} unchanged)` : ''}`);
    try {
      let done = 0;
      for (const file of todo) {
        await new Promise((resolve) => setImmediate(resolve));
        if (state.generation !== generation || !this.host.folderUris().includes(folder)) return undefined;
        done++;
        if (done % 10 === 0 || done === todo.length) progress?.report(`${done}/${todo.length}`, Math.round((done / todo.length) * 100));
        // Opened meanwhile: its own lint shows it.
        if (this.host.openDocuments().some((d) => fsPathOf(d.uri) === file)) continue;
        // The text the key was computed from: a later change on disk schedules its own refresh.
        const { key, text } = keys.get(file)!;
        const root = fsPathOf(folder);
        const rel = root ? relative(root, file).split(sep).join('/') : file;
        const outcome = safeLint(text, { path: rel, config: fc.config, set: this.contextOf(folder, file, fc) }, this.host.log);
        state.lintCache.set(file, key, fc.config, outcome.findings);
        out.set(file, { findings: outcome.findings, text });
      }
      return out;
    } finally {
      progress?.done();
    }
  }

  /** Watched files changed on disk: a file appearing or vanishing changes the sets, any change their findings. */
  filesChanged(changes: FileEvent[]): void {
    for (const c of changes) {
      const folder = this.host.folderOf(c.uri);
      const state = folder !== undefined ? this.folders.get(folder) : undefined;
      if (folder === undefined || !isSetFile(c.uri)) continue;
      if (state && (c.type !== FileChangeType.Changed || !c.uri.toLowerCase().endsWith('.sql'))) state.stale = true;
      this.schedule(folder);
    }
  }

  /**
   * A saved document: saved text is what the set rules read. For clients without file watchers,
   * saving a file the sets do not know yet (a new migration) or a marker also detects again.
   */
  saved(uri: string): void {
    const folder = this.host.folderOf(uri);
    if (folder === undefined || !isSetFile(uri)) return;
    const state = this.folders.get(folder);
    const file = fsPathOf(uri);
    if (state?.sets && file && (!uri.toLowerCase().endsWith('.sql') || !memberOf(state.sets, file))) state.stale = true;
    this.schedule(folder);
  }

  /**
   * An opened migration the sets do not hold yet (one just created, whose watcher event may come
   * late or never): detect again before it is linted, so it gets its set's context at once.
   */
  opened(uri: string): void {
    const folder = this.host.folderOf(uri);
    const state = folder !== undefined ? this.folders.get(folder) : undefined;
    const file = fsPathOf(uri);
    // Detection reads the disk: a document that is not saved there cannot join a set.
    if (!state?.sets || !file || !uri.toLowerCase().endsWith('.sql') || memberOf(state.sets, file) || !existsSync(file)) return;
    state.stale = true;
    this.schedule(folder!);
  }

  /** Configuration or folders changed: detect and lint every folder's sets again. */
  refreshAll(): void {
    const current = new Set(this.host.folderUris());
    for (const [folder, state] of this.folders) {
      if (current.has(folder)) continue;
      this.debouncer.cancel(folder);
      this.folders.delete(folder);
      for (const file of state.published) this.host.sendDiagnostics(uriOf(file), []);
    }
    for (const folder of current) this.schedule(folder);
  }

  private schedule(folder: string): void {
    this.debouncer.schedule(folder, SET_DEBOUNCE_MS, () => void this.refresh(folder).catch((e) => this.host.log(`Migration Lens: set lint failed: ${(e as Error)?.stack ?? e}`)));
  }

  private stateOf(folder: string): FolderSets {
    let state = this.folders.get(folder);
    if (!state) {
      state = { contexts: new SetContexts(), contextByPath: new Map(), findings: new Map(), fileFindings: new Map(), lintCache: new LintCache(), published: new Set(), stale: false, refreshed: false, generation: 0 };
      this.folders.set(folder, state);
    }
    return state;
  }

  /**
   * The default-branch ref a migration is committed on, when it is (in a set whose runner keeps
   * a history, so the file was applied as it was): its quick fixes become forward fixes. Known
   * after the folder's first set refresh; undefined before, without git, and for other files.
   */
  committedOn(folder: string, file: string): string | undefined {
    const state = this.folders.get(folder);
    if (!state?.sets || !state.git) return undefined;
    const set = state.sets.find((s) => s.files.some((f) => f.path === file) || s.downs.some((f) => f.path === file));
    if (!set || !CONVENTIONS[set.convention].history) return undefined;
    const view = state.git.repos.view(set.root, state.git.base);
    return view?.isCommitted(file) ? view.baseRef : undefined;
  }

  /** The detected set whose up files include `file` (detects the folder's sets the first time). */
  setOf(folder: string, file: string, fc: FolderConfig): MigrationSet | undefined {
    const state = this.stateOf(folder);
    // Files appeared or vanished: the trace must run on the set as it is now (not on every keystroke: it is debounced).
    if (!state.sets || state.fc !== fc || state.stale) this.detect(folder, state, fc);
    return state.sets!.find((s) => s.files.some((f) => f.path === file));
  }

  /**
   * The folder's detected sets: detected when needed, or always with `fresh` (a preview must see
   * files that no watcher reported yet); a fresh detection that changed them lints them again.
   */
  setsOf(folder: string, fc: FolderConfig, fresh = false): MigrationSet[] {
    const state = this.stateOf(folder);
    if (fresh || !state.sets || state.fc !== fc || state.stale) {
      const before = shapeOf(state.sets);
      this.detect(folder, state, fc);
      if (fresh && before !== undefined && before !== shapeOf(state.sets)) this.schedule(folder);
    }
    return state.sets!;
  }

  /** A file's text as the user sees it: an open document's, else the disk's. */
  textOf(file: string): string | undefined {
    return this.readText(file);
  }

  /**
   * The set context of a file; detects the folder's sets the first time, and after files appeared
   * or vanished for a file the sets do not hold yet (one just created gets its set's context at
   * once). Detection walks the whole folder, a tenth of a second or more in a large one: a file
   * the sets hold keeps its context meanwhile, and the refresh the file event scheduled detects
   * again and lints it again, so typing never waits for a detection.
   */
  private contextOf(folder: string, file: string, fc: FolderConfig): SetContext | undefined {
    const state = this.stateOf(folder);
    if (!state.sets || state.fc !== fc || (state.stale && !memberOf(state.sets, file))) this.detect(folder, state, fc);
    let context = state.contextByPath.get(file);
    if (context === undefined) {
      context = state.contexts.contextOf(state.sets!, file) ?? null;
      state.contextByPath.set(file, context);
    }
    return context ?? undefined;
  }

  private detect(folder: string, state: FolderSets, fc: FolderConfig): void {
    if (state.fc !== fc) state.contexts = new SetContexts({ read: (p) => this.readText(p), maxFileSize: fc.config.maxFileSize });
    state.fc = fc;
    state.stale = false;
    state.contextByPath.clear();
    const root = fsPathOf(folder);
    try {
      state.sets = root ? detectSets(root, fc.config) : [];
    } catch (e) {
      this.host.log(`Migration Lens: migration set detection failed in ${folder}: ${isLimitError(e) ? e.message : ((e as Error)?.stack ?? e)}`);
      state.sets = [];
    }
    if (!state.refreshed) this.schedule(folder);
  }

  /** Detects again when needed, lints every set of the folder, publishes, and relints the folder's open documents. */
  private async refresh(folder: string): Promise<void> {
    await this.host.ready;
    const fc = await this.host.configFor(folder);
    if (!this.host.folderUris().includes(folder)) return;
    const state = this.stateOf(folder);
    state.refreshed = true;
    const generation = ++state.generation;
    const next = new Map<string, { findings: Finding[]; text: string }>();
    let background: Map<string, { findings: Finding[]; text: string }> | undefined;
    if (fc.settings.enable) {
      if (!state.sets || state.stale || state.fc !== fc) this.detect(folder, state, fc);
      // Git is asked asynchronously, once per repository, so documents are linted meanwhile.
      // Always: besides the history rules, it tells which migrations are committed (no quick fix edits those).
      const repos = new GitRepos();
      const roots = state.sets!.map((s) => s.root);
      const history = changedSinceBase(fc.config.changedSince);
      await Promise.all([repos.prefetch(roots, gitBase(fc.config)), history === null ? undefined : repos.prefetch(roots, history)]);
      state.git = { repos, base: gitBase(fc.config), history };
      if (!this.host.folderUris().includes(folder)) return;
      if (!state.sets || state.stale || state.fc !== fc) this.detect(folder, state, fc);
      state.contexts.forget();
      state.contextByPath.clear();
      const texts = new Map<string, string | undefined>();
      const read = (p: string) => {
        if (!texts.has(p)) texts.set(p, this.readText(p));
        return texts.get(p);
      };
      for (const set of [...state.sets!]) {
        // Between sets, a document's own lint (typing) goes first.
        await new Promise((resolve) => setImmediate(resolve));
        try {
          for (const [file, findings] of lintSet(set, fc.config, read, undefined, repos, (ruleId, e) => this.host.log(`Migration Lens: rule ${ruleId} failed on the set ${set.root}: ${(e as Error)?.stack ?? e}`))) next.set(file, { findings, text: read(file) ?? '' });
        } catch (e) {
          this.host.log(`Migration Lens: set lint of ${set.root} failed: ${(e as Error)?.stack ?? e}`);
        }
      }
      if (!fc.settings.lintOpenFilesOnly) {
        background = await this.lintInBackground(folder, state, fc, generation);
        // A newer refresh started meanwhile: it publishes.
        if (!background) return;
      }
    }
    const before = new Set([...state.findings.keys(), ...state.fileFindings.keys()]);
    state.findings = next;
    state.fileFindings = background ?? new Map();
    const open = new Set(this.host.openDocuments().flatMap((d) => fsPathOf(d.uri) ?? []));
    for (const file of new Set([...before, ...next.keys(), ...state.fileFindings.keys(), ...state.published])) {
      if (open.has(file)) continue;
      const diagnostics = this.closedFileDiagnostics(state, file, fc);
      if (diagnostics) state.published.add(file);
      else if (!state.published.delete(file)) continue;
      this.host.sendDiagnostics(uriOf(file), diagnostics ?? []);
    }
    this.host.relint(this.host.openDocuments().filter((d) => this.host.folderOf(d.uri) === folder).map((d) => d.uri));
    this.host.setsChanged?.();
    if (fc.settings.enable) this.offerCandidates(folder, state, fc);
  }

  /** No set holds a migration, yet folders look like migrations: the host offers them (once per list). */
  private offerCandidates(folder: string, state: FolderSets, fc: FolderConfig): void {
    const root = fsPathOf(folder);
    if (!this.host.candidates || !root || state.sets?.some((s) => s.files.length > 0)) return;
    const found = candidateFolders(root, fc.config, state.sets);
    const key = JSON.stringify(found.map((c) => c.relDir));
    if (!found.length || state.offered === key) return;
    state.offered = key;
    this.host.candidates(folder, found);
  }

  /** Unsaved text of an open document wins over the disk. */
  private readText(file: string): string | undefined {
    const doc = this.host.openDocuments().find((d) => fsPathOf(d.uri) === file);
    return doc ? doc.getText() : readFromDisk(file);
  }
}

function closedDiagnostics(uri: string, text: string, findings: Finding[]): Diagnostic[] {
  const doc = TextDocument.create(uri, 'sql', 0, text);
  return findingDiagnostics(doc, findings);
}

/** What detection found, to tell whether a fresh detection changed anything. */
function shapeOf(sets: MigrationSet[] | undefined): string | undefined {
  return sets && JSON.stringify(sets.map((s) => [s.root, s.convention, s.files.map((f) => f.path), s.downs.map((f) => f.path)]));
}

const MARKERS = markerGlobs().map((g) => `/${g.replace(/^\*\*\//, '').toLowerCase()}`);

function isSetFile(uri: string): boolean {
  const p = uri.toLowerCase();
  return p.endsWith('.sql') || MARKERS.some((m) => p.endsWith(m));
}

function uriOf(file: string): string {
  return pathToFileURL(file).toString();
}
