import { defineRule } from './types';

/** Found by the idempotency proof (preview/prove/idempotency.ts): this file holds the id, severity and docs. */
export default defineRule({
  id: 'proof-idempotency',
  category: 'idempotency',
  defaultSeverity: 'error',
  runTime: 'proof',
  docs: {
    summary: 'Applied a second time (as every deploy re-applies the file), the statement fails or changes data again.',
    why: 'The set is applied to PGlite, then each file again on top of it; a statement that fails is an error, one that changes the row count or the rows of a table is a warning. This matters where the runner re-applies files (init-sorted folders, repeatable migrations, files whose header says "Safe to re-run"). Run by the editor (`preview.idempotency`) and by `migration-lens check --idempotent`.',
    instead: 'Guard the statement (`IF NOT EXISTS`, `ON CONFLICT DO NOTHING`, `WHERE NOT EXISTS`), or write it so that a second run leaves the same rows.',
    bad: 'INSERT INTO visits (at) VALUES (now());',
    good: "INSERT INTO settings (key, value) VALUES ('locale', 'fr') ON CONFLICT (key) DO NOTHING;",
  },
});
