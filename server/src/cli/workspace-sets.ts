/**
 * Which workspace and which migration sets a folder or file named on the command line belongs to:
 * what every command resolves first (apart from the preview code in preview.ts, which lint never loads).
 */
import { readdirSync } from 'node:fs';
import * as path from 'node:path';
// `require`, not `import`, as in files.ts: the ESM build breaks the CommonJS bundles.
import tinyglobby = require('tinyglobby');
import type { ResolvedConfig } from '../config-model';
import { toPosix } from '../files';
import { detectSets } from '../layout/detect';
import type { MigrationSet } from '../layout/types';

/** The workspace of `dir`: the configuration's folder when `dir` is inside it (globs and setupSql are relative to it), else `dir`. */
export function workspaceFor(root: string, dir: string): string {
  return isInside(dir, root) ? root : dir;
}

/** The sets of `dir`'s workspace; for a folder outside the configuration's, the sets in that folder alone. */
export function detectSetsFor(root: string, dir: string, config: ResolvedConfig): MigrationSet[] {
  return isInside(dir, root) ? detectSets(root, config) : detectSets(path.parse(dir).root, config, dir);
}

/**
 * Like detectSetsFor, but a folder named on the command line that holds .sql files and no
 * detected set is a migration set of its own, whatever its name (`src/app/sql`).
 */
export function detectSetsOrFolder(root: string, dir: string, config: ResolvedConfig): MigrationSet[] {
  const sets = detectSetsFor(root, dir, config);
  if (dir === root || sets.some((s) => s.files.length > 0 && (s.parts ?? [s]).some((p) => isInside(p.root, dir) || isInside(dir, p.root)))) return sets;
  let sql: string[];
  try {
    sql = readdirSync(dir).filter((n) => /\.sql$/i.test(n));
  } catch {
    return sets;
  }
  if (!sql.length) return sets;
  const base = isInside(dir, root) ? root : path.parse(dir).root;
  return detectSetsFor(root, dir, { ...config, migrations: [...config.migrations, `${tinyglobby.escapePath(toPosix(path.relative(base, dir)))}/*.sql`] });
}

export function isInside(child: string, parent: string): boolean {
  const rel = path.relative(parent, child);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}
