/**
 * Run-time findings (the proofs', the lock trace's, the apply's) through what every finding goes
 * through: the suppression index of their file (rules/suppressions.ts), read from the text they
 * ran on (editor or disk, as the caller's `readFile` decides), and the configured severity of
 * their rule in the registry (rules/proof-*.ts, rules/apply-*.ts).
 */
import { parseSql } from '../../parse/parser';
import { SuppressionIndex } from '../../rules/suppressions';
import { RULES_BY_ID } from '../../rules/index';
import type { ReadFile } from '../from-set';
import type { ApplyError } from '../types';
import applyError from '../../rules/apply-error';
import type { ResolvedConfig } from '../../config-model';
import type { Finding } from '../../engine';
import type { Severity } from '../../rules/types';

/** What suppression and severity need of a run-time finding. */
interface RunTimeFinding {
  ruleId: string;
  path: string;
  /** UTF-16 offset in the file. */
  start: number;
  severity: Severity;
}

/** Needs `initParser()` to have completed. */
export function unsuppressed<F extends RunTimeFinding>(findings: F[], readFile: ReadFile): F[] {
  const byFile = new Map<string, SuppressionIndex>();
  return findings.filter((f) => {
    let index = byFile.get(f.path);
    if (!index) byFile.set(f.path, (index = new SuppressionIndex(parseSql(readFile(f.path) ?? ''))));
    return !index.silencesAt(RULES_BY_ID.get(f.ruleId) ?? f.ruleId, f.start);
  });
}

/**
 * Findings with the severity the configuration gives their rule (`rules.<id>`, `--rule`, then
 * `categories.<category>`, as for any rule); those set to `off` are dropped. Without a setting a
 * finding keeps its own severity: a proof says how bad each finding is (a statement that fails
 * again is an error, one that changes data again a warning), and a proof that was asked for is not
 * lowered to advice as the static idempotency rules are outside re-applied sets.
 */
export function configured<F extends RunTimeFinding>(findings: F[], config: ResolvedConfig): F[] {
  return findings.flatMap((f) => {
    const rule = RULES_BY_ID.get(f.ruleId);
    const severity = config.rules[f.ruleId]?.severity ?? (rule && config.categories[rule.category]);
    if (severity === 'off') return [];
    return severity ? [{ ...f, severity }] : [f];
  });
}

/**
 * The apply error as a finding of the rule apply-error, in the editor and the CLI alike: its code is
 * the rule id (configured like any rule), and PostgreSQL's SQLSTATE ends the message, after the
 * DETAIL and HINT lines.
 */
export function applyErrorFinding(error: ApplyError): RunTimeFinding & { severity: 'error'; end: number; message: string } {
  const message = [error.message, error.detail && `DETAIL: ${error.detail}`, error.hint && `HINT: ${error.hint}`, error.code && `SQLSTATE: ${error.code}`].filter(Boolean).join('\n');
  return { ruleId: applyError.id, path: error.path, start: error.start, end: error.end, severity: 'error', message };
}

/** A run-time finding as the lint report and the diagnostics carry findings. */
export function asFinding(f: RunTimeFinding & { end: number; message: string }): Finding {
  const rule = RULES_BY_ID.get(f.ruleId);
  return { ruleId: f.ruleId, category: rule?.category ?? 'syntax', severity: f.severity, message: f.message, start: f.start, end: f.end, fixes: [] };
}
