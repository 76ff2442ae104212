/**
 * Which migration set a new migration goes into: the one set of the workspace, the set a folder
 * names (its root, a folder inside it, or the only set under it), or a new set in an empty
 * folder. When that is ambiguous the caller gets the candidates to ask the user about.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import * as path from 'node:path';
import type { ResolvedConfig } from '../config-model';
import { conventionOfEmptyFolder, type ConventionId } from '../layout/conventions';
import { detectSets, emptySet } from '../layout/detect';
import { MigrationNameError } from '../layout/naming';
import { realLocation, staysInside } from '../limits';
import type { MigrationSet } from '../layout/types';

/** `set`: go ahead; `choices`: ask which (empty when the workspace has no migrations yet). */
export type SetChoice = { set: MigrationSet } | { choices: MigrationSet[] };

/**
 * `target` (absolute, or relative to `root`) is a set root or any folder; without it the
 * workspace's only set is taken, or the configured convention's default folder when there is none.
 */
/** The folder named for a new migration does not exist (a typo?): created only when the caller says so. */
export class MissingFolderError extends MigrationNameError {
  constructor(readonly folder: string, readonly relFolder: string) {
    super(`${relFolder} does not exist: check the name, or pass --create to start a new migration set there.`);
  }
}

export function chooseSet(root: string, config: ResolvedConfig, target?: string, opts: { create?: boolean } = {}): SetChoice {
  const sets = detectSets(root, config);
  if (target === undefined) {
    if (sets.length === 1) return { set: sets[0] };
    if (sets.length === 0 && config.convention !== 'auto') return { set: emptySet(root, config.convention) };
    return { choices: sets };
  }
  const dir = path.resolve(root, target);
  const rel = path.relative(root, dir);
  if (rel.startsWith('..') || path.isAbsolute(rel)) throw new MigrationNameError(`${dir} is outside the workspace folder ${root}.`);
  // Through a symlinked folder the files would land elsewhere: resolve the real path first.
  if (!staysInside(dir, root)) throw new MigrationNameError(`${rel} leads outside the workspace folder (to ${realLocation(dir)}) through a symbolic link: refused.`);
  if (!existsSync(dir) && !opts.create) throw new MissingFolderError(dir, rel.split(path.sep).join('/'));
  if (existsSync(dir) && !statSync(dir).isDirectory()) throw new MigrationNameError(`${rel} is a file: name the folder that holds the migrations.`);
  const exact = sets.find((s) => s.root === dir);
  if (exact) return { set: exact };
  // A Prisma migration folder or a Drizzle meta folder belongs to the set around it.
  const around = sets.filter((s) => isInside(dir, s.root)).sort((a, b) => b.root.length - a.root.length)[0];
  if (around) return { set: around };
  const under = sets.filter((s) => isInside(s.root, dir));
  if (under.length === 1) return { set: under[0] };
  if (under.length > 1) return { choices: under };
  const relRoot = rel.split(path.sep).join('/');
  // Numbering from scratch next to migrations the globs do not see would reuse their numbers.
  if (holdsSql(dir)) throw new MigrationNameError(`${relRoot || '.'} holds .sql files that the "migrations" globs (${config.migrations.join(', ')}) do not cover: add the folder to "migrations" in .migration-lens.json first.`);
  return { set: emptySet(root, config.convention === 'auto' ? conventionOfFolder(dir, relRoot) : config.convention, relRoot) };
}

/** The convention a folder without migrations implies, from its name and the runner's bookkeeping files. */
function conventionOfFolder(dir: string, relRoot: string): ConventionId {
  return conventionOfEmptyFolder(relRoot, (rel) => existsSync(path.join(dir, rel)));
}

/** SQL files directly in `dir`, or Prisma-style `<folder>/migration.sql`. */
function holdsSql(dir: string): boolean {
  try {
    return readdirSync(dir, { withFileTypes: true }).some((e) => (e.isFile() ? /\.sql$/i.test(e.name) : e.isDirectory() && existsSync(path.join(dir, e.name, 'migration.sql'))));
  } catch {
    return false; // a folder that does not exist yet holds nothing
  }
}

function isInside(child: string, parent: string): boolean {
  const rel = path.relative(parent, child);
  return rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel);
}
