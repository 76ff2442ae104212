/**
 * Which files are migrations: the config's `migrations` globs minus `exclude`, relative to the
 * workspace root. Shared by the CLI, the language server and the preview so that they agree.
 * Results are absolute paths, deduplicated and sorted by code unit (deterministic everywhere).
 */
import { statSync } from 'node:fs';
import * as path from 'node:path';
import picomatch from 'picomatch';
// `require`, not `import`: esbuild then bundles tinyglobby's CommonJS build. Its ESM build pulls
// in fdir's ESM build, which calls createRequire(import.meta.url), undefined in our CJS bundles.
import tinyglobby = require('tinyglobby');
import type { ResolvedConfig } from './config-model';
import { boundedWalkFs, checkWalk, notRegular, symlinkRefusal } from './limits';
import { JOURNAL, journalFolderOf } from './layout/conventions/drizzle';

type FileGlobs = Pick<ResolvedConfig, 'migrations' | 'exclude'>;

/** Compiled once per configuration object (a resolved configuration is never mutated). */
const matchers = new WeakMap<FileGlobs, (relPath: string) => boolean>();

/** Whether a root-relative path (with `/` separators) is a migration under these globs. */
export function migrationMatcher(globs: FileGlobs): (relPath: string) => boolean {
  let matcher = matchers.get(globs);
  if (!matcher) {
    const included = picomatch(globs.migrations, { dot: true });
    const excluded = picomatch(globs.exclude, { dot: true });
    matcher = (rel) => included(rel) && !excluded(rel);
    matchers.set(globs, matcher);
  }
  return matcher;
}

/** Every migration file of the workspace at `root`. */
export async function listMigrationFiles(root: string, globs: FileGlobs, notes?: string[]): Promise<string[]> {
  return sortedUnique(await walk(root, globs.migrations, globs.exclude, notes && { root, notes }));
}

export interface Targets {
  files: string[];
  /** One message per argument that names nothing (missing path, glob without a match) or a file that is refused. */
  problems: string[];
  /** Migrations the walks did not read: symbolic links (see symlinkRefusal). */
  notes?: string[];
  /** Directories named on the command line that the globs do not cover: their `.sql` files are a set of their own. */
  folders?: string[];
}

/**
 * Files named on a command line, overriding the config globs: a file is taken as is (even if it
 * does not match), a directory gives the migrations under it, a glob gives what it matches.
 * Arguments may point outside the root: the user typed them.
 */
export async function resolveTargets(args: string[], cwd: string, root: string, globs: FileGlobs): Promise<Targets> {
  const files: string[] = [];
  const problems: string[] = [];
  const folders: string[] = [];
  for (const arg of args) {
    const abs = path.resolve(cwd, arg);
    const kind = kindOf(abs);
    let found: string[];
    if (kind === 'file') {
      // A link to a device or FIFO is refused by the reader as such (it never reads it either).
      const refused = notRegular(abs) ? undefined : symlinkRefusal(abs, root);
      if (refused) {
        problems.push(`${arg} ${refused}`);
        continue;
      }
      found = [abs];
    }
    else if (kind === 'dir') {
      found = [...(await migrationsUnder(abs, root, globs)), ...(await journalMigrationsUnder(abs, root, globs))];
      // A folder the user names is a migration set whatever its name: its own .sql files.
      if (found.length === 0) {
        const excluded = picomatch(globs.exclude, { dot: true });
        found = (await walk(abs, ['*.sql', '*.SQL'], globs.exclude)).filter((f) => !excluded(toPosix(path.relative(root, f))));
        if (found.length) folders.push(abs);
      }
    }
    else if (tinyglobby.isDynamicPattern(arg)) found = await globArgument(arg, cwd, globs);
    else {
      problems.push(`${arg}: no such file or directory`);
      continue;
    }
    if (found.length === 0) {
      problems.push(kind === 'dir' ? `${arg}: no .sql files in this directory, and none under it match the "migrations" globs` : `${arg}: no files match this pattern`);
    }
    files.push(...found);
  }
  return folders.length ? { files: sortedUnique(files), problems, folders } : { files: sortedUnique(files), problems };
}

export function isDirectory(abs: string): boolean {
  return kindOf(abs) === 'dir';
}

function kindOf(abs: string): 'file' | 'dir' | undefined {
  try {
    const st = statSync(abs);
    return st.isDirectory() ? 'dir' : 'file';
  } catch {
    return undefined;
  }
}

async function migrationsUnder(dir: string, root: string, globs: FileGlobs): Promise<string[]> {
  const rel = path.relative(root, dir);
  if (rel === '') return listMigrationFiles(root, globs);
  const outside = rel.startsWith('..') || path.isAbsolute(rel);
  // Outside the workspace the globs have no anchor: match them against the whole path
  // (the default globs all start with `**/`, so `../other/migrations` still finds its files).
  const key = outside ? (f: string) => toPosix(f).replace(/^\/+/, '') : (f: string) => toPosix(path.relative(root, f));
  const isMigration = migrationMatcher(globs);
  const all = await walk(dir, ['**/*'], globs.exclude);
  return all.filter((f) => isMigration(key(f)));
}

/**
 * The .sql files of each Drizzle journal's folder under `dir`: migrations wherever the globs
 * reach, as set detection has them (`apps/web/drizzle/`, layout/detect.ts).
 */
async function journalMigrationsUnder(dir: string, root: string, globs: FileGlobs): Promise<string[]> {
  const journals = await walk(dir, [`**/${JOURNAL}`], globs.exclude);
  const folders = journals.flatMap((j) => journalFolderOf(toPosix(j)) ?? []);
  const excluded = picomatch(globs.exclude, { dot: true });
  return (await Promise.all(folders.map((f) => walk(f, ['*.sql'], globs.exclude)))).flat().filter((f) => !excluded(toPosix(path.relative(root, f))));
}

async function globArgument(pattern: string, cwd: string, globs: FileGlobs): Promise<string[]> {
  // Split off the static prefix so that `../other/**/*.sql` or `/abs/**/*.sql` walk only there.
  const { base, glob: rest } = picomatch.scan(toPosix(pattern));
  return walk(path.resolve(cwd, base || '.'), [rest], globs.exclude);
}

/**
 * `report`: the symbolic links among the matches, which the walk does not follow, each get a note
 * (the workspace's own walk: a migration never goes unread without a word).
 */
async function walk(cwd: string, patterns: string[], ignore: string[], report?: { root: string; notes: string[] }): Promise<string[]> {
  // Bounded in depth and entries: a deep or huge tree (or a glob that makes each folder costly) ends with a message.
  const bounded = boundedWalkFs(cwd);
  const found = await tinyglobby.glob(patterns, {
    fs: bounded.fs,
    cwd,
    ignore,
    absolute: true,
    onlyFiles: true,
    dot: true,
    expandDirectories: false,
    // A symlinked directory could lead the walk out of the workspace or into a cycle.
    followSymbolicLinks: false,
  });
  checkWalk(bounded.exceeded(), 'Looking for migration files');
  if (report && bounded.symlinks().length) {
    const matches = picomatch(patterns, { dot: true, ignore });
    for (const link of bounded.symlinks()) {
      const rel = toPosix(path.relative(cwd, link));
      if (!matches(rel)) continue;
      const shown = toPosix(path.relative(report.root, link));
      report.notes.push(`${shown} ${symlinkRefusal(link, report.root) ?? 'is a symbolic link: not read (migrations are read where they really are; list that path in the "migrations" globs)'}`);
    }
  }
  return found.map((f) => path.resolve(f));
}

function sortedUnique(files: string[]): string[] {
  return [...new Set(files)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

export function toPosix(p: string): string {
  return p.split(path.sep).join('/');
}
