import { defineRule } from './types';

/** Noted while applying the set to PGlite (preview/runner.ts): this file holds the id, severity and docs. */
export default defineRule({
  id: 'apply-note',
  category: 'syntax',
  defaultSeverity: 'warning',
  runTime: 'apply',
  docs: {
    summary: 'The preview applied this statement differently from a PostgreSQL server.',
    why: 'Applying the set to PGlite, the preview had to skip or change something a server would run: an extension PGlite does not ship, a file that ends inside an open transaction (the server rolls it back), an error that rolls back a whole run. The schema shown is then what a server would have, as far as PGlite can tell. Each note carries its own severity.',
    instead: 'Read the note: commit what the file begins, or add what the preview lacks with `preview.setupSql`.',
    bad: 'BEGIN;\nCREATE TABLE notes (id bigint);',
    good: 'BEGIN;\nCREATE TABLE notes (id bigint);\nCOMMIT;',
  },
});
