/**
 * Folders that look like migrations the globs do not cover: three or more `.sql` files whose
 * names start with a sortable number or timestamp (`000_init.sql`, `20240101120000_x.sql`). The
 * CLI names them when it finds nothing to lint; the editor offers to add them to the configuration.
 * Only suggestions: nothing is linted or written until the user says so.
 */
import { posix } from 'node:path';
// `require`, not `import`, as in files.ts: the ESM build breaks the CommonJS bundles.
import tinyglobby = require('tinyglobby');
import type { ResolvedConfig } from '../config-model';
import type { MigrationSet } from './types';

export interface CandidateFolder {
  /** Relative to the workspace folder, `/` separators ('' for the workspace folder itself). */
  relDir: string;
  /** The glob that would add it to `migrations` in `.migration-lens.json`. */
  glob: string;
  /** How many of its `.sql` files have a sortable prefix. */
  files: number;
}

/** Fewer numbered files than this is a folder of scripts, not a migration history. */
const MIN_CANDIDATE_FILES = 3;
/** A workspace with more `.sql` files than this is not searched further (the hint is a courtesy, not a crawl). */
const MAX_SQL_FILES = 20_000;
const SORTABLE = /^\d+(?:[_.-]|\.sql$)/i;

export function candidateFolders(root: string, config: ResolvedConfig, sets: readonly MigrationSet[] = []): CandidateFolder[] {
  let sql: string[];
  try {
    sql = tinyglobby.globSync(['**/*.sql'], { cwd: root, ignore: ['**/node_modules/**', '**/.git/**', ...config.exclude], followSymbolicLinks: false, expandDirectories: false });
  } catch {
    return []; // an unreadable workspace has no candidates
  }
  const known = new Set(sets.flatMap((s) => [...s.files, ...s.downs, ...s.orphans].map((f) => f.relPath)));
  const counts = new Map<string, number>();
  for (const rel of sql.slice(0, MAX_SQL_FILES)) {
    if (known.has(rel) || !SORTABLE.test(posix.basename(rel))) continue;
    const dir = posix.dirname(rel);
    counts.set(dir, (counts.get(dir) ?? 0) + 1);
  }
  return [...counts.entries()]
    .filter(([, n]) => n >= MIN_CANDIDATE_FILES)
    .map(([dir, files]) => {
      const relDir = dir === '.' ? '' : dir;
      return { relDir, glob: relDir ? `${tinyglobby.escapePath(relDir)}/*.sql` : '*.sql', files };
    })
    .sort((a, b) => (a.relDir < b.relDir ? -1 : a.relDir > b.relDir ? 1 : 0));
}

/** The lines of the CLI hint naming the candidates, or [] when there are none. */
export function candidateHint(candidates: readonly CandidateFolder[], configFile: string): string[] {
  if (!candidates.length) return [];
  const shown = candidates.slice(0, 5);
  return [
    `${candidates.length === 1 ? 'This folder looks' : 'These folders look'} like migrations (numbered .sql files):`,
    ...shown.map((c) => `  ${c.relDir || '.'} (${c.files} files): add "${c.glob}" to "migrations" in ${configFile}, or name the folder: migration-lens lint ${c.relDir || '.'}`),
    ...(candidates.length > shown.length ? [`  … and ${candidates.length - shown.length} more`] : []),
  ];
}
