/**
 * The history-aware mode (`changedSince` in the configuration, `--changed-since <ref>` on the
 * command line): findings keep their severity on migrations that are new or changed against a
 * git ref, and are information on migrations already merged there, which nobody will change
 * (the team practice is forward-fix only). squawk's users have asked for this (its issue #191).
 * `auto` compares with the default branch (the merge-base with origin/HEAD, else origin/main, …,
 * as the history rules do: layout/git.ts), a ref with that ref's merge-base.
 */
import type { GitView } from './git';
import type { Severity } from '../vocabulary';

/**
 * The base to ask GitRepos for: undefined for `auto` (its default-branch guess), the ref
 * otherwise; null when the mode is off.
 */
export function changedSinceBase(setting: string): string | undefined | null {
  if (setting === 'off') return null;
  return setting === 'auto' ? undefined : setting;
}

/** The file is in the base commit and unchanged since (committed or not). */
export function isMerged(view: GitView | undefined, file: string): boolean {
  return !!view && view.isCommitted(file) && !view.isEdited(file);
}

/** A merged migration's findings: errors and warnings become information, the rest stays. */
export function asMerged<T extends { severity: Severity }>(findings: T[]): T[] {
  return findings.map((f) => (f.severity === 'error' || f.severity === 'warning' ? { ...f, severity: 'info' as const } : f));
}
