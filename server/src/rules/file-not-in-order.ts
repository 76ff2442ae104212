import { CONVENTIONS } from '../layout/conventions';
import { label, onFile } from '../layout/set-report';
import { defineRule, type SetReport } from './types';

export default defineRule({
  id: 'file-not-in-order',
  category: 'layout',
  defaultSeverity: 'warning',
  options: { base: { type: 'string', description: 'The git ref to compare with (e.g. "origin/develop"); either history rule\'s `base` applies to both.' } },
  docs: {
    summary: 'This new migration sorts before migrations that are already committed.',
    why: 'Databases that already applied the later migrations run the new one after them (or refuse it as out of order), while a fresh database runs it before them: the two histories can produce different schemas, or fail on one side only. It happens when a branch created its migration before rebasing on newer ones (parallel work is fine, unsafe ordering is not). Compared with the merge-base of the default branch (rule option `base` to choose another ref); skipped without git and for sets that are re-applied or loaded once (init-sorted, numbered).',
    instead: 'Rename the new migration so that it sorts after every committed one (a new timestamp or the next number), and regenerate it if it depends on their schema.',
    bad: 'supabase/migrations/20240101120000_init.sql\nsupabase/migrations/20240301120000_add_orders.sql\n+ supabase/migrations/20240201120000_add_refunds.sql',
    good: 'supabase/migrations/20240101120000_init.sql\nsupabase/migrations/20240301120000_add_orders.sql\n+ supabase/migrations/20240401120000_add_refunds.sql',
  },
  checkSet(set, ctx) {
    if (!CONVENTIONS[set.convention].history || set.files.length < 2) return [];
    const git = ctx.git();
    if (!git) return [];
    let lastCommitted = -1;
    set.files.forEach((f, i) => {
      if (git.isCommitted(f.path)) lastCommitted = i;
    });
    const out: SetReport[] = [];
    for (let i = 0; i < lastCommitted; i++) {
      const f = set.files[i];
      if (git.isCommitted(f.path)) continue;
      out.push(onFile(ctx, f.path, `${label(f)} is new but runs before ${label(set.files[lastCommitted])}, which is already on ${git.baseRef}: rename it so that it sorts last.`));
    }
    return out;
  },
});
