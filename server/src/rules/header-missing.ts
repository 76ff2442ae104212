import { activeHeader } from '../header/active';
import { formatHeaderDate, renderHeader } from '../header/template';
import { migrationNameOf } from '../header/parse';
import { defineRule } from './types';

export default defineRule({
  id: 'header-missing',
  category: 'header',
  defaultSeverity: 'error',
  docs: {
    summary: 'This migration has no header block.',
    why: 'The team requires every migration to start with an intent block: title, migration id, date, purpose, impact, data risk, rollback strategy and whether it is safe to re-run, so that reviewers understand it without digging through old pull requests. Active only when `.migration-lens.json` sets `header`.',
    instead: 'Start the file with the header block; the quick fix inserts the template with the name and date filled in.',
    bad: 'CREATE TABLE IF NOT EXISTS user_preferences (user_id uuid PRIMARY KEY);',
    good: `-- ============================================================
-- StudyBoost — Add User Preferences Table
-- Migration: 202604211430_add_user_preferences
-- Date: 2026-04-21 14:30
-- PURPOSE: Persist per-user UI preferences for dashboard experience.
-- IMPACT: Adds new user_preferences table and PK index; no destructive operations.
-- DATA RISK: low (additive schema only).
-- ROLLBACK STRATEGY: forward-fix by follow-up migration if schema adjustments are needed.
-- Safe to re-run: uses IF NOT EXISTS guards
-- ============================================================
CREATE TABLE IF NOT EXISTS user_preferences (user_id uuid PRIMARY KEY);`,
  },
  checkFile(ctx) {
    const active = activeHeader(ctx);
    if (!active || active.header?.fields.length) return [];
    const migration = migrationNameOf(ctx.path ?? 'migration.sql');
    const title = migration.replace(/^\d+_?/, '').replace(/_/g, ' ') || 'Migration';
    const text = renderHeader(active.cfg, { title, migration, date: formatHeaderDate(new Date()) });
    return [{ start: 0, end: 0, fixes: [{ title: 'Insert the header template', edits: [{ start: 0, end: 0, newText: text }] }] }];
  },
});
