import { defineRule } from './types';

/** Reported by the engine when a file holds no statement at all. */
export default defineRule({
  id: 'empty-migration',
  category: 'style',
  defaultSeverity: 'info',
  docs: {
    summary: 'This migration has no statements.',
    why: 'An empty migration is usually a file created and forgotten. Runners still record it as applied, so the change it was meant for never happens.',
    instead: 'Write the migration, or delete the file.',
    bad: '-- TODO',
    good: 'ALTER TABLE users ADD COLUMN IF NOT EXISTS nickname text;',
  },
});
