/**
 * GitHub Actions workflow commands: each finding becomes an annotation on the pull request.
 * https://docs.github.com/actions/reference/workflow-commands-for-github-actions
 */
import type { Severity } from '../rules/types';
import type { LintReport } from './report';

const COMMAND: Record<Severity, string> = { error: 'error', warning: 'warning', info: 'notice', hint: 'notice' };

export function formatGithub(report: LintReport): string {
  const lines: string[] = [];
  for (const file of report.files) {
    for (const f of file.findings) {
      const r = f.region;
      const props = [
        `file=${escapeProperty(file.path)}`,
        `line=${r.line}`,
        `col=${r.column}`,
        `endLine=${r.endLine}`,
        `endColumn=${r.endColumn}`,
        `title=${escapeProperty(f.ruleId)}`,
      ];
      lines.push(`::${COMMAND[f.severity]} ${props.join(',')}::${escapeData(f.message)}`);
    }
  }
  return lines.map((l) => l + '\n').join('');
}

/** The runner decodes these in messages; a raw newline would end the command early. */
export function escapeData(s: string): string {
  return s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** Properties are also split on `,` and `:`. */
export function escapeProperty(s: string): string {
  return escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}
