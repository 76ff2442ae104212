/**
 * The shape of a planned new migration (files to write, bookkeeping to update), shared by
 * naming.ts and the convention modules that add their runner's bookkeeping files.
 */
import { join } from 'node:path';
import type { MigrationSet } from './types';

export interface PlannedFile {
  path: string;
  /** Relative to the workspace folder, `/` separators. */
  relPath: string;
  /** `meta`: bookkeeping the runner needs (Prisma lock file, Drizzle snapshot), never templated. */
  role: 'up' | 'down' | 'meta';
  content: string;
}

export interface MigrationPlan {
  id: string;
  name: string;
  stem: string;
  files: PlannedFile[];
  /** The description as the user typed it (sqitch keeps it as the plan line's note). */
  description?: string;
  /** The whole new text of a bookkeeping file the runner reads (Drizzle `meta/_journal.json`, `sqitch.plan`), written together with the files. */
  journalUpdate?: { path: string; newText: string };
}

/** A description or a name the convention cannot take; the message says why. */
export class MigrationNameError extends Error {
  override name = 'MigrationNameError';
}

/** A file of the plan, `rel` relative to the set's folder. */
export function planned(set: MigrationSet, rel: string, role: PlannedFile['role'], content = ''): PlannedFile {
  return { path: join(set.root, rel), relPath: set.relRoot ? `${set.relRoot}/${rel}` : rel, role, content };
}
