/**
 * The editor's read-only view of a real database: the client sends the URL it keeps in VS Code's
 * SecretStorage (never in a settings file), the server connects read-only for each request,
 * computes the status of every migration set of the folder, sizes the tables pending migrations
 * lock, compares the live schema with the one the applied migrations make in the preview (drift),
 * and keeps the last report for the Migrations and Drift views, the status bar and the CodeLens.
 * It reads again when the preview ran or the sets changed. The URL lives in this process's memory
 * only; nothing runs in an untrusted workspace.
 */
import type { CodeLens } from 'vscode-languageserver';
import { detectSets } from '../layout/detect';
import { readFromDisk } from '../layout/set-context';
import { connectReadOnly, LiveError } from '../live/connection';
import { preflightChecklist } from '../live/checklist';
import { expectedSchemaOn, liveReport, type LiveReport } from '../live/report';
import { formatSize } from '../live/size';
import { lineColumn } from '../parse/positions';
import type { PreviewInput, PreviewResult } from '../preview/types';
import { LIVE_METHODS, type LiveStatus } from '../../../shared/protocol';
import type { FolderConfig } from './workspace';

export { LIVE_METHODS, type LiveStatus };
import { fsPathOf } from './workspace';


interface LiveHost {
  configFor(folderUri: string): Promise<FolderConfig>;
  trusted(): boolean;
  /** The status of a folder changed: CodeLens and views refresh. */
  changed(status: LiveStatus): void;
  /** Runs a preview of a set's files, queued with the editor's previews (drift's expected schema); no drift without it. */
  runPreview?(root: string, input: PreviewInput): Promise<PreviewResult>;
}

/** A burst of preview runs and set changes reads the database once, this long after the last. */
const REREAD_DELAY_MS = 1_000;

export class LiveService {
  /** URL per workspace folder: in memory only. */
  private readonly urls = new Map<string, string>();
  private readonly reports = new Map<string, LiveReport>();
  private readonly statuses = new Map<string, LiveStatus>();
  /** The reading under way per folder: readings of one folder never overlap. */
  private readonly readings = new Map<string, Promise<LiveStatus>>();
  private rereadTimer?: NodeJS.Timeout;

  constructor(private readonly host: LiveHost) {}

  /**
   * The preview ran or the sets changed: every connected folder is read again (status and drift),
   * once, a moment after the last of a burst.
   */
  previewChanged(): void {
    if (!this.urls.size) return;
    clearTimeout(this.rereadTimer);
    this.rereadTimer = setTimeout(() => {
      for (const folderUri of this.urls.keys()) void this.refresh(folderUri, {});
    }, REREAD_DELAY_MS);
    this.rereadTimer.unref?.();
  }

  dispose(): void {
    clearTimeout(this.rereadTimer);
  }

  async connect(folderUri: string, url: string): Promise<LiveStatus> {
    if (!this.host.trusted()) return this.fail(folderUri, 'the workspace is not trusted: Migration Lens does not connect to a database from it');
    this.urls.set(folderUri, url);
    return this.refresh(folderUri, {});
  }

  disconnect(folderUri: string): LiveStatus {
    this.urls.delete(folderUri);
    this.reports.delete(folderUri);
    const status: LiveStatus = { folderUri, connected: false, sets: [], pending: 0, failing: 0 };
    this.statuses.set(folderUri, status);
    this.host.changed(status);
    return status;
  }

  /** The last status of a folder (undefined when never connected). */
  last(folderUri: string): LiveStatus | undefined {
    return this.statuses.get(folderUri);
  }

  /** Reads the database again (after a migration ran, or with probes); after the reading under way, if any. */
  refresh(folderUri: string, opts: { probes?: boolean }): Promise<LiveStatus> {
    const next = (this.readings.get(folderUri) ?? Promise.resolve()).catch(() => undefined).then(() => this.read(folderUri, opts));
    this.readings.set(folderUri, next);
    void next.finally(() => this.readings.get(folderUri) === next && this.readings.delete(folderUri)).catch(() => undefined);
    return next;
  }

  private async read(folderUri: string, opts: { probes?: boolean }): Promise<LiveStatus> {
    const url = this.urls.get(folderUri);
    if (!url) return this.fail(folderUri, 'not connected: run "Migration Lens: Connect to Database…"', false);
    if (!this.host.trusted()) return this.fail(folderUri, 'the workspace is not trusted: Migration Lens does not connect to a database from it');
    const folder = fsPathOf(folderUri);
    if (!folder) return this.fail(folderUri, `not a folder on disk: ${folderUri}`);
    const fc = await this.host.configFor(folderUri);
    const sets = detectSets(folder, fc.config).filter((s) => s.files.length > 0);
    let db;
    try {
      db = await connectReadOnly(url, { statementTimeoutMs: fc.config.live.timeoutMs });
    } catch (e) {
      return this.fail(folderUri, e instanceof LiveError ? e.message : String(e));
    }
    try {
      const run = this.host.runPreview;
      const expected = run && expectedSchemaOn((input, set) => run(set.root, input), fc.config, readFromDisk, folder);
      const report = await liveReport(db, sets, { readText: readFromDisk, config: fc.config, probes: opts.probes, expected });
      // Disconnected (or connected elsewhere) meanwhile: this reading is stale.
      if (this.urls.get(folderUri) !== url) return this.statuses.get(folderUri) ?? { folderUri, connected: false, sets: [], pending: 0, failing: 0 };
      this.reports.set(folderUri, report);
      const pending = report.sets.flatMap((s) => s.pending ?? []);
      const status: LiveStatus = {
        folderUri, connected: true, database: report.database, at: new Date().toISOString(),
        sets: report.sets.map(({ pending: _pending, ...s }) => s),
        pending: report.sets.reduce((n, s) => n + (s.status?.counts.pending ?? 0), 0),
        failing: pending.filter((p) => p.probes?.some((r) => r.outcome === 'fail')).length,
      };
      this.statuses.set(folderUri, status);
      this.host.changed(status);
      return status;
    } catch (e) {
      return this.fail(folderUri, e instanceof LiveError ? e.message : `reading the database failed: ${(e as Error).message}`);
    } finally {
      await db.close();
    }
  }

  /** The checklist of a pending migration (by its file), from the last reading with probes. */
  async checklist(folderUri: string, path: string): Promise<string | undefined> {
    await this.refresh(folderUri, { probes: true });
    const report = this.reports.get(folderUri);
    const m = report?.sets.flatMap((s) => s.pending ?? []).find((p) => p.path === path);
    return m && report ? preflightChecklist(m, report.database) : undefined;
  }

  /** Whether the last reading of a connected database has this migration file applied (edited since or not). */
  applied(path: string): boolean {
    return [...this.reports.values()].some((r) => r.sets.some((s) => s.status?.migrations.some((m) => m.path === path && (m.state === 'applied' || m.state === 'edited'))));
  }

  /**
   * CodeLens over each statement of a pending migration that locks a table the database has:
   * the lock and the table's figures, and the probes' verdicts.
   */
  codeLenses(path: string): CodeLens[] {
    const out: CodeLens[] = [];
    for (const report of this.reports.values()) {
      for (const m of report.sets.flatMap((s) => s.pending ?? [])) {
        if (m.path !== path) continue;
        const byStatement = new Map<number, { end: number; titles: string[] }>();
        const add = (start: number, end: number, title: string) => {
          const entry = byStatement.get(start) ?? { end, titles: [] };
          if (!entry.titles.includes(title)) entry.titles.push(title);
          byStatement.set(start, entry);
        };
        for (const f of m.findings) {
          if (!f.size) continue;
          const size = m.tables.find((t) => t.name === f.size!.table);
          if (size) add(f.start, f.end, `${f.size.table}: ${formatSize(size)}${f.size.class === 'large' ? ' (big table)' : f.size.class === 'small' ? ' (small table)' : ''}`);
        }
        for (const p of m.probes ?? []) if (p.outcome !== 'pass') add(p.start, p.end, p.outcome === 'fail' ? `✗ ${p.message}` : `? ${p.message}`);
        for (const [start, { titles }] of byStatement) {
          const pos = lineColumn(m.text, start);
          const range = { start: { line: pos.line - 1, character: 0 }, end: { line: pos.line - 1, character: 0 } };
          out.push({ range, command: { title: `Live: ${titles.join(' · ')}`, command: '' } });
        }
      }
    }
    return out;
  }

  private fail(folderUri: string, error: string, connected = this.urls.has(folderUri)): LiveStatus {
    const status: LiveStatus = { folderUri, connected, error, sets: [], pending: 0, failing: 0 };
    this.reports.delete(folderUri);
    this.statuses.set(folderUri, status);
    this.host.changed(status);
    return status;
  }
}


interface RequestHost {
  onRequest(method: string, handler: (params: never) => unknown): unknown;
}

/** Registers the live requests on the language server connection. */
export function registerLiveRequests(connection: RequestHost, live: LiveService): void {
  const folderOf = (p: unknown): string | undefined => (typeof (p as { folderUri?: unknown })?.folderUri === 'string' ? (p as { folderUri: string }).folderUri : undefined);
  connection.onRequest(LIVE_METHODS.connect, async (p: { folderUri?: unknown; url?: unknown }) => {
    const folderUri = folderOf(p);
    if (!folderUri || typeof p.url !== 'string' || !p.url) throw new Error('live/connect needs folderUri and url');
    return live.connect(folderUri, p.url);
  });
  connection.onRequest(LIVE_METHODS.status, async (p: { folderUri?: unknown; probes?: unknown }) => {
    const folderUri = folderOf(p);
    if (!folderUri) throw new Error('live/status needs folderUri');
    return live.refresh(folderUri, { probes: p.probes === true });
  });
  connection.onRequest(LIVE_METHODS.disconnect, (p: { folderUri?: unknown }) => {
    const folderUri = folderOf(p);
    if (!folderUri) throw new Error('live/disconnect needs folderUri');
    return live.disconnect(folderUri);
  });
  connection.onRequest(LIVE_METHODS.checklist, async (p: { folderUri?: unknown; path?: unknown }) => {
    const folderUri = folderOf(p);
    if (!folderUri || typeof p.path !== 'string') throw new Error('live/checklist needs folderUri and path');
    return (await live.checklist(folderUri, p.path)) ?? null;
  });
}
