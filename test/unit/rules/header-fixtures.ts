/** Shared inputs for the header rule tests: the studyboost preset and a complete header. */
import { resolveConfig } from '../../../server/src/config';
import type { LintOptions } from '../../../server/src/engine';

export const PATH = 'prisma/migrations/202604211430_add_user_preferences/migration.sql';
export const HEADER_ON: LintOptions = { path: PATH, config: resolveConfig({ header: { preset: 'studyboost', project: 'StudyBoost' } }) };

export function header(over: Record<string, string | null> = {}): string {
  const fields: Record<string, string | null> = {
    Migration: '202604211430_add_user_preferences',
    Date: '2026-04-21 14:30',
    PURPOSE: 'Persist per-user UI preferences.',
    IMPACT: 'Adds user_preferences.',
    'DATA RISK': 'low (additive schema only).',
    'ROLLBACK STRATEGY': 'forward-fix by follow-up migration.',
    'Safe to re-run': 'uses IF NOT EXISTS guards',
    ...over,
  };
  const lines = Object.entries(fields).filter(([, v]) => v !== null).map(([k, v]) => `-- ${k}: ${v}`);
  return ['-- ============================================================', '-- StudyBoost — Add User Preferences', ...lines, '-- ============================================================', ''].join('\n');
}
