/** How `lint` and `check` report: the output formats, `--fail-on`, `--max-warnings`, `--quiet` and color. */
import { SEVERITIES, type Severity } from '../vocabulary';
import { choiceOption, flag, stringOption, UsageError, type Parsed } from './args';
import type { Io } from './io';
import { formatGithub } from './github';
import { formatGitlab } from './gitlab';
import { formatJson } from './json';
import { formatJunit } from './junit';
import { SEVERITY_RANK, type LintReport } from './report';
import { formatSarif } from './sarif';
import { formatText } from './text';
import { TOOL_NAME, TOOL_VERSION } from './tool';

export const FORMATS = ['text', 'json', 'github', 'sarif', 'gitlab', 'junit'] as const;
export type Format = (typeof FORMATS)[number];
const FAIL_ON = [...SEVERITIES, 'none'] as const;

/** The output options `lint` and `check` share. */
export function reportOptions(parsed: Parsed): { format: Format; failOn: (typeof FAIL_ON)[number]; maxWarnings: number | undefined; quiet: boolean } {
  return {
    format: choiceOption<Format>(parsed, 'format', FORMATS, 'text'),
    failOn: choiceOption(parsed, 'fail-on', FAIL_ON, 'error'),
    maxWarnings: parseMaxWarnings(stringOption(parsed, 'max-warnings')),
    quiet: flag(parsed, 'quiet'),
  };
}

function parseMaxWarnings(v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  if (!/^\d+$/.test(v)) throw new UsageError(`--max-warnings expects a whole number (got "${v}")`);
  return Number(v);
}

/** NO_COLOR convention: set and non-empty turns color off; so do pipes and dumb terminals. */
export function colorWanted(parsed: Parsed, io: Io): boolean {
  if (flag(parsed, 'no-color')) return false;
  if (flag(parsed, 'color')) return true;
  if (io.env.NO_COLOR) return false;
  return io.stdoutIsTTY && io.env.TERM !== 'dumb';
}

export function render(format: Format, report: LintReport, color: boolean): string {
  switch (format) {
    case 'text':
      return formatText(report, { color });
    case 'json':
      return formatJson(report);
    case 'github':
      return formatGithub(report);
    case 'sarif':
      return formatSarif(report, { name: TOOL_NAME, version: TOOL_VERSION });
    case 'gitlab':
      return formatGitlab(report);
    case 'junit':
      return formatJunit(report, TOOL_NAME);
  }
}

export function failed(report: LintReport, failOn: Severity | 'none', maxWarnings: number | undefined): boolean {
  const all = report.files.flatMap((f) => f.findings);
  if (failOn !== 'none' && all.some((f) => SEVERITY_RANK[f.severity] >= SEVERITY_RANK[failOn])) return true;
  return maxWarnings !== undefined && all.filter((f) => f.severity === 'warning').length > maxWarnings;
}
