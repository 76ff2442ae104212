import { defineRule } from './types';

/**
 * Found by applying the set to PGlite (the preview, `migration-lens check`): this file holds the
 * id, severity and docs. No comment silences it: the statement still fails, and nothing after it
 * is applied.
 */
export default defineRule({
  id: 'apply-error',
  category: 'syntax',
  defaultSeverity: 'error',
  runTime: 'apply',
  docs: {
    summary: 'PostgreSQL refuses this statement when the migrations are applied in order.',
    why: 'The set is applied to an in-process PostgreSQL (PGlite) in its runner\'s order and transaction mode, and this statement fails there, with PostgreSQL\'s own message, detail and hint: the deploy would stop at the same point. `migration-lens check` exits with status 1 whatever severity is configured.',
    instead: 'Fix the statement, or the earlier migration it depends on.',
    bad: '-- No earlier migration creates orders:\nCREATE INDEX orders_user_idx ON orders (user_id);',
    good: 'CREATE TABLE orders (id bigint PRIMARY KEY, user_id bigint);\nCREATE INDEX orders_user_idx ON orders (user_id);',
  },
});
