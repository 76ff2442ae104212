/** Machine-readable output: one flat object per finding, files in order. */
import type { LintReport } from './report';

export function formatJson(report: LintReport): string {
  const rows = report.files.flatMap((file) =>
    file.findings.map((f) => ({
      file: file.path,
      line: f.region.line,
      column: f.region.column,
      endLine: f.region.endLine,
      endColumn: f.region.endColumn,
      severity: f.severity,
      ruleId: f.ruleId,
      category: f.category,
      message: f.message,
      fixes: f.fixes.map((x) => ({ title: x.title })),
    })),
  );
  return JSON.stringify(rows, null, 2) + '\n';
}
