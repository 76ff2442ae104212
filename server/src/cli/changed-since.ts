/** The history-aware mode of `lint` and `check` (`--changed-since`, the configuration's `changedSince`). */
import * as path from 'node:path';
import type { ResolvedConfig } from '../config';
import { GitRepos } from '../layout/git';
import { asMerged, changedSinceBase, isMerged } from '../layout/history';
import { isChangedSince } from '../vocabulary';
import { stringOption, UsageError, type Parsed } from './args';
import type { LintReport } from './report';

/** `--changed-since`, else the configuration's `changedSince`. */
export function changedSinceOf(parsed: Parsed, config: ResolvedConfig): string {
  const flagged = stringOption(parsed, 'changed-since');
  if (flagged === undefined) return config.changedSince;
  if (!isChangedSince(flagged)) throw new UsageError(`--changed-since expects off, auto or a git ref such as origin/main (got "${flagged}")`);
  return flagged;
}

/**
 * The history-aware mode (layout/history.ts): the findings of migrations already merged on the
 * ref become information. Returns the reason it cannot run (outside git, an unknown ref).
 */
export function applyChangedSince(report: LintReport, setting: string): string | undefined {
  const base = changedSinceBase(setting);
  if (base === null) return undefined;
  const repos = new GitRepos();
  for (const file of report.files) {
    const view = repos.view(path.dirname(file.absPath), base);
    if (!view) return `--changed-since ${setting}: ${file.path} is not in a git repository with a commit`;
    // GitRepos falls back to HEAD when the ref does not resolve: that is a mistake here.
    if (base !== undefined && view.baseRef !== base) return `--changed-since: "${base}" is not a commit git knows`;
    if (isMerged(view, file.absPath)) file.findings = asMerged(file.findings);
  }
  return undefined;
}
