import { defineRule } from './types';

/** Found by the drift proof (preview/prove/drift.ts): this file holds the id, severity and docs. */
export default defineRule({
  id: 'proof-drift',
  category: 'layout',
  defaultSeverity: 'error',
  runTime: 'proof',
  docs: {
    summary: 'The schema snapshot (preview.snapshot) makes a different schema than the migrations.',
    why: 'The migrations and the snapshot are applied in turn to PGlite and their schemas compared object by object. A snapshot that drifted from the migrations creates a different database for whoever starts from it (tests, new environments). Run by the editor\'s drift command and by `migration-lens check --drift`.',
    instead: 'Regenerate the snapshot from the migrations, or write the migration the snapshot expects.',
    bad: '-- db/createDB.sql (preview.snapshot), while a migration added users.email:\nCREATE TABLE users (id bigint PRIMARY KEY);',
    good: '-- db/createDB.sql\nCREATE TABLE users (id bigint PRIMARY KEY, email text);',
  },
});
