import { label, onFile } from '../layout/set-report';
import type { MigrationFile } from '../layout/types';
import { defineRule, type SetReport } from './types';

export default defineRule({
  id: 'duplicate-migration-number',
  category: 'layout',
  defaultSeverity: 'error',
  docs: {
    summary: 'Two migrations share a number: their order is an accident.',
    why: 'Two branches that each took the next number both merge (a real project history had 0018, 0025 and 0026 twice). Which of the two runs first then depends on the rest of the name, runners that key history by version (Supabase, schema_migrations) reject or skip the second, and teammates\' databases disagree. Prisma folders and init-sorted files, ordered by their full names, are not checked, nor files the runner never applies (missing from the Drizzle journal).',
    instead: 'Renumber the migration that has not been applied anywhere yet to the next free number (and, for Drizzle, its journal tag).',
    bad: 'db/001_create_users.sql\ndb/002_add_orders.sql\ndb/002_add_refunds.sql',
    good: 'db/001_create_users.sql\ndb/002_add_orders.sql\ndb/003_add_refunds.sql',
  },
  checkSet(set, ctx) {
    if (set.convention === 'prisma' || set.convention === 'init-sorted') return [];
    const byNumber = new Map<string, MigrationFile[]>();
    // Files the runner never applies (orphans) have no place in its order: file-missing-from-journal reports them.
    for (const f of set.files) {
      if (!f.id) continue;
      const key = f.id.replace(/^0+(?=\d)/, '');
      byNumber.set(key, [...(byNumber.get(key) ?? []), f]);
    }
    const out: SetReport[] = [];
    for (const group of byNumber.values()) {
      if (group.length < 2) continue;
      for (const f of group) {
        const others = group.filter((g) => g !== f).map(label).join(', ');
        out.push(onFile(ctx, f.path, `Migration number ${f.id} is also used by ${others}: give one of them the next free number.`));
      }
    }
    return out;
  },
});
