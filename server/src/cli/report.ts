/** What `lint` hands to the formatters: findings with 1-based positions, grouped by file. */
import type { Category, Severity } from '../rules/types';

/** 1-based lines; columns are UTF-16 code units + 1 (what editors and GitHub show). */
export interface Region {
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

interface CliEdit {
  region: Region;
  newText: string;
}

export interface CliFinding {
  ruleId: string;
  category: Category;
  severity: Severity;
  message: string;
  region: Region;
  /** The whole statement, when the region is only its head (SARIF related location). */
  statementRegion?: Region;
  fixes: { title: string; edits: CliEdit[] }[];
}

export interface FileReport {
  /** As shown to the user: relative to the working directory, `/` separators. */
  path: string;
  absPath: string;
  findings: CliFinding[];
}

export interface LintReport {
  /** The workspace root (where the configuration lives); SARIF locations are relative to it. */
  root: string;
  /** Every file checked, in order, with or without findings. */
  files: FileReport[];
}

export const SEVERITY_RANK: Record<Severity, number> = { error: 3, warning: 2, info: 1, hint: 0 };

export function countBySeverity(report: LintReport): Record<Severity, number> {
  const counts: Record<Severity, number> = { error: 0, warning: 0, info: 0, hint: 0 };
  for (const f of report.files) for (const x of f.findings) counts[x.severity]++;
  return counts;
}
