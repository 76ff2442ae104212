/**
 * What `schema` and `check` share: choosing the migration sets under a folder, applying one set
 * in the preview worker, and printing an apply error the way compilers do (`file:line:col:`).
 */
import * as path from 'node:path';
import type { ResolvedConfig } from '../config-model';
import { toPosix } from '../files';
import type { MigrationSet } from '../layout/types';
import { readFromDisk } from '../layout/set-context';
import { previewInputForSet, PreviewInputError } from '../preview/from-set';
import type { PreviewSession } from '../preview/host';
import type { SchemaModel } from '../preview/schema-model';
import type { ApplyError, PreviewNote, PreviewResult } from '../preview/types';
import { stringOption, UsageError, type Parsed } from './args';
import type { Io } from './io';
import { loadConfig } from './load-config';
import { detectSetsOrFolder, isInside, workspaceFor } from './workspace-sets';

/**
 * The sets under `dir` (or the one holding it); `--set` narrows to one, by its folder.
 * Throws UsageError when `--set` names no detected set.
 */
export function selectSets(sets: MigrationSet[], dir: string, setArg: string | undefined, io: Io): MigrationSet[] {
  const roots = (s: MigrationSet) => (s.parts ?? [s]).map((p) => p.root);
  const under = sets.filter((s) => s.files.length > 0 && roots(s).some((r) => isInside(r, dir) || isInside(dir, r)));
  if (setArg === undefined) return under;
  const wanted = path.resolve(io.cwd, setArg);
  const chosen = under.filter((s) => s.name === setArg || roots(s).includes(wanted) || s.relRoot === toPosix(setArg).replace(/\/+$/, ''));
  if (chosen.length === 0) {
    const known = under.map((s) => shownSet(io, s)).join(', ') || 'none';
    throw new UsageError(`--set ${setArg}: not a migration set here (sets: ${known})`);
  }
  return chosen;
}

/** What `schema` and `status` run on: the one folder argument (else the workspace root) and its sets, narrowed by `--set`. */
export interface CommandSets { config: ResolvedConfig; root: string; dir: string; workspace: string; sets: MigrationSet[] }

/** undefined: the configuration did not load (already reported). Throws UsageError on a second folder or an unknown `--set`. */
export function commandSets(parsed: Parsed, io: Io): CommandSets | undefined {
  if (parsed.positionals.length > 1) throw new UsageError('expects at most one folder');
  const loaded = loadConfig(io, stringOption(parsed, 'config'), {});
  if (!loaded) return undefined;
  const { config, root } = loaded;
  const dir = path.resolve(io.cwd, parsed.positionals[0] ?? root);
  const sets = selectSets(detectSetsOrFolder(root, dir, config), dir, stringOption(parsed, 'set'), io);
  return { config, root, dir, workspace: workspaceFor(root, dir), sets };
}

/** `texts`: the file texts the preview applied, which the result's offsets refer to. */
export type SetRun = { set: MigrationSet; result: PreviewResult; texts: Map<string, string> } | { set: MigrationSet; problem: string };

/** Applies one set in `session` (which the caller disposes); an unreadable file or setup SQL is a problem, not a crash. */
export async function previewSet(set: MigrationSet, config: ResolvedConfig, workspace: string, session: PreviewSession): Promise<SetRun> {
  try {
    const input = previewInputForSet(set, config, readFromDisk, workspace);
    const texts = new Map(input.files.map((f) => [f.path, f.text]));
    return { set, result: await session.run(input), texts };
  } catch (e) {
    if (e instanceof PreviewInputError) return { set, problem: e.message };
    return { set, problem: `the preview failed: ${(e as Error).message}` };
  }
}

/** `file:line:col: error: message`, then PostgreSQL's DETAIL and HINT lines. */
export function formatApplyError(io: Io, e: ApplyError): string {
  const lines = [`${shownPath(io, e.path)}:${e.line}:${e.column}: error: ${e.message}${e.code ? ` [${e.code}]` : ''}`];
  if (e.detail) lines.push(`  DETAIL: ${e.detail}`);
  if (e.hint) lines.push(`  HINT: ${e.hint}`);
  return lines.join('\n') + '\n';
}

export function formatNote(io: Io, n: PreviewNote): string {
  return `${shownPath(io, n.path)}:${n.line}:${n.column}: ${n.severity}: ${n.message}\n`;
}

/** One line per set: how far the apply got and how long it took. */
export function formatOutcome(io: Io, run: SetRun): string {
  const name = `${shownSet(io, run.set)} (${run.set.convention})`;
  if ('problem' in run) return `✗ ${name}: ${run.problem}\n`;
  const { result } = run;
  const applied = result.files.filter((f) => f.status === 'applied').length;
  const ms = Math.round(result.timings.totalMs);
  if (result.ok) return `✓ ${name}: ${applied} file${applied === 1 ? '' : 's'} applied in ${ms} ms\n`;
  const at = result.error ? ` at ${shownPath(io, result.error.path)}:${result.error.line}` : '';
  return `✗ ${name}: failed${at} after ${applied} of ${result.files.length} files (${ms} ms)\n`;
}

/** The model with origin paths as the user sees them (relative to the working directory). */
export function withShownOrigins(io: Io, model: SchemaModel): SchemaModel {
  return JSON.parse(JSON.stringify(model), (key, value: unknown) => {
    const origin = value as { path?: unknown } | null;
    return key === 'origin' && origin && typeof origin.path === 'string' ? { ...origin, path: shownPath(io, origin.path) } : value;
  }) as SchemaModel;
}

/** How the CLI names a set: its folder; a set joined by `sets`, its name and folders in order (`platform: init-scripts + migrations`). */
export function shownSet(io: Io, set: Pick<MigrationSet, 'root' | 'name' | 'parts'>): string {
  const folders = (set.parts ?? [set]).map((p) => shownPath(io, p.root)).join(' + ');
  return set.name !== undefined ? `${set.name}: ${folders}` : folders;
}

/** A path relative to the working directory with `/` separators; a non-file label (the setup SQL) as is. */
export function shownPath(io: Io, p: string): string {
  if (!path.isAbsolute(p)) return p;
  return toPosix(path.relative(io.cwd, p)) || '.';
}
