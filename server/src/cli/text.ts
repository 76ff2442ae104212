/** Human-readable output: findings grouped by file, aligned, colored on a terminal. */
import type { Severity } from '../rules/types';
import { countBySeverity, type LintReport } from './report';

interface TextOptions {
  color: boolean;
}

const SEVERITY_COLOR: Record<Severity, number> = { error: 31, warning: 33, info: 36, hint: 90 };

export function formatText(report: LintReport, opts: TextOptions): string {
  const paint = (code: number, s: string) => (opts.color ? `\x1b[${code}m${s}\x1b[0m` : s);
  const out: string[] = [];
  for (const file of report.files) {
    if (file.findings.length === 0) continue;
    const rows = file.findings.map((f) => ({ pos: `${f.region.line}:${f.region.column}`, f }));
    const posWidth = Math.max(...rows.map((r) => r.pos.length));
    const sevWidth = Math.max(...rows.map((r) => r.f.severity.length));
    const idWidth = Math.max(...rows.map((r) => r.f.ruleId.length));
    out.push(paint(4, file.path));
    for (const { pos, f } of rows) {
      const severity = paint(SEVERITY_COLOR[f.severity], f.severity.padEnd(sevWidth));
      out.push(`  ${pos.padEnd(posWidth)}  ${severity}  ${paint(90, f.ruleId.padEnd(idWidth))}  ${oneLine(f.message)}`);
    }
    out.push('');
  }
  out.push(summary(report, paint));
  return out.join('\n') + '\n';
}

function summary(report: LintReport, paint: (code: number, s: string) => string): string {
  const checked = plural(report.files.length, 'file');
  const counts = countBySeverity(report);
  const total = counts.error + counts.warning + counts.info + counts.hint;
  if (total === 0) return paint(32, `No problems found in ${checked}.`);
  const parts = [plural(counts.error, 'error'), plural(counts.warning, 'warning')];
  if (counts.info) parts.push(`${counts.info} info`);
  if (counts.hint) parts.push(plural(counts.hint, 'hint'));
  const withFindings = report.files.filter((f) => f.findings.length > 0).length;
  const line = `${parts.join(', ')} in ${plural(withFindings, 'file')} (${checked} checked)`;
  return paint(counts.error ? 31 : counts.warning ? 33 : 36, line);
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** A multi-line message would break the table; it reads fine joined. */
function oneLine(message: string): string {
  return message.replace(/\s*[\r\n]+\s*/g, ' ');
}
