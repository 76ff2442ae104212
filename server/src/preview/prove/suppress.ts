/**
 * Proof findings minus those a `-- lens-ignore <proof-id>` / `-- lens-ignore-file <proof-id>`
 * comment silences: the same index as the static rules (rules/suppressions.ts), read from the
 * text the proof ran on (editor or disk, as the caller's `readFile` decides).
 */
import { parseSql } from '../../parse/parser';
import { SuppressionIndex } from '../../rules/suppressions';
import type { ReadFile } from '../fromSet';
import type { ResolvedConfig } from '../../config';
import type { ProofFinding } from './types';

/** Needs `initParser()` to have completed. */
export function unsuppressed(findings: ProofFinding[], readFile: ReadFile): ProofFinding[] {
  const byFile = new Map<string, SuppressionIndex>();
  return findings.filter((f) => {
    let index = byFile.get(f.path);
    if (!index) byFile.set(f.path, (index = new SuppressionIndex(parseSql(readFile(f.path) ?? ''))));
    return !index.silencesAt(f.ruleId, f.start);
  });
}

/** Proof findings with the severity `rules.<proof-id>` gives them (`rules`, `--rule`); those set to `off` are dropped. */
export function configured(findings: ProofFinding[], config: ResolvedConfig): ProofFinding[] {
  return findings.flatMap((f) => {
    const severity = config.rules[f.ruleId]?.severity;
    if (severity === 'off') return [];
    return severity ? [{ ...f, severity }] : [f];
  });
}
