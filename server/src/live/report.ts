/**
 * One pass over a database for a workspace's migration sets: which history table each set's
 * runner keeps, the status of every migration, and (on request) drift. Shared by the CLI's
 * `status` and the language server's live request; the caller opens and closes the connection.
 */
import { defaultConfig, type ResolvedConfig } from '../config';
import { lintText, type Finding } from '../engine';
import type { MigrationFile, MigrationSet } from '../layout/types';
import { initParser, parseSql } from '../parse/parser';
import { lineColumn } from '../parse/positions';
import { previewInputForSet, PreviewInputError, type ReadFile } from '../preview/from-set';
import { emptySchema, type SchemaModel } from '../preview/schema-model';
import type { ApplyError, PreviewInput, PreviewResult } from '../preview/types';
import type { LiveDb } from './connection';
import { compareLive, liveSchema, type DriftItem } from './drift';
import { expectedTables, findHistories, pickHistory, readHistory, TOOL_LABELS, UNTRACKED_CONVENTIONS, type HistoryTable, type HistoryTool } from './history';
import { probesOf, runProbes, type ProbeResult } from './probes';
import { statusOf, type ReadText, type SetStatus } from './status';
import { lockOf } from '../rules/locks';
import { lockedTables, tableSizes, withSize, type TableSize } from './size';

export interface LiveSetReport {
  root: string;
  relRoot: string;
  convention: string;
  history?: { tool: HistoryTool; table: string; label: string };
  status?: SetStatus;
  /** Why the set has no status (no history table, an unreadable one). */
  problem?: string;
  drift?: DriftReport;
  /** Pending migrations with their lock and rewrite findings sized against the live tables. */
  pending?: PendingMigration[];
}

interface SizedFinding {
  ruleId: string;
  category: Finding['category'];
  severity: Finding['severity'];
  /** Severity before the size thresholds, when they changed it. */
  lintSeverity?: Finding['severity'];
  message: string;
  /** 1-based line of the finding; UTF-16 offsets of its statement. */
  line: number;
  start: number;
  end: number;
  size?: { table: string; rows?: number; bytes: number; class: string };
}

export interface PendingMigration {
  path: string;
  relPath: string;
  migration: string;
  text: string;
  findings: SizedFinding[];
  /** Rows and bytes of the tables the migration locks (those the database has). */
  tables: TableSize[];
  /** Pre-flight probes, when asked for. */
  probes?: ProbeResult[];
}

export interface DriftReport {
  items: DriftItem[];
  /** The last migration whose schema was compared (undefined: none applied). */
  upTo?: string;
  /** The preview could not build the expected schema. */
  error?: string;
}

export interface LiveReport {
  database: string;
  serverVersion: number;
  sets: LiveSetReport[];
}

/** Applies `files` of `set` in the preview and returns the schema (or the error that stopped it). */
export type ExpectedSchema = (set: MigrationSet, files: MigrationFile[]) => Promise<{ schema: SchemaModel; error?: ApplyError; problem?: string }>;

/**
 * The drift's expected schema through a preview runner (a PreviewSession's run, or the language
 * server's queued one): the CLI and the language server build it the same way.
 */
export function expectedSchemaOn(run: (input: PreviewInput, set: MigrationSet) => Promise<PreviewResult>, config: ResolvedConfig, read: ReadFile, workspace?: string): ExpectedSchema {
  return async (set, files) => {
    try {
      const result = await run(previewInputForSet({ ...set, files }, config, read, workspace), set);
      return { schema: result.schema, error: result.error };
    } catch (e) {
      return { schema: emptySchema(), problem: e instanceof PreviewInputError ? e.message : `the preview failed: ${(e as Error).message}` };
    }
  };
}

interface LiveOptions {
  readText: ReadText;
  config?: ResolvedConfig;
  /** Run the pre-flight probes on pending migrations. */
  probes?: boolean;
  /** Compute drift with this preview runner; no drift without it. */
  expected?: ExpectedSchema;
}

export async function liveReport(db: LiveDb, sets: MigrationSet[], opts: LiveOptions): Promise<LiveReport> {
  const found = await findHistories(db);
  const report: LiveReport = { database: db.label, serverVersion: db.serverVersion, sets: [] };
  let live: SchemaModel | undefined;
  for (const set of sets) {
    const r: LiveSetReport = { root: set.root, relRoot: set.relRoot, convention: set.convention };
    report.sets.push(r);
    const untracked = UNTRACKED_CONVENTIONS.includes(set.convention);
    const table = untracked ? undefined : pickHistory(found, set.convention);
    if (table) {
      const history = await readHistory(db, table);
      r.history = { tool: table.tool, table: table.table, label: TOOL_LABELS[table.tool] };
      r.status = statusOf(set, history, opts.readText);
    } else if (!untracked) {
      r.problem = missingTableMessage(set.convention, found, db.label);
    }
    if (r.status) r.pending = await pendingRisk(db, set, r.status, opts);
    if (opts.expected) {
      live ??= await liveSchema(db);
      r.drift = await driftOf(set, r, live, found, opts.expected);
    }
  }
  return report;
}

function missingTableMessage(convention: string, found: HistoryTable[], where: string): string {
  const wanted = expectedTables(convention).join(' or ');
  const others = found.length ? ` (found ${found.map((f) => `${f.table}, ${TOOL_LABELS[f.tool]}'s`).join('; ')}, which this ${convention} set's runner does not keep)` : '';
  return `no history table in ${where}: ${wanted} does not exist${others}. Is this the right database, and has the runner applied anything yet?`;
}

/**
 * The files whose changes the database should have: applied or edited ones (a failed one may be
 * half done, a pending one not at all). A set no runner records (init scripts) applies every file.
 */
function appliedFiles(set: MigrationSet, r: LiveSetReport): MigrationFile[] | undefined {
  if (!r.status) return UNTRACKED_CONVENTIONS.includes(set.convention) ? set.files : undefined;
  const done = new Set(r.status.migrations.filter((m) => m.state === 'applied' || m.state === 'edited').map((m) => m.path));
  return set.files.filter((f) => done.has(f.path));
}

async function driftOf(set: MigrationSet, r: LiveSetReport, live: SchemaModel, found: HistoryTable[], expected: ExpectedSchema): Promise<DriftReport> {
  const files = appliedFiles(set, r);
  if (!files) return { items: [], error: 'no history table: cannot tell which migrations the database should have' };
  const upTo = files.length ? files[files.length - 1].relPath : undefined;
  const built = await expected(set, files);
  if (built.problem) return { items: [], upTo, error: built.problem };
  if (built.error) return { items: [], upTo, error: `the migrations do not apply in the preview (${built.error.message} at ${built.error.path}:${built.error.line}), so the expected schema is unknown` };
  return { items: compareLive(built.schema, live, found, set.convention === 'supabase'), upTo };
}

/** Lint findings of each pending migration, sized against the live tables; probes on request. */
async function pendingRisk(db: LiveDb, set: MigrationSet, status: SetStatus, opts: LiveOptions): Promise<PendingMigration[]> {
  await initParser();
  const config = opts.config ?? defaultConfig();
  const out: PendingMigration[] = [];
  for (const m of status.migrations) {
    if (m.state !== 'pending' || !m.path) continue;
    const text = opts.readText(m.path);
    if (text === undefined) continue;
    const file = parseSql(text);
    const { findings } = lintText(text, { path: m.path, config, set: { convention: set.convention } });
    const locked = findings.map((f) => ({ f, l: lockedTables(file, f) }));
    const names = [...new Set([...locked.flatMap((x) => x.l?.locks.map((k) => k.name) ?? []), ...file.statements.flatMap((s) => lockedNames(s))])];
    const sizes = await tableSizes(db, names);
    const sized: SizedFinding[] = locked.map(({ f, l }) => {
      const g: ReturnType<typeof withSize> = l ? withSize(f, l.locks, sizes, config.live) : f;
      const range = f.statement ?? { start: f.start, end: f.end };
      return {
        ruleId: g.ruleId, category: g.category, severity: g.severity, ...(g.severity !== f.severity ? { lintSeverity: f.severity } : {}),
        message: g.message, line: lineColumn(text, f.start).line, start: range.start, end: range.end,
        ...(g.size ? { size: g.size } : {}),
      };
    });
    const tables = [...sizes.values()].sort((a, b) => b.bytes - a.bytes);
    const pm: PendingMigration = { path: m.path, relPath: m.relPath ?? m.path, migration: m.migration, text, findings: sized, tables };
    if (opts.probes) pm.probes = await runProbes(db, probesOf(file));
    out.push(pm);
  }
  return out;
}

function lockedNames(stmt: Parameters<typeof lockOf>[0]): string[] {
  return lockOf(stmt).filter((l) => l.target !== 'domain').map((l) => l.name);
}
