import { defineRule } from './types';

/** Reported by the engine when a file holds no statement at all. */
export default defineRule({
  id: 'empty-migration',
  category: 'style',
  defaultSeverity: 'info',
  docs: {
    summary: 'This migration has no statements.',
    why: 'An empty migration is usually a file created and forgotten. Runners still record it as applied, so the change it was meant for never happens. A down file that holds only a comment (`-- nothing to undo: the up file only adds data`) is a rollback that is empty on purpose and is not reported; an empty down file without one is.',
    instead: 'Write the migration, or delete the file. In a down file with nothing to undo, say so in a comment.',
    bad: '-- TODO',
    good: 'ALTER TABLE users ADD COLUMN IF NOT EXISTS nickname text;',
  },
});
