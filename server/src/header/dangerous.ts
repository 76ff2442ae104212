/**
 * The team's dangerous-migration practice: findings of rules marked `destructive` make a
 * migration dangerous, and a reviewed one (header `Type: Dangerous migration` plus a `DANGEROUS CHANGE REVIEW`
 * section) turns them into: information, since the team has reviewed them.
 */
import type { ResolvedConfig } from '../config-model';
import type { ParsedFile } from '../parse/parser';
import type { IsDestructive, Severity } from '../rules/types';
import { declaresDangerous, hasDangerousReview, readHeader } from './parse';

function isReviewedDangerous(file: ParsedFile): boolean {
  return declaresDangerous(readHeader(file)) && hasDangerousReview(file);
}

/** With header rules on and a reviewed dangerous migration, destructive findings (rule metadata `destructive`) become information. */
export function applyDangerousReview(file: ParsedFile, config: ResolvedConfig, findings: { ruleId: string; severity: Severity; message: string }[], isDestructive: IsDestructive): void {
  if (!config.header || !isReviewedDangerous(file)) return;
  for (const f of findings) {
    if (!isDestructive(f.ruleId) || f.severity === 'info' || f.severity === 'hint') continue;
    f.severity = 'info';
    f.message += ' (reviewed: the header declares a dangerous migration with a DANGEROUS CHANGE REVIEW)';
  }
}
