/**
 * Seed 004's dangerous-migration classification: which findings make a migration dangerous,
 * and what a reviewed one (header `Type: Dangerous migration` plus a `DANGEROUS CHANGE REVIEW`
 * section) turns them into: information, since the team has reviewed them.
 */
import type { ResolvedConfig } from '../config';
import type { ParsedFile } from '../parse/parser';
import type { Finding } from '../engine';
import { declaresDangerous, hasDangerousReview, readHeader } from './parse';

/** Data loss, rewrites of many rows, and constraint tightening that may fail on existing data. */
export const DESTRUCTIVE_RULE_IDS = new Set([
  'drop-table',
  'drop-column',
  'drop-schema',
  'drop-database',
  'truncate',
  'delete-or-update-without-where',
  'change-column-type',
  'volatile-default-rewrite',
  'set-not-null-on-existing-column',
  'add-required-column',
  'check-constraint-not-valid-missing',
  'foreign-key-not-valid-missing',
  'unique-constraint-without-index',
  'add-primary-key-on-existing-table',
  'enum-value-removal-or-reorder',
]);

export function isReviewedDangerous(file: ParsedFile): boolean {
  return declaresDangerous(readHeader(file)) && hasDangerousReview(file);
}

/** With header rules on and a reviewed dangerous migration, destructive findings become information. */
export function applyDangerousReview(file: ParsedFile, config: ResolvedConfig, findings: Finding[]): void {
  if (!config.header || !isReviewedDangerous(file)) return;
  for (const f of findings) {
    if (!DESTRUCTIVE_RULE_IDS.has(f.ruleId) || f.severity === 'info' || f.severity === 'hint') continue;
    f.severity = 'info';
    f.message += ' (reviewed: the header declares a dangerous migration with a DANGEROUS CHANGE REVIEW)';
  }
}
