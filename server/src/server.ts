/**
 * The language server: lints migration documents as they are typed and offers quick fixes
 * and rule docs. Started by the VS Code client over stdio (`node dist/server.js --stdio`), whose
 * entry point (server-start.ts) loads this module's bundle, dist/server-main.js.
 * Everything here is wiring; the behaviour lives in lsp/ and in the engine.
 */
import {
  CodeLensRefreshRequest,
  CodeActionKind,
  createConnection,
  DidChangeConfigurationNotification,
  DidChangeWatchedFilesNotification,
  ErrorCodes,
  MarkupKind,
  type MarkupContent,
  MessageType,
  ProposedFeatures,
  ResponseError,
  ShowMessageNotification,
  TextDocuments,
  TextDocumentSyncKind,
  type Diagnostic,
  type DidChangeTextDocumentParams,
  type InitializeResult,
  StreamMessageReader,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { pathToFileURL } from 'node:url';
import type { Finding } from './engine';
import { initParser } from './parse/parser';
import { RULES_BY_ID } from './rules/index';
import { renderRuleDocs } from './docs/render';
import { asFinding } from './preview/prove/suppress';
import { COMMANDS, METHODS, SOURCES, type CandidateFoldersParams, type DismissProofFindingParams, type ForwardFixParams, type NewMigrationChooseParams, type NewMigrationCreateParams, type NewMigrationPlanParams, type ProveParams, type RunParams, type SchemaChangeParams, type SetsParams, type SetsResult, type UseCandidateFolderParams } from '../../shared/protocol';
import { parseSql } from './parse/parser';
import { statementRangeAt } from './parse/statements';
import { PreviewService, type Progress } from './lsp/preview';
import { chooseNewMigrationSet, createForwardFix, createNewMigration, planNewMigrationFiles } from './lsp/new-migration';
import { codeActions } from './lsp/code-actions';
import { configDiagnostics, diagnosticsOf, findingDiagnostics } from './lsp/diagnostics';
import { LockTraces, traceDiagnosticsFindings, traceHover, traceInlayHints, type TraceTarget } from './lsp/trace';
import { previewInputForSet, PreviewInputError } from './preview/from-set';
import { hoverAt } from './lsp/hover';
import { headerCompletions } from './lsp/completion';
import { displayRelative, Navigator } from './lsp/navigation';
import { readFromDisk } from './layout/set-context';
import type { LintOutcome } from './lsp/lint';
import { LIVE_METHODS, LiveService, registerLiveRequests } from './lsp/live';
import { afterQueuedMessages, Debouncer } from './lsp/scheduler';
import { FrameWriter } from './lsp/frame-writer';
import { SET_WATCH_GLOBS, SetTracker } from './lsp/sets';
import { useCandidateFolder } from './lsp/candidates';
import { DEFAULT_DEBOUNCE_MS } from './lsp/settings';
import { fsPathOf, Workspace, type FolderConfig } from './lsp/workspace';
import { WarmUp } from './lsp/warm-up';

/** The client asked for shutdown: a closed stdin after it is a normal end (exit 0). */
let shutdownReceived = false;
const connection = createServerConnection();
const documents = new TextDocuments(TextDocument);
const log = (message: string) => connection.console.error(message);

/**
 * Over stdio the message reader is ours, so that a malformed frame (no or a wrong
 * `Content-Length`) ends the server with a message: the stream cannot be read in step again, and
 * VS Code's client restarts a server that exits. Other transports keep the library's defaults.
 */
function createServerConnection() {
  if (!process.argv.includes('--stdio')) return createConnection(ProposedFeatures.all);
  const reader = new StreamMessageReader(process.stdin);
  reader.onError((e) => {
    process.stderr.write(`Migration Lens: the language client sent a malformed message frame (${e.message.split('\n')[0]}); the server exits so that it is restarted.\n`);
    process.exit(1);
  });
  reader.onClose(() => process.exit(shutdownReceived ? 0 : 1));
  const conn = createConnection(ProposedFeatures.all, reader, new FrameWriter(process.stdout));
  // Nothing may write to stdout but the protocol: console output goes to the client's log.
  console.log = console.info = console.warn = console.debug = (...args: unknown[]) => conn.console.log(args.map(String).join(' '));
  return conn;
}

/** Why a didChange cannot be applied (the library would throw a TypeError on it), or undefined. */
function malformedChange(params: unknown): string | undefined {
  const p = params as { textDocument?: { uri?: unknown; version?: unknown }; contentChanges?: unknown } | undefined;
  if (typeof p?.textDocument?.uri !== 'string') return 'textDocument.uri is not a string';
  if (typeof p.textDocument.version !== 'number' || !Number.isInteger(p.textDocument.version)) return 'textDocument.version is not a whole number';
  if (!Array.isArray(p.contentChanges)) return 'contentChanges is not an array';
  const isPosition = (x: unknown) => typeof (x as { line?: unknown })?.line === 'number' && typeof (x as { character?: unknown })?.character === 'number';
  for (const [i, c] of p.contentChanges.entries()) {
    const change = c as { text?: unknown; range?: { start?: unknown; end?: unknown } } | null;
    if (typeof change?.text !== 'string') return `contentChanges[${i}].text is not a string`;
    if (change.range !== undefined && !(isPosition(change.range?.start) && isPosition(change.range?.end))) return `contentChanges[${i}].range is not a range`;
  }
  return undefined;
}

// Never let a stray exception take the server (and every open editor's diagnostics) down.
process.on('uncaughtException', (e) => log(`Migration Lens: uncaught exception: ${e.stack ?? e}`));
process.on('unhandledRejection', (e) => log(`Migration Lens: unhandled rejection: ${(e as Error)?.stack ?? e}`));

const parserReady = initParser();
parserReady.catch((e) => {
  log(`Migration Lens: the PostgreSQL parser failed to load: ${e?.stack ?? e}`);
  showMessage(MessageType.Error, `Migration Lens cannot lint: the PostgreSQL parser failed to load (${e?.message ?? e}).`);
});

const client = { workDoneProgress: false, codeLensRefresh: false, configuration: false, dynamicConfiguration: false, dynamicWatchers: false, workspaceFolders: false, documentChanges: false, inlayHintRefresh: false };
/** The lock trace runs the workspace's SQL: only in a trusted workspace (the client says which, see language-client.ts). */
let trusted = true;
/** Settings pushed with didChangeConfiguration, for clients that cannot be asked for them. */
let pushedSettings: unknown;

const workspace = new Workspace(async (scopeUri) =>
  client.configuration ? connection.workspace.getConfiguration({ scopeUri, section: 'migrationLens' }) : pushedSettings,
);

/** The lint result of the latest linted version of each document; `outcome` is undefined when it is not linted. */
const results = new Map<string, { version: number; generation: number; outcome?: LintOutcome }>();
/** Bumped whenever configuration changes, so a lint that started before the change is not cached. */
let generation = 0;
const debouncer = new Debouncer();
const debounceByFolder = new Map<string, number>();
const reportedConfigs = new WeakSet<FolderConfig>();
const shownProblems = new Set<string>();

/** The preview and proof sessions, one per set (lsp/preview.ts); the lock trace shares them. */
const previews = new PreviewService({
  folderUris: () => workspace.folderUris(),
  configFor: (folderUri, fresh) => (fresh ? freshConfig(folderUri) : configFor(folderUri)),
  setsOf: (folderUri, fc, fresh) => sets.setsOf(folderUri, fc, fresh),
  openText: (file) => documents.all().find((d) => fsPathOf(d.uri) === file)?.getText(),
  ready: parserReady,
  diagnosticsChanged: (uris) => {
    for (const uri of uris) void connection.sendDiagnostics({ uri, diagnostics: [...(lintDiagnostics.get(uri) ?? []), ...previews.diagnosticsOf(uri)] });
  },
  setsChanged: () => {
    void connection.sendNotification(METHODS.setsChanged);
    live.previewChanged();
  },
  log: (message) => connection.console.log(message),
});

const traces = new LockTraces(
  (uri) => {
    void publish(uri);
    if (client.inlayHintRefresh) void connection.languages.inlayHint.refresh();
  },
  log,
  (root) => previews.sessionFor(root),
);

/**
 * The lint's diagnostics last sent per URI: a URI has one diagnostics list per server, so the
 * preview's and the proofs' are sent along with them (and the lint's again when those change).
 */
const lintDiagnostics = new Map<string, Diagnostic[]>();
function sendDiagnostics(uri: string, diagnostics: Diagnostic[], version?: number): Promise<void> {
  if (diagnostics.length) lintDiagnostics.set(uri, diagnostics);
  else lintDiagnostics.delete(uri);
  return connection.sendDiagnostics({ uri, version, diagnostics: [...diagnostics, ...previews.diagnosticsOf(uri)] });
}

const sets = new SetTracker({
  folderUris: () => workspace.folderUris(),
  folderOf: (uri) => workspace.scopeOf(uri)?.folderUri,
  configFor: (folderUri) => configFor(folderUri),
  ready: parserReady,
  openDocuments: () => documents.all(),
  relint: (uris) => {
    for (const uri of uris) {
      results.delete(uri);
      schedule(uri, 0);
    }
    // The sets changed (a file appeared, the earlier files were saved): the traces too.
    retrace(uris);
  },
  sendDiagnostics: (uri, diagnostics) => void sendDiagnostics(uri, diagnostics),
  // The background lint shows its progress where the client can show one (window/workDoneProgress).
  progress: async () => {
    if (!client.workDoneProgress) throw new Error('no progress support');
    const reporter = await connection.window.createWorkDoneProgress();
    return { begin: (title) => reporter.begin(title, 0), report: (message, percentage) => reporter.report(percentage ?? 0, message), done: () => reporter.done() };
  },
  setsChanged: () => {
    void connection.sendNotification(METHODS.setsChanged);
    live.previewChanged();
  },
  candidates: (folderUri, candidates) => void connection.sendNotification(METHODS.candidateFolders, { folderUri, candidates } satisfies CandidateFoldersParams),
  log,
});

/** Definition, references, hover on names, symbols and schema completion (lsp/navigation.ts). */
const navigator = new Navigator({
  setFilesOf: async (uri) => {
    const scope = workspace.scopeOf(uri);
    const file = fsPathOf(uri);
    if (scope?.folderUri === undefined || !file) return undefined;
    const fc = await configFor(scope.folderUri);
    if (!fc.settings.enable) return undefined;
    return sets.setOf(scope.folderUri, file, fc)?.files.map((f) => f.path);
  },
  allSetFiles: async () => {
    const out: string[][] = [];
    for (const folder of workspace.folderUris()) {
      const fc = await configFor(folder);
      if (fc.settings.enable) out.push(...sets.setsOf(folder, fc).map((s) => s.files.map((f) => f.path)));
    }
    return out;
  },
  openText: (file) => documents.all().find((d) => fsPathOf(d.uri) === file)?.getText(),
  readText: (file) => readFromDisk(file),
  displayPath: (file) => {
    const scope = workspace.scopeOf(pathToFileURL(file).toString());
    return scope?.relPath ?? displayRelative(undefined, file);
  },
  previewOf: (firstFile) => previews.previewed(firstFile),
  ready: parserReady,
});

const live = new LiveService({
  configFor: (folderUri) => configFor(folderUri),
  trusted: () => trusted,
  changed: (status) => {
    void connection.sendNotification(LIVE_METHODS.changed, status);
    if (client.codeLensRefresh) void connection.sendRequest(CodeLensRefreshRequest.type).catch(() => undefined);
  },
  runPreview: (root, input) => previews.runQuietly(root, input),
});
registerLiveRequests(connection, live);
connection.onCodeLens((params) => {
  const path = fsPathOf(params.textDocument.uri);
  return path ? live.codeLenses(path) : [];
});

connection.onInitialize((params): InitializeResult => {
  const caps = params.capabilities;
  client.configuration = !!caps.workspace?.configuration;
  client.dynamicConfiguration = !!caps.workspace?.didChangeConfiguration?.dynamicRegistration;
  client.dynamicWatchers = !!caps.workspace?.didChangeWatchedFiles?.dynamicRegistration;
  client.workspaceFolders = !!caps.workspace?.workspaceFolders;
  client.documentChanges = !!caps.workspace?.workspaceEdit?.documentChanges;
  client.inlayHintRefresh = !!caps.workspace?.inlayHint?.refreshSupport;
  client.codeLensRefresh = !!caps.workspace?.codeLens?.refreshSupport;
  client.workDoneProgress = !!caps.window?.workDoneProgress;
  const init = params.initializationOptions as { settings?: unknown; trusted?: boolean } | undefined;
  pushedSettings = init?.settings;
  trusted = init?.trusted !== false;
  workspace.setFolders(params.workspaceFolders?.map((f) => f.uri) ?? (params.rootUri ? [params.rootUri] : []));
  return {
    capabilities: {
      textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental, save: { includeText: false } },
      codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix] },
      hoverProvider: true,
      inlayHintProvider: true,
      codeLensProvider: { resolveProvider: false },
      completionProvider: { triggerCharacters: [' ', ':', '.', '(', "'"] },
      definitionProvider: true,
      referencesProvider: true,
      documentSymbolProvider: { label: 'Migration Lens' },
      workspaceSymbolProvider: true,
      renameProvider: { prepareProvider: true },
      workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
    },
    serverInfo: { name: 'migration-lens' },
  };
});

connection.onInitialized(() => {
  if (client.dynamicConfiguration) void connection.client.register(DidChangeConfigurationNotification.type, { section: 'migrationLens' });
  if (client.dynamicWatchers) {
    const globs = ['**/.migration-lens.json', ...SET_WATCH_GLOBS];
    void connection.client.register(DidChangeWatchedFilesNotification.type, { watchers: globs.map((globPattern) => ({ globPattern })) });
  }
  if (client.workspaceFolders) {
    connection.workspace.onDidChangeWorkspaceFolders((e) => {
      const removed = new Set(e.removed.map((f) => f.uri));
      workspace.setFolders([...workspace.folderUris().filter((u) => !removed.has(u)), ...e.added.map((f) => f.uri)]);
      relintAll();
    });
  }
  sets.refreshAll();
});

connection.onDidChangeConfiguration((change) => {
  if (!client.configuration) pushedSettings = (change.settings as { migrationLens?: unknown } | undefined)?.migrationLens;
  workspace.invalidate();
  relintAll();
});

connection.onDidChangeWatchedFiles((change) => {
  sets.filesChanged(change.changes);
  for (const c of change.changes) navigator.invalidate(fsPathOf(c.uri));
  const folders = change.changes.map((c) => workspace.folderOfConfigFile(c.uri)).filter((f) => f !== undefined);
  if (folders.length === 0) return;
  for (const f of folders) workspace.invalidate(f);
  relintAll();
});

// TextDocuments fires onDidChangeContent right after onDidOpen: an opened file is linted at once,
// not debounced, and without a timer (Node clamps setTimeout(0) to 1 ms, a tenth of a 200-line open;
// https://nodejs.org/api/timers.html#settimeoutcallback-delay-args).
const justOpened = new Set<string>();
/** Lints under way (publish): the warm-up waits for them, and for the debounced ones. */
let publishing = 0;
const warmUp = new WarmUp(() => publishing > 0 || debouncer.pending, log);

/** `f` runs once the warm-up is done, in an idle turn (server-start.ts writes V8's code cache then). */
export function afterWarmUp(f: () => void): void {
  warmUp.whenDone(f);
}
documents.onDidOpen((e) => {
  sets.opened(e.document.uri);
  justOpened.add(e.document.uri);
  debouncer.cancel(e.document.uri);
  void publish(e.document.uri);
});
documents.onDidChangeContent((e) => {
  if (!justOpened.delete(e.document.uri)) schedule(e.document.uri, debounceFor(e.document.uri));
  traces.schedule(e.document.uri, () => traceTarget(e.document.uri));
});
documents.onDidSave((e) => {
  sets.saved(e.document.uri);
  navigator.invalidate(fsPathOf(e.document.uri));
  // Clients without file watchers still see configuration edits this way.
  const folder = workspace.folderOfConfigFile(e.document.uri);
  if (folder === undefined) return;
  workspace.invalidate(folder);
  relintAll();
});
documents.onDidClose((e) => {
  debouncer.cancel(e.document.uri);
  navigator.invalidate(fsPathOf(e.document.uri));
  traces.forget(e.document.uri);
  results.delete(e.document.uri);
  // A closed file keeps its set-level findings (Problems lists them), and loses the per-file ones.
  void sendDiagnostics(e.document.uri, sets.diagnosticsWhenClosed(e.document.uri));
});

connection.onCodeAction(async (params) => {
  const doc = documents.get(params.textDocument.uri);
  const outcome = doc && (await currentOutcome(doc));
  if (!doc) return [];
  const folder = workspace.scopeOf(doc.uri)?.folderUri;
  const path = fsPathOf(doc.uri);
  // Committed on the default branch, or applied in the connected database: fixes become forward fixes.
  const frozen = folder !== undefined && path && sets.committedOn(folder, path) ? 'committed' : path && live.applied(path) ? 'applied' : undefined;
  const options = { documentChanges: client.documentChanges, frozen } as const;
  // proof-lock findings get the same "ignore" and documentation actions as the rules'.
  const withProofs = outcome && { ...outcome, findings: [...outcome.findings, ...lockFindings(doc, outcome)] };
  const actions = withProofs ? codeActions(doc, withProofs, params.context.diagnostics, options) : [];
  // So do the findings of the proofs the client asked for; an ignore also drops the finding at once.
  const file = fsPathOf(doc.uri);
  const proofs = file ? previews.proofFindingsIn(file) : [];
  if (!proofs.length || !params.context.diagnostics.some((d) => d.source === SOURCES.proofs)) return actions;
  await parserReady;
  const parsed = outcome?.file ?? parseSql(doc.getText());
  const findings = proofs.map((f) => ({ ...asFinding(f), statement: statementRangeAt(parsed, f.start) }));
  const afterIgnore = (ruleId: string, at?: number) => ({ title: 'Dismiss', command: COMMANDS.dismissProofFinding, arguments: [file, ruleId, at] });
  return [...actions, ...codeActions(doc, { findings, failures: [], file: parsed }, params.context.diagnostics, { ...options, source: SOURCES.proofs, afterIgnore })];
});

connection.onHover(async (params) => {
  const doc = documents.get(params.textDocument.uri);
  const outcome = doc && (await currentOutcome(doc));
  if (!doc) return null;
  const docs = outcome ? hoverAt(doc, outcome, params.position) : null;
  const traced = traces.get(doc.uri, doc.version);
  const trace = traced && traceHover(doc, traced, params.position);
  // The object under the cursor as the migrations leave it at this statement, after the trace and the finding's short docs.
  const name = outcome ? await navigator.hover(doc, params.position).catch((e) => (logError(e), null)) : null;
  if (!trace && !name) return docs;
  const value = [trace, docs && (docs.contents as MarkupContent).value, name && (name.contents as MarkupContent).value].filter(Boolean).join('\n\n---\n\n');
  return { contents: { kind: MarkupKind.Markdown, value }, range: docs?.range ?? name?.range };
});

/** A navigation request on a migration document (the documents that are linted; no need to wait for the lint), or undefined. */
async function navigable(uri: string): Promise<TextDocument | undefined> {
  const doc = documents.get(uri);
  const scope = doc && workspace.scopeOf(uri);
  const file = fsPathOf(uri);
  if (!doc || !scope) return undefined;
  await parserReady;
  const fc = await configFor(scope.folderUri);
  if (!fc.settings.enable) return undefined;
  const inSet = scope.folderUri !== undefined && file !== undefined && sets.setOf(scope.folderUri, file, fc) !== undefined;
  return inSet || fc.isMigration(scope.relPath) ? doc : undefined;
}
connection.onDefinition(async (params) => {
  const doc = await navigable(params.textDocument.uri);
  return doc ? navigator.definition(doc, params.position) : null;
});
connection.onReferences(async (params) => {
  const doc = await navigable(params.textDocument.uri);
  return doc ? navigator.references(doc, params.position, params.context?.includeDeclaration !== false) : null;
});
connection.onDocumentSymbol(async (params) => {
  const doc = await navigable(params.textDocument.uri);
  return doc ? navigator.documentSymbols(doc) : [];
});
connection.onWorkspaceSymbol((params) => navigator.workspaceSymbols(params.query ?? ''));
connection.onPrepareRename(async (params) => {
  const doc = await navigable(params.textDocument.uri);
  const answer = doc ? await navigator.prepareRename(doc, params.position) : 'Not a migration.';
  return typeof answer === 'string' ? new ResponseError(ErrorCodes.InvalidRequest, answer) : answer;
});
connection.onRenameRequest(async (params) => {
  const doc = await navigable(params.textDocument.uri);
  const answer = doc ? await navigator.rename(doc, params.position, params.newName) : 'Not a migration.';
  return typeof answer === 'string' ? new ResponseError(ErrorCodes.InvalidRequest, answer) : answer;
});

connection.languages.inlayHint.on((params) => {
  const doc = documents.get(params.textDocument.uri);
  if (!doc) return [];
  // The editor asks for the hints of what it shows: a document without a current trace gets one.
  traces.ensure(doc.uri, doc.version, () => traceTarget(doc.uri));
  // Until this version's trace arrives, the last one's hints stay where their statements are (no flicker).
  const traced = traces.get(doc.uri, doc.version) ?? traces.stale(doc.uri, doc.getText());
  return traced ? traceInlayHints(doc, traced) : [];
});

// The user trusted the workspace after start-up: the trace may run now.
connection.onNotification(METHODS.trusted, () => {
  trusted = true;
  retrace(documents.all().map((d) => d.uri));
});

/**
 * Traces of these documents are out of date. With inlay hint refresh, the editor asks again for
 * the documents it shows and only those are traced; without it, every one is traced again.
 */
function retrace(uris: string[]): void {
  if (uris.length === 0) return;
  if (!client.inlayHintRefresh) {
    for (const uri of uris) traces.schedule(uri, () => traceTarget(uri));
    return;
  }
  for (const uri of uris) traces.invalidate(uri);
  void connection.languages.inlayHint.refresh();
}

connection.onShutdown(() => {
  shutdownReceived = true;
  live.dispose();
  return previews.dispose();
});

// The schema preview and the proofs (lsp/preview.ts). The client asks only after its trust gate
// passed: in an untrusted workspace, the user said "Run Preview".
connection.onRequest(METHODS.sets, async (params: SetsParams | undefined) => ({ sets: await previews.sets(params ?? {}), sessions: previews.sessionCount }));
connection.onRequest(METHODS.preview, async (params: RunParams, token): Promise<SetsResult> => {
  // Cancelling the request ($/cancelRequest) stops the preview before its next file; the answer says so.
  const result = await previews.preview(params, progressOf(params.workDoneToken), async () => progressOf(await connection.window.createWorkDoneProgress()), token);
  return { ...result, sessions: previews.sessionCount };
});
connection.onRequest(METHODS.prove, async (params: ProveParams) => ({ runs: await previews.prove(params, progressOf(params.workDoneToken)), sessions: previews.sessionCount }));
connection.onRequest(METHODS.schemaChange, async (params: SchemaChangeParams) => {
  try {
    return await previews.schemaChange(params);
  } catch (e) {
    if (e instanceof PreviewInputError) return new ResponseError(ErrorCodes.InvalidParams, e.message);
    throw e;
  }
});
// "New Migration": the configuration is read afresh (freshConfig), the command may follow an edit of the file at once.
connection.onRequest(METHODS.newMigrationChoose, (params: NewMigrationChooseParams) => chooseNewMigrationSet(params, freshConfig));
connection.onRequest(METHODS.newMigrationPlan, (params: NewMigrationPlanParams) => planNewMigrationFiles(params));
connection.onRequest(METHODS.newMigrationCreate, (params: NewMigrationCreateParams) => createNewMigration(params, freshConfig));
connection.onRequest(METHODS.useCandidateFolder, (params: UseCandidateFolderParams) => useCandidateFolder(params, workspace.folderUris()));
connection.onRequest(METHODS.forwardFix, async (params: ForwardFixParams) => {
  const folder = workspace.scopeOf(params.uri)?.folderUri;
  const file = fsPathOf(params.uri);
  if (folder === undefined || !file) return { error: `${params.uri} is not in an open workspace folder.` };
  const fc = await freshConfig(folder);
  return createForwardFix(params, sets.setOf(folder, file, fc) ?? sets.setsOf(folder, fc, true).find((s) => s.downs.some((f) => f.path === file)), fc.config);
});
connection.onRequest(METHODS.dismissProofFinding, (params: DismissProofFindingParams) => previews.dismiss(params));
connection.onRequest(METHODS.clearProofResults, () => previews.clearProofFindings());

/** Work done progress on a client token (or a server-created reporter); nothing without either. */
function progressOf(token: string | number | { begin(title: string): void; report(message: string): void; done(): void } | undefined): Progress {
  const reporter = typeof token === 'object' ? token : token !== undefined ? connection.window.attachWorkDoneProgress(token) : undefined;
  return {
    begin: (title) => reporter?.begin(title),
    report: (message) => reporter?.report(message),
    done: () => reporter?.done(),
  };
}

connection.onCompletion(async (params) => {
  // The documents navigation answers on: set members even outside the globs (a sqitch.conf deploy_dir, a Drizzle journal's folder).
  const doc = await navigable(params.textDocument.uri);
  const scope = doc && workspace.scopeOf(doc.uri);
  if (!doc || !scope) return [];
  const fc = await configFor(scope.folderUri);
  const outcome = await currentOutcome(doc);
  const header = headerCompletions(doc, outcome?.file, fc.config.header, scope.relPath, params.position);
  if (header.length) return header;
  return navigator.completion(doc, params.position);
});

connection.onRequest(METHODS.ruleDocs, (params: { ruleId?: unknown } | undefined) => {
  const id = params?.ruleId;
  const rule = typeof id === 'string' ? RULES_BY_ID.get(id) : undefined;
  if (!rule) return new ResponseError(ErrorCodes.InvalidParams, `Unknown Migration Lens rule: ${JSON.stringify(params?.ruleId)}`);
  return renderRuleDocs(rule);
});

function schedule(uri: string, delayMs: number): void {
  if (delayMs > 0) return debouncer.schedule(uri, delayMs, () => void publish(uri));
  // No pause: no timer either (its 1 ms, as for an opened file above); a burst of edits is still linted once (publish).
  debouncer.cancel(uri);
  void publish(uri);
}

function debounceFor(uri: string): number {
  return debounceByFolder.get(workspace.scopeOf(uri)?.folderUri ?? '') ?? DEFAULT_DEBOUNCE_MS;
}

/** After a configuration change: forget every result, lint each open document once, and the sets again. */
function relintAll(): void {
  generation++;
  results.clear();
  sets.refreshAll();
  for (const doc of documents.all()) {
    const folder = workspace.folderOfConfigFile(doc.uri);
    if (folder !== undefined) void configFor(folder).then((fc) => publishConfigProblems(folder, fc), logError);
    else schedule(doc.uri, 0);
  }
}

async function publish(uri: string): Promise<void> {
  publishing++;
  try {
    await lintAndPublish(uri);
  } finally {
    // The first diagnostics are out: the warm-up may start (or go on).
    if (--publishing === 0) warmUp.resume();
  }
}

async function lintAndPublish(uri: string): Promise<void> {
  // Edits the client already sent come first: only the newest version is linted (afterQueuedMessages).
  const scheduled = documents.get(uri)?.version;
  await afterQueuedMessages();
  const doc = documents.get(uri);
  if (!doc || doc.version !== scheduled) return;
  try {
    const configFolder = workspace.folderOfConfigFile(uri);
    if (configFolder !== undefined) return publishConfigProblems(configFolder, await configFor(configFolder));
    const outcome = await currentOutcome(doc);
    // A newer version arrived while this one was being linted: its own timer will publish.
    if (documents.get(uri)?.version !== doc.version) return;
    const proofs = outcome ? findingDiagnostics(doc, lockFindings(doc, outcome)) : [];
    await sendDiagnostics(uri, outcome ? [...diagnosticsOf(doc, outcome), ...proofs] : [], doc.version);
  } catch (e) {
    logError(e);
  }
}

/** The `proof-lock` findings of the document's trace of this version, if it has one. */
function lockFindings(doc: TextDocument, outcome: LintOutcome): Finding[] {
  const traced = outcome.file && traces.get(doc.uri, doc.version);
  return traced ? traceDiagnosticsFindings(fsPathOf(doc.uri) ?? doc.uri, outcome.file!, traced, outcome.findings) : [];
}

/**
 * The lint result for the document's current version: cached, or computed now. Code actions
 * and hover use the same result as the diagnostics, so their ranges and edits agree.
 */
async function currentOutcome(doc: TextDocument): Promise<LintOutcome | undefined> {
  const cached = results.get(doc.uri);
  if (cached && cached.version === doc.version && cached.generation === generation) return cached.outcome;
  const startedIn = generation;
  const scope = workspace.scopeOf(doc.uri);
  if (!scope) return undefined;
  await parserReady;
  const fc = await configFor(scope.folderUri);
  const outcome = sets.lintDocument(doc, scope, fc);
  if (startedIn === generation) results.set(doc.uri, { version: doc.version, generation, outcome });
  return outcome;
}

/**
 * The folder's configuration, read again first when `.migration-lens.json` changed on disk since
 * it was cached: a command (preview, proof, new migration) may follow an edit of the file before
 * the file watcher reports it; everything is linted again with it.
 */
async function freshConfig(folderUri: string): Promise<FolderConfig> {
  if (await workspace.fileChanged(folderUri)) {
    workspace.invalidate(folderUri);
    relintAll();
  }
  return configFor(folderUri);
}

/** The folder's configuration; its problems are announced once, the first time it is loaded. */
async function configFor(folderUri: string | undefined): Promise<FolderConfig> {
  const fc = await workspace.configFor(folderUri);
  debounceByFolder.set(folderUri ?? '', fc.settings.debounceMs);
  if (!reportedConfigs.has(fc)) {
    reportedConfigs.add(fc);
    const fresh = [...fc.settingsProblems, ...fc.fileProblems].filter((p) => !shownProblems.has(p));
    fresh.forEach((p) => shownProblems.add(p));
    if (fresh.length) showMessage(MessageType.Warning, `Migration Lens configuration: ${fresh.join('; ')}`);
    if (folderUri !== undefined) publishConfigProblems(folderUri, fc);
  }
  return fc;
}

/** Diagnostics inside an open `.migration-lens.json` (the file is read from disk, as the CLI reads it). */
function publishConfigProblems(folderUri: string, fc: FolderConfig): void {
  for (const doc of documents.all()) {
    if (workspace.folderOfConfigFile(doc.uri) !== folderUri) continue;
    void sendDiagnostics(doc.uri, configDiagnostics(doc, fc.fileProblems));
  }
}

/** What the lock trace of a document runs: its set, with the open documents' texts; undefined when it is not traced. */
async function traceTarget(uri: string): Promise<TraceTarget | undefined> {
  const doc = documents.get(uri);
  const scope = workspace.scopeOf(uri);
  const file = fsPathOf(uri);
  if (!trusted || !doc || !file || scope?.folderUri === undefined) return undefined;
  await parserReady;
  const fc = await configFor(scope.folderUri);
  if (!fc.settings.enable || !fc.config.preview.lockTrace) return undefined;
  const set = sets.setOf(scope.folderUri, file, fc);
  if (!set) return undefined;
  // A document lint refused (over maxFileSize, binary, nested too deeply) is not traced either: the worker would pay what lint spared.
  const outcome = await currentOutcome(doc);
  if (outcome?.findings.some((f) => f.ruleId === 'unlintable-file')) return undefined;
  try {
    const input = previewInputForSet(set, fc.config, (p) => sets.textOf(p), fsPathOf(scope.folderUri));
    return { input, path: file, root: set.root, version: doc.version, config: fc.config };
  } catch (e) {
    if (e instanceof PreviewInputError) return undefined; // the preview command reports it
    throw e;
  }
}

/** A plain notification (connection.window.show*Message would send a request and wait for a click). */
function showMessage(type: MessageType, message: string): void {
  void connection.sendNotification(ShowMessageNotification.type, { type, message });
}

function logError(e: unknown): void {
  log(`Migration Lens: ${(e as Error)?.stack ?? String(e)}`);
}

// A malformed didChange is refused with one log line, instead of a TypeError from the document store.
documents.listen(
  new Proxy(connection, {
    get(target, key) {
      if (key === 'onDidChangeTextDocument') {
        return (handler: (params: DidChangeTextDocumentParams) => void) =>
          target.onDidChangeTextDocument((params) => {
            const problem = malformedChange(params);
            if (problem) return log(`Migration Lens: refused a malformed textDocument/didChange: ${problem}.`);
            handler(params);
          });
      }
      const value = Reflect.get(target, key) as unknown;
      return typeof value === 'function' ? value.bind(target) : value;
    },
  }),
);
connection.listen();
