/**
 * Runs the engine for the language server without ever letting an exception escape: a rule
 * that throws is recorded (once per rule) and the other rules still run; an engine failure
 * becomes one failure for the whole file.
 */
import { lintText, type Finding, type LintOptions } from '../engine';
import type { ParsedFile, Statement } from '../parse/parser';
import { ALL_RULES } from '../rules/index';
import type { Rule } from '../rules/types';

export interface RuleFailure {
  /** The rule that threw, or `engine` when the engine itself failed. */
  ruleId: string;
  message: string;
  /** UTF-16 range of the statement being checked (0..0 for file-level failures). */
  start: number;
  end: number;
}

export interface LintOutcome {
  findings: Finding[];
  failures: RuleFailure[];
  /** The parsed file (absent when the file was not parsed: binary, too large, or an engine failure). */
  file?: ParsedFile;
}

export type Logger = (message: string) => void;

export function safeLint(text: string, opts: Omit<LintOptions, 'rules'>, log: Logger, rules: Rule[] = ALL_RULES): LintOutcome {
  const failures: RuleFailure[] = [];
  const record = (ruleId: string, error: unknown, stmt?: Statement) => {
    log(`Migration Lens: rule ${ruleId} failed on ${opts.path ?? 'a document'}: ${(error as Error)?.stack ?? String(error)}`);
    if (failures.some((f) => f.ruleId === ruleId)) return;
    failures.push({ ruleId, message: String((error as Error)?.message ?? error), start: stmt?.start ?? 0, end: stmt?.end ?? 0 });
  };
  try {
    const result = lintText(text, { ...opts, rules: rules.map((r) => guardRule(r, record)) });
    return { findings: result.findings, failures, file: result.file };
  } catch (e) {
    record('engine', e);
    return { findings: [], failures };
  }
}

/** The rule with every check hook (checkStatement, checkFile, checkFindings…) wrapped in a try/catch. */
function guardRule(rule: Rule, record: (ruleId: string, error: unknown, stmt?: Statement) => void): Rule {
  const guarded: Record<string, unknown> = { ...rule };
  for (const [key, hook] of Object.entries(rule)) {
    if (!key.startsWith('check') || typeof hook !== 'function') continue;
    guarded[key] = (...args: unknown[]) => {
      try {
        return hook.apply(rule, args);
      } catch (e) {
        record(rule.id, e, key === 'checkStatement' ? (args[0] as Statement) : undefined);
        return [];
      }
    };
  }
  return guarded as unknown as Rule;
}
