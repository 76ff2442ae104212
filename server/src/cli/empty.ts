/**
 * Nothing to lint is an error, not a pass (a CI job that lints nothing would stay green forever):
 * `lint`, `check` and `schema` exit 2 naming the globs they tried and the folders that look like
 * migrations, as ESLint does for patterns that match nothing. `--allow-empty` accepts an empty run.
 */
import * as path from 'node:path';
import { CONFIG_FILE_NAME, type ResolvedConfig } from '../config';
import { candidateFolders, candidateHint } from '../layout/candidates';
import type { MigrationSet } from '../layout/types';
import { toPosix } from '../files';
import { EXIT_OK, EXIT_USAGE, type Io } from './io';
import { TOOL_NAME } from './tool';

/**
 * Reports that no migrations were found under `dir` (the workspace root `root` when no folder
 * was named) and returns the exit status: 2, or 0 with `--allow-empty`.
 */
export function noMigrations(io: Io, root: string, dir: string, config: ResolvedConfig, allowEmpty: boolean, sets: readonly MigrationSet[] = []): number {
  const where = toPosix(path.relative(io.cwd, dir)) || '.';
  io.err(`${TOOL_NAME}: no migration files found in ${where} (globs tried: ${config.migrations.join(', ')})\n`);
  const inside = !path.relative(root, dir).startsWith('..') && !path.isAbsolute(path.relative(root, dir));
  const candidates = inside ? candidateFolders(root, config, sets).filter((c) => isUnder(path.join(root, c.relDir), dir)) : [];
  for (const line of candidateHint(candidates, CONFIG_FILE_NAME)) io.err(`${TOOL_NAME}: ${line}\n`);
  if (allowEmpty) return EXIT_OK;
  io.err(`${TOOL_NAME}: nothing to check; pass --allow-empty if that is expected\n`);
  return EXIT_USAGE;
}

function isUnder(child: string, parent: string): boolean {
  const rel = path.relative(parent, child);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}
