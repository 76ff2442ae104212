/**
 * A minimal LSP client for protocol tests: builds the server bundle, starts it over stdio as
 * VS Code would, answers the server's requests (configuration, registrations) and records
 * what the server publishes. Shared by every protocol and robustness test.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  createMessageConnection,
  StreamMessageReader,
  StreamMessageWriter,
  type CodeAction,
  type Diagnostic,
  type Hover,
  type InlayHint,
  type MessageConnection,
  type Position,
  type PublishDiagnosticsParams,
  type Range,
  type ShowMessageParams,
} from 'vscode-languageserver/node';
import { SERVER_NODE_FLAGS } from '../../shared/protocol';

const ROOT = path.resolve(__dirname, '../..');

let bundle: string | undefined;

/**
 * The built server: `node esbuild.mjs` as `npm test` does; while other entry points of the
 * build do not exist yet, the server alone is bundled with the same options into a temp dir.
 */
export async function serverBundle(): Promise<string> {
  if (bundle) return bundle;
  const full = spawnSync(process.execPath, ['esbuild.mjs'], { cwd: ROOT, encoding: 'utf8' });
  const dist = path.join(ROOT, 'dist/server.js');
  if (full.status === 0 && existsSync(dist)) return (bundle = dist);
  const esbuild = await import('esbuild');
  const out = mkdtempSync(path.join(tmpdir(), 'lens-server-'));
  process.once('exit', () => rmSync(out, { recursive: true, force: true }));
  await esbuild.build({
    entryPoints: { server: path.join(ROOT, 'server/src/server.ts') },
    outdir: out,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    sourcemap: true,
    logLevel: 'error',
  });
  cpSync(path.join(ROOT, 'node_modules/libpg-query/wasm/libpg-query.wasm'), path.join(out, 'libpg-query.wasm'));
  return (bundle = path.join(out, 'server.js'));
}

/** A temporary workspace folder; `write` creates files inside it. */
export class TempWorkspace {
  readonly dir = mkdtempSync(path.join(tmpdir(), 'lens-ws-'));
  readonly uri = pathToFileURL(this.dir).toString();

  write(rel: string, text: string | Buffer): string {
    const file = path.join(this.dir, rel);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, text);
    return pathToFileURL(file).toString();
  }

  uriOf(rel: string): string {
    return pathToFileURL(path.join(this.dir, rel)).toString();
  }

  dispose(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}

export interface StartOptions {
  workspaceUri: string;
  /** What the server gets for `workspace/configuration` section `migrationLens`. */
  settings?: Record<string, unknown>;
  /** Advertise `workspace/configuration` support (otherwise settings are pushed). */
  pullConfiguration?: boolean;
  /** Another language server to drive instead of ours (the squawk benchmark): the command and its arguments. */
  command?: string[];
  /** Advertise `window.workDoneProgress` (server-initiated progress, recorded in `progress`). */
  workDoneProgress?: boolean;
  /** Environment variables set for the server beside this process's (e.g. XDG_CACHE_HOME). */
  env?: Record<string, string>;
}

export class LspClient {
  /** Every publishDiagnostics notification, per URI, in arrival order. */
  readonly published = new Map<string, PublishDiagnosticsParams[]>();
  readonly shownMessages: ShowMessageParams[] = [];
  /** Every `$/progress` notification, in arrival order. */
  readonly progress: { token: string | number; value: { kind: string; title?: string; message?: string; percentage?: number } }[] = [];
  readonly logs: string[] = [];
  settings: Record<string, unknown>;
  private readonly versions = new Map<string, number>();
  private waiters: (() => void)[] = [];
  private exited = false;
  private refreshes = 0;

  private constructor(
    private readonly proc: ChildProcess,
    readonly connection: MessageConnection,
    readonly stderr: string[],
    opts: StartOptions,
  ) {
    this.settings = opts.settings ?? {};
    proc.on('exit', () => {
      this.exited = true;
      this.notifyWaiters();
    });
    // The server going away is reported by the waits (with its stderr), not as an unhandled error.
    connection.onError(() => undefined);
    connection.onNotification('textDocument/publishDiagnostics', (p: PublishDiagnosticsParams) => {
      const list = this.published.get(p.uri) ?? [];
      list.push(p);
      this.published.set(p.uri, list);
      this.notifyWaiters();
    });
    connection.onNotification('window/showMessage', (p: ShowMessageParams) => {
      this.shownMessages.push(p);
      this.notifyWaiters();
    });
    connection.onNotification('window/logMessage', (p: { message: string }) => this.logs.push(p.message));
    // Progress with a token nobody asked about (server-initiated, window/workDoneProgress/create).
    connection.onUnhandledProgress((p) => {
      this.progress.push(p as LspClient['progress'][number]);
      this.notifyWaiters();
    });
    connection.onRequest('workspace/configuration', (p: { items: { section?: string }[] }) =>
      p.items.map((item) => (item.section === 'migrationLens' ? this.settings : null)),
    );
    connection.onRequest('client/registerCapability', () => null);
    connection.onRequest('workspace/inlayHint/refresh', () => {
      this.refreshes++;
      this.notifyWaiters();
      return null;
    });
    connection.onRequest('window/workDoneProgress/create', () => null);
    connection.onRequest('window/showMessageRequest', () => null);
  }

  static async start(opts: StartOptions): Promise<LspClient> {
    const [command, ...args] = opts.command ?? [process.execPath, ...SERVER_NODE_FLAGS, await serverBundle(), '--stdio'];
    const proc = spawn(command, args, { stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, ...opts.env } });
    const stderr: string[] = [];
    proc.stderr!.on('data', (d: Buffer) => stderr.push(d.toString()));
    proc.stdin!.on('error', () => undefined); // EPIPE after a crash surfaces through the waits instead
    const connection = createMessageConnection(new StreamMessageReader(proc.stdout!), new StreamMessageWriter(proc.stdin!));
    const client = new LspClient(proc, connection, stderr, opts);
    connection.listen();
    const pull = opts.pullConfiguration ?? true;
    await connection.sendRequest('initialize', {
      processId: process.pid,
      rootUri: opts.workspaceUri,
      workspaceFolders: [{ uri: opts.workspaceUri, name: 'ws' }],
      capabilities: {
        workspace: {
          configuration: pull,
          didChangeConfiguration: { dynamicRegistration: true },
          didChangeWatchedFiles: { dynamicRegistration: true },
          workspaceFolders: true,
          workspaceEdit: { documentChanges: true },
          inlayHint: { refreshSupport: true },
        },
        textDocument: {
          publishDiagnostics: { versionSupport: true },
          codeAction: { codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix'] } } },
          hover: { contentFormat: ['markdown', 'plaintext'] },
        },
        ...(opts.workDoneProgress ? { window: { workDoneProgress: true } } : {}),
      },
      initializationOptions: pull ? undefined : { settings: opts.settings },
    });
    await connection.sendNotification('initialized', {});
    return client;
  }

  /** The server's process id (its memory is read from /proc by the session tests). */
  get pid(): number | undefined {
    return this.proc.pid;
  }

  get running(): boolean {
    return !this.exited;
  }

  async open(uri: string, text: string, languageId = 'sql'): Promise<void> {
    this.versions.set(uri, 1);
    await this.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId, version: 1, text } });
  }

  /** Replaces the whole text; returns the new version. */
  async change(uri: string, text: string): Promise<number> {
    const version = (this.versions.get(uri) ?? 1) + 1;
    this.versions.set(uri, version);
    await this.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ text }] });
    return version;
  }

  /** An incremental change, as an editor sends one per keystroke; returns the new version. */
  async edit(uri: string, range: Range, text: string): Promise<number> {
    const version = (this.versions.get(uri) ?? 1) + 1;
    this.versions.set(uri, version);
    await this.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ range, text }] });
    return version;
  }

  async close(uri: string): Promise<void> {
    await this.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
  }

  async changeSettings(settings: Record<string, unknown>): Promise<void> {
    this.settings = settings;
    await this.connection.sendNotification('workspace/didChangeConfiguration', { settings: { migrationLens: settings } });
  }

  async fileChanged(uri: string, type: 1 | 2 | 3 = 2): Promise<void> {
    await this.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri, type }] });
  }

  /** How many diagnostics notifications a URI has received: pass to waitForDiagnostics to wait for newer ones. */
  mark(uri: string): number {
    return this.published.get(uri)?.length ?? 0;
  }

  /** The first publication for `uri` (from index `since`) that satisfies `match`. */
  waitForDiagnostics(
    uri: string,
    match: (p: PublishDiagnosticsParams) => boolean = () => true,
    since = 0,
    timeoutMs = 10_000,
  ): Promise<PublishDiagnosticsParams> {
    return this.waitFor(`diagnostics for ${uri}`, timeoutMs, () => (this.published.get(uri) ?? []).slice(since).find(match));
  }

  waitForMessage(match: (m: ShowMessageParams) => boolean, timeoutMs = 10_000): Promise<ShowMessageParams> {
    return this.waitFor('a window/showMessage', timeoutMs, () => this.shownMessages.find(match));
  }

  codeActions(uri: string, range: Range, diagnostics: Diagnostic[]): Promise<CodeAction[]> {
    return this.connection.sendRequest('textDocument/codeAction', { textDocument: { uri }, range, context: { diagnostics } });
  }

  hover(uri: string, position: Position): Promise<Hover | null> {
    return this.connection.sendRequest('textDocument/hover', { textDocument: { uri }, position });
  }

  inlayHints(uri: string, range: Range = { start: { line: 0, character: 0 }, end: { line: 100_000, character: 0 } }): Promise<InlayHint[] | null> {
    return this.connection.sendRequest('textDocument/inlayHint', { textDocument: { uri }, range });
  }

  /** How many `workspace/inlayHint/refresh` requests the server sent so far. */
  get inlayHintRefreshes(): number {
    return this.refreshes;
  }

  /** Orderly LSP shutdown; the process is killed if it does not exit in time. */
  async stop(): Promise<void> {
    if (!this.exited) {
      const exited = new Promise<void>((resolve) => this.proc.once('exit', () => resolve()));
      const timer = setTimeout(() => this.proc.kill(), 3000);
      try {
        await this.connection.sendRequest('shutdown');
        await this.connection.sendNotification('exit');
      } catch {
        this.proc.kill();
      }
      await exited;
      clearTimeout(timer);
    }
    this.connection.dispose();
  }

  private waitFor<T>(what: string, timeoutMs: number, probe: () => T | undefined): Promise<T> {
    return new Promise((resolve, reject) => {
      const check = () => {
        const hit = probe();
        if (hit !== undefined) {
          done();
          resolve(hit);
        } else if (this.exited) {
          done();
          reject(new Error(`server exited while waiting for ${what}; stderr:\n${this.stderr.join('')}`));
        }
      };
      const timer = setTimeout(() => {
        done();
        reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}`));
      }, timeoutMs);
      const done = () => {
        clearTimeout(timer);
        this.waiters = this.waiters.filter((w) => w !== check);
      };
      this.waiters.push(check);
      check();
    });
  }

  private notifyWaiters(): void {
    for (const w of [...this.waiters]) w();
  }
}
