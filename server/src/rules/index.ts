/** The rule registry: every rule, one file each. Add new rules here (kept sorted by category). */
import type { Rule } from './types';
import syntaxError from './syntax-error';
import unlintableFile from './unlintable-file';
import emptyMigration from './empty-migration';
import unusedIgnore from './unused-ignore';
// --- idempotency imports ---
import createTableWithoutIfNotExists from './create-table-without-if-not-exists';
// --- safety imports ---
// --- header imports ---
// --- layout imports ---

export const ALL_RULES: Rule[] = [
  syntaxError,
  unlintableFile,
  emptyMigration,
  unusedIgnore,
  // --- idempotency ---
  createTableWithoutIfNotExists,
  // --- safety ---
  // --- header ---
  // --- layout ---
];

export const RULES_BY_ID = new Map(ALL_RULES.map((r) => [r.id, r]));
