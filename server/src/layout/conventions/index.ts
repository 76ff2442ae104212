/**
 * The registry of migration conventions: one module per convention (./<id>.ts), each declaring
 * how its runner is detected, orders files, wraps them in transactions, pairs down files,
 * records history and names new files. Everything that depends on the runner (rules, preview,
 * proofs, scaffolding) asks here. Adding one: write its module (typed by ConventionModule in
 * ./types.ts), add its id to ConventionId and list it in CONVENTIONS below.
 */
import { dbmate } from './dbmate';
import { drizzle } from './drizzle';
import { flyway } from './flyway';
import { generic } from './generic';
import { goose } from './goose';
import { graphileMigrate } from './graphile-migrate';
import { initSorted } from './init-sorted';
import { numbered } from './numbered';
import { prisma } from './prisma';
import { sqitch } from './sqitch';
import { supabase } from './supabase';
import type { Comparator, ConventionId, ConventionModule, FolderView, TransactionMode } from './types';
import { upDown } from './up-down';

export type * from './types';
export { TRANSACTION_MODES } from './types';

/** Every convention, keyed by id. Adding one: write its module, add its id to ConventionId, list it here. */
export const CONVENTIONS: Record<ConventionId, ConventionModule> = {
  'init-sorted': initSorted,
  numbered,
  drizzle,
  'up-down': upDown,
  prisma,
  supabase,
  flyway,
  goose,
  dbmate,
  sqitch,
  'graphile-migrate': graphileMigrate,
  generic,
};

/** Ids in registry order (config enum, README table, pickers). */
export const CONVENTION_IDS = Object.keys(CONVENTIONS) as ConventionId[];

/** Modules in classification order (lowest priority first; generic last). */
const BY_PRIORITY = Object.values(CONVENTIONS).sort((a, b) => a.detection.priority - b.detection.priority);
const BY_PATH_PRIORITY = Object.values(CONVENTIONS)
  .filter((c) => c.detection.path)
  .sort((a, b) => (a.detection.pathPriority ?? a.detection.priority) - (b.detection.pathPriority ?? b.detection.priority));

/** The convention of a folder of SQL files: the first module (by priority) that claims it. */
export function classifyFolder(folder: FolderView): ConventionId {
  return (BY_PRIORITY.find((c) => c.detection.claims(folder)) ?? generic).id;
}

/** Best guess of a file's convention from its path alone (set-level detection refines this). */
export function conventionOfPath(path: string): ConventionId {
  const p = path.replace(/\\/g, '/');
  return (BY_PATH_PRIORITY.find((c) => c.detection.path!.test(p)) ?? generic).id;
}

/** The convention a folder without migrations implies, from its name and bookkeeping files (`exists` is relative to it). */
export function conventionOfEmptyFolder(relRoot: string, exists: (rel: string) => boolean): ConventionId {
  const dir = `/${relRoot}`.toLowerCase();
  return (BY_PRIORITY.find((c) => c.detection.emptyFolder?.(dir, exists)) ?? generic).id;
}

/** How the convention's runner orders up files when no journal or plan file decides. */
export function orderOf(convention: ConventionId, folders: boolean): Comparator {
  return CONVENTIONS[convention].order.compare(folders);
}

/** The transaction mode a file runs in: its own opt-out (goose NO TRANSACTION…) or the convention's default. */
export function fileTransactionMode(convention: ConventionId, text: string | undefined, path?: string): TransactionMode {
  const c = CONVENTIONS[convention].transaction;
  return (text !== undefined && c.fileMode?.(text, path)) || c.mode;
}

/** Globs the conventions need in the default `migrations` setting (the generic folders first). */
export const CONVENTION_GLOBS: string[] = [...new Set([generic, ...Object.values(CONVENTIONS)].flatMap((c) => c.detection.globs ?? []))];
