import { compareDigits, isTimestampId } from '../layout/names';
import { label, onFile } from '../layout/set-report';
import { defineRule, type SetReport } from './types';

export default defineRule({
  id: 'gap-in-numbering',
  category: 'layout',
  defaultSeverity: 'info',
  docs: {
    summary: 'Migration numbers skip a value.',
    why: 'A gap usually means a migration was deleted, renamed, or is still on another branch: a database that applied the missing number has history this checkout cannot reproduce. Timestamped names (Prisma, Supabase) are not checked.',
    instead: 'Check where the missing number went. If it is gone for good, leave the gap (never renumber applied migrations); if it is on another branch, merge it first.',
    bad: 'db/001_create_users.sql\ndb/002_add_orders.sql\ndb/005_add_refunds.sql',
    good: 'db/001_create_users.sql\ndb/002_add_orders.sql\ndb/003_add_refunds.sql',
  },
  checkSet(set, ctx) {
    const numbered = set.files.filter((f) => f.id && !isTimestampId(f.id)).sort((a, b) => compareDigits(a.id, b.id));
    const out: SetReport[] = [];
    for (let i = 1; i < numbered.length; i++) {
      const prev = BigInt(numbered[i - 1].id);
      const cur = BigInt(numbered[i].id);
      if (cur - prev <= 1n) continue;
      const missing = cur - prev === 2n ? `${prev + 1n}` : `${prev + 1n} to ${cur - 1n}`;
      out.push(onFile(ctx, numbered[i].path, `Numbering jumps from ${numbered[i - 1].id} to ${numbered[i].id} before ${label(numbered[i])} (missing: ${missing}).`));
    }
    return out;
  },
});
