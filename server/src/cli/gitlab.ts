/**
 * GitLab Code Quality report (`artifacts:reports:codequality`): a JSON array of issues.
 * GitLab docs, "Code Quality report format" (https://docs.gitlab.com/ci/testing/code_quality/#code-quality-report-format):
 * each issue has `description`, `check_name`, `fingerprint` ("a unique fingerprint to identify
 * this specific code quality violation"), `severity` (one of info, minor, major, critical,
 * blocker) and `location.path` ("relative path in the repository", no `./` prefix) with
 * `location.lines.begin` or `location.positions.begin.line`. GitLab takes this subset of the
 * Code Climate spec (codeclimate/platform spec/analyzers/SPEC.md), whose `positions` also have
 * `end` and a `column`; we give both begin and end so the merge request widget has the range.
 */
import { cryptoModule } from '../builtins';
import type { Severity } from '../rules/types';
import type { LintReport } from './report';

const GITLAB_SEVERITY: Record<Severity, 'info' | 'minor' | 'major' | 'critical' | 'blocker'> = {
  error: 'major',
  warning: 'minor',
  info: 'info',
  hint: 'info',
};

export function formatGitlab(report: LintReport): string {
  const issues = [];
  for (const file of report.files) {
    const path = file.path.replace(/^(\.\/)+/, '');
    // The fingerprint leaves the line out, so a finding keeps its identity when lines above it
    // move; the n-th identical finding in a file is told apart by its ordinal.
    const seen = new Map<string, number>();
    for (const f of file.findings) {
      const key = `${path}\0${f.ruleId}\0${f.message}`;
      const n = (seen.get(key) ?? 0) + 1;
      seen.set(key, n);
      issues.push({
        type: 'issue',
        description: `${f.ruleId}: ${f.message}`,
        check_name: f.ruleId,
        fingerprint: cryptoModule().createHash('sha256').update(`${key}\0${n}`).digest('hex').slice(0, 32),
        severity: GITLAB_SEVERITY[f.severity],
        location: {
          path,
          positions: {
            begin: { line: f.region.line, column: f.region.column },
            end: { line: f.region.endLine, column: f.region.endColumn },
          },
        },
      });
    }
  }
  return JSON.stringify(issues, null, 2) + '\n';
}
