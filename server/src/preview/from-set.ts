/**
 * From a detected migration set to what the preview engine runs: files in apply order, the
 * transaction mode of the set's runner, the platform preset and the configured setup SQL and
 * time limit. Shared by the CLI (`schema`, `check`) and the editor's preview command.
 */
import * as path from 'node:path';
import { escapesWorkspace, type ResolvedConfig } from '../config';
import { CONVENTIONS, fileTransactionMode, type TransactionMode } from '../layout/conventions';
import { hasSection, sectionsOf, sectionText } from '../layout/conventions/sections';
import type { MigrationSet } from '../layout/types';
import type { PreviewFile, PreviewInput } from './types';
import { leavesWorkspace, notRegular } from '../limits';

export type ReadFile = (absPath: string) => string | undefined;

/** A preview that cannot start: a migration or the setup file is unreadable, or the setup file is outside the workspace. */
export class PreviewInputError extends Error {}

/** The workspace folder a set was detected in (its root minus its relative root). */
function workspaceOf(set: MigrationSet): string {
  const depth = set.relRoot ? set.relRoot.split('/').length : 0;
  return path.resolve(set.root, ...Array<string>(depth).fill('..'));
}

function transactionModeOf(set: MigrationSet, config: ResolvedConfig): TransactionMode {
  return config.transaction === 'auto' ? CONVENTIONS[set.convention].transaction.mode : config.transaction;
}

/**
 * Throws PreviewInputError with a message fit for the user. `workspace` is where the
 * configuration lives (setupSql is relative to it); by default the folder the set was detected in.
 */
export function previewInputForSet(set: MigrationSet, config: ResolvedConfig, readFile: ReadFile, workspace = workspaceOf(set)): PreviewInput {
  const files = set.files.map((f) => {
    const text = readFile(f.path);
    if (text === undefined) throw new PreviewInputError(`cannot read ${f.relPath}`);
    // A file holding up and down sections runs its up section (offsets stay the file's).
    const sections = sectionsOf(set.convention, text);
    return { path: f.path, text: sections ? sectionText(text, sections, 'up') : text };
  });
  const transaction = transactionModeOf(set, config);
  // A file that opts out of its runner's default (goose `NO TRANSACTION`…) runs in its own mode.
  if (config.transaction === 'auto') {
    for (const f of files) {
      const own = fileTransactionMode(set.convention, f.text, f.path);
      if (own !== transaction) (f as PreviewFile).transaction = own;
    }
  }
  const input: PreviewInput = { files, transaction, timeoutMs: config.preview.timeoutMs };
  if (set.convention === 'supabase') input.preset = 'supabase';
  if (config.preview.setupSql) input.setupSql = readWorkspaceFile(workspace, 'setupSql', config.preview.setupSql, readFile).text;
  return input;
}

/** The down twins of the set's up files, keyed by the up file's path (for the round-trip proof). */
export function downsOfSet(set: MigrationSet, readFile: ReadFile): Record<string, PreviewFile> {
  const downs: Record<string, PreviewFile> = {};
  for (const f of set.files) {
    if (CONVENTIONS[set.convention].downs.sections) {
      // The down section of the same file (goose, dbmate).
      const text = readFile(f.path);
      const sections = text === undefined ? undefined : sectionsOf(set.convention, text);
      if (text !== undefined && sections && hasSection(sections, 'down')) {
        downs[f.path] = { path: f.path, text: sectionText(text, sections, 'down') };
        continue;
      }
    }
    if (!f.downPath) continue;
    const text = readFile(f.downPath);
    if (text === undefined) throw new PreviewInputError(`cannot read ${path.basename(f.downPath)}`);
    downs[f.path] = { path: f.downPath, text };
  }
  return downs;
}

/**
 * The scripts that check each up file after it is applied (sqitch's `verify/<change>.sql`, see the
 * convention's `verify`), keyed by the up file's path; files without one are left out.
 */
export function verifiesOfSet(set: MigrationSet, readFile: ReadFile): Record<string, PreviewFile> {
  const verify = CONVENTIONS[set.convention].verify;
  const out: Record<string, PreviewFile> = {};
  if (!verify) return out;
  for (const f of set.files) {
    const script = verify(set.root, f);
    const text = script === undefined ? undefined : readFile(script);
    if (script !== undefined && text !== undefined) out[f.path] = { path: script, text };
  }
  return out;
}

/** The configured schema snapshot (`preview.snapshot`), or undefined when none is configured. */
export function snapshotOf(config: ResolvedConfig, readFile: ReadFile, workspace: string): PreviewFile | undefined {
  return config.preview.snapshot ? readWorkspaceFile(workspace, 'snapshot', config.preview.snapshot, readFile) : undefined;
}

/**
 * The schema dump the set's convention keeps beside it (dbmate's `db/schema.sql`, see
 * layout/conventions/dbmate.ts), when detection found one. psql meta-commands (a line starting
 * with a backslash, such as the `\restrict` line recent pg_dump versions write) are not SQL: they
 * are blanked, keeping every offset.
 */
export function conventionSnapshotOf(set: MigrationSet, readFile: ReadFile, workspace: string): PreviewFile | undefined {
  if (!set.snapshot) return undefined;
  const rel = path.relative(workspace, set.snapshot);
  const file = readWorkspaceFile(workspace, 'snapshot', rel.split(path.sep).join('/'), readFile);
  return { path: file.path, text: file.text.replace(/^\\[A-Za-z][^\n]*/gm, (line) => ' '.repeat(line.length)) };
}

function readWorkspaceFile(workspace: string, key: 'setupSql' | 'snapshot', relPath: string, readFile: ReadFile): PreviewFile {
  const abs = path.resolve(workspace, relPath);
  const rel = path.relative(workspace, abs);
  // The configuration is validated too; this also covers layers that bypass validation.
  if (escapesWorkspace(relPath) || rel.startsWith('..') || path.isAbsolute(rel)) {
    throw new PreviewInputError(`preview.${key} must be a file inside the workspace (${workspace}), not "${relPath}"`);
  }
  // The real path, symlinks resolved: `setup.sql -> ~/secret` would otherwise be run (and its text shown in the error).
  const outside = leavesWorkspace(abs, workspace);
  if (outside) throw new PreviewInputError(`preview.${key}: ${relPath} leads outside the workspace (to ${outside}) through a symbolic link: refused`);
  const special = notRegular(abs);
  if (special) throw new PreviewInputError(`preview.${key}: ${relPath} is ${special}: refused`);
  const text = readFile(abs);
  if (text === undefined) throw new PreviewInputError(`preview.${key}: cannot read ${relPath} (relative to ${workspace})`);
  return { path: abs, text };
}
