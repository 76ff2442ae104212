import { CONVENTIONS } from '../layout/conventions';
import { label, onFile } from '../layout/set-report';
import { defineRule } from './types';

export default defineRule({
  id: 'missing-down-migration',
  category: 'layout',
  defaultSeverity: 'error',
  docs: {
    summary: 'This up migration has no down file: it cannot be rolled back.',
    why: 'Where the runner rolls back by applying `NNN_name.down.sql` (a runner with a `--rollback [n]` option), an up file without its twin makes the rollback fail at the worst moment, during an incident. Sets whose convention makes down files optional (numbered `_down` twins) or unused (Prisma, Drizzle, Supabase: forward fixes) are not checked.',
    instead: 'Add `NNN_name.down.sql` next to the up file, reversing it in the opposite order (drop what the up file created, last object first).',
    bad: 'migrations/001_create_users.up.sql: CREATE TABLE users (id bigint);\nmigrations/001_create_users.down.sql: DROP TABLE users;\nmigrations/002_create_orders.up.sql: CREATE TABLE orders (id bigint);',
    good: 'migrations/001_create_users.up.sql: CREATE TABLE users (id bigint);\nmigrations/001_create_users.down.sql: DROP TABLE users;\nmigrations/002_create_orders.up.sql: CREATE TABLE orders (id bigint);\nmigrations/002_create_orders.down.sql: DROP TABLE orders;',
  },
  checkSet(set, ctx) {
    if (CONVENTIONS[set.convention].downs.kind !== 'required') return [];
    return set.files
      .filter((f) => !f.downPath)
      .map((f) => onFile(ctx, f.path, `${label(f)} has no down file: add ${f.stem}.down.sql so that a rollback can undo it.`));
  },
});
