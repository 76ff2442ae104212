/**
 * One pass over a database for a workspace's migration sets: which history table each set's
 * runner keeps, the status of every migration, and (on request) drift. Shared by the CLI's
 * `status` and the language server's live request; the caller opens and closes the connection.
 */
import type { MigrationFile, MigrationSet } from '../layout/types';
import type { SchemaModel } from '../preview/schema-model';
import type { ApplyError } from '../preview/types';
import type { LiveDb } from './connection';
import { compareLive, liveSchema, type DriftItem } from './drift';
import { expectedTables, findHistories, pickHistory, readHistory, TOOL_LABELS, UNTRACKED_CONVENTIONS, type HistoryTable, type HistoryTool } from './history';
import { statusOf, type ReadText, type SetStatus } from './status';

export interface LiveSetReport {
  root: string;
  relRoot: string;
  convention: string;
  history?: { tool: HistoryTool; table: string; label: string };
  status?: SetStatus;
  /** Why the set has no status (no history table, an unreadable one). */
  problem?: string;
  drift?: DriftReport;
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

export interface LiveOptions {
  readText: ReadText;
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
