import { activeHeader } from '../header/active';
import { field, migrationNameOf } from '../header/parse';
import { defineRule } from './types';

export default defineRule({
  id: 'header-migration-name',
  category: 'header',
  defaultSeverity: 'error',
  docs: {
    summary: 'The header\'s `Migration:` does not match the file or folder name.',
    why: 'A header copied from another migration keeps the old name, and then the intent block describes a different change. The `Migration:` field must be the migration\'s own id (the Prisma folder name, or the file name without `.sql`).',
    instead: 'Set `Migration:` to the migration\'s name; the quick fix does it.',
    bad: `-- Migration: 202601010000_old_copy
SELECT 1;`,
    good: `-- Migration: 202604211430_add_user_preferences
SELECT 1;`,
  },
  checkFile(ctx) {
    const active = activeHeader(ctx);
    const f = field(active?.header, 'Migration');
    if (!active || !f || !ctx.path) return [];
    const expected = migrationNameOf(ctx.path);
    if (f.value === expected) return [];
    return [
      {
        start: f.valueStart,
        end: f.valueEnd,
        message: `Header says Migration: ${f.value || '(empty)'}, but this migration is ${expected}.`,
        fixes: [{ title: `Set Migration: ${expected}`, edits: [{ start: f.valueStart, end: f.valueEnd, newText: expected }] }],
      },
    ];
  },
});
