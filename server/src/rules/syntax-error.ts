import { defineRule } from './types';

/** Findings come from the parser (see engine.ts); this file holds the id, severity and docs. */
export default defineRule({
  id: 'syntax-error',
  category: 'syntax',
  defaultSeverity: 'error',
  docs: {
    summary: 'PostgreSQL cannot parse this statement.',
    why: 'The statement does not parse with the PostgreSQL 18 grammar (the real parser, libpg_query), so the migration fails at this point. The other statements of the file are still linted.',
    instead: 'Fix the statement at the position shown; the message is PostgreSQL\'s own.',
    bad: 'CREATE TABEL users (id bigint);',
    good: 'CREATE TABLE users (id bigint);',
  },
});
