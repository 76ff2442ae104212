/**
 * Runs the engine for the language server without ever letting an exception escape: a rule
 * that throws is isolated by the engine (one failure per rule, the other rules still run, see
 * engine.ts) and logged here with its stack; an engine failure becomes one failure for the
 * whole file.
 */
import { lintText, type Finding, type LintOptions, type RuleFailure } from '../engine';
import type { ParsedFile } from '../parse/parser';
import { ALL_RULES } from '../rules/index';
import type { Rule } from '../rules/types';

export type { RuleFailure } from '../engine';

export interface LintOutcome {
  findings: Finding[];
  failures: RuleFailure[];
  /** The parsed file (absent when the file was not parsed: binary, too large, or an engine failure). */
  file?: ParsedFile;
}

export type Logger = (message: string) => void;

export function safeLint(text: string, opts: Omit<LintOptions, 'rules' | 'onRuleError'>, log: Logger, rules: Rule[] = ALL_RULES): LintOutcome {
  const logError = (ruleId: string, error: unknown) =>
    log(`Migration Lens: rule ${ruleId} failed on ${opts.path ?? 'a document'}: ${(error as Error)?.stack ?? String(error)}`);
  try {
    const result = lintText(text, { ...opts, rules, onRuleError: logError });
    return { findings: result.findings, failures: result.failures, file: result.file };
  } catch (e) {
    logError('engine', e);
    return { findings: [], failures: [{ ruleId: 'engine', message: String((e as Error)?.message ?? e), start: 0, end: 0 }] };
  }
}
