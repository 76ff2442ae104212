import { CONVENTIONS } from '../layout/conventions';
import { label, onFile } from '../layout/set-report';
import { defineRule } from './types';

export default defineRule({
  id: 'migration-edited-after-commit',
  category: 'layout',
  defaultSeverity: 'warning',
  options: { base: { type: 'string', description: 'The git ref to compare with (e.g. "origin/develop"); either history rule\'s `base` applies to both.' } },
  docs: {
    summary: 'This migration was already committed and has been edited since: write a forward fix instead.',
    why: 'Databases that applied the migration never see the edit: their runner records it as done (Prisma also notices the changed checksum and asks to reset the development database). Fresh databases get the edited version, so environments drift apart silently. Never edit a migration after it was generated and shared: fix forward with a new one. Compared with the merge-base of the default branch (rule option `base` to choose another ref); skipped without git and for sets that are re-applied on every deploy (init-sorted) or rebuilt from scratch (numbered).',
    instead: 'Restore the committed version and put the change in a new migration that moves the schema forward.',
    bad: 'prisma/migrations/migration_lock.toml: provider = "postgresql"\nprisma/migrations/20240101120000_init/migration.sql: CREATE TABLE users (id bigint);\n~ prisma/migrations/20240301120000_add_email/migration.sql: ALTER TABLE users ADD COLUMN email text NOT NULL;',
    good: 'prisma/migrations/migration_lock.toml: provider = "postgresql"\nprisma/migrations/20240101120000_init/migration.sql: CREATE TABLE users (id bigint);\nprisma/migrations/20240301120000_add_email/migration.sql: ALTER TABLE users ADD COLUMN email text;\n+ prisma/migrations/20240401120000_email_not_null/migration.sql: ALTER TABLE users ALTER COLUMN email SET NOT NULL;',
  },
  checkSet(set, ctx) {
    if (!CONVENTIONS[set.convention].history) return [];
    const git = ctx.git();
    if (!git) return [];
    return set.files
      .filter((f) => git.isEdited(f.path))
      .map((f) => onFile(ctx, f.path, `${label(f)} is already on ${git.baseRef} and has been edited since: databases that applied it will not see the change. Restore it and write a new migration.`));
  },
});
