import { judged, setView } from '../navigation/checks';
import { defineRule, type Report } from './types';

export default defineRule({
  id: 'column-added-twice',
  category: 'safety',
  defaultSeverity: 'error',
  docs: {
    summary: 'The column is added to a table that already has it: the statement fails.',
    why: 'An earlier statement (in this migration or an earlier one) already adds a column of this name, and nothing drops or renames it in between. PostgreSQL refuses the second `ADD COLUMN` with `column … already exists`, and the deployment stops there. Two branches that each added the column are the usual cause. The check is quiet for `ADD COLUMN IF NOT EXISTS`, inside DO blocks and function bodies, and after any migration that runs dynamic SQL or does not parse; and in a file the runner never applies (one missing from the Drizzle journal: `file-missing-from-journal` reports it).',
    instead: 'Remove the second ADD COLUMN, or change the column with ALTER COLUMN.',
    bad: 'CREATE TABLE invoices (id bigint, total numeric);\nALTER TABLE invoices ADD COLUMN total numeric(12,2);',
    good: 'CREATE TABLE invoices (id bigint, total numeric);\nALTER TABLE invoices ALTER COLUMN total TYPE numeric(12,2);',
  },
  checkFile(ctx) {
    const view = setView(ctx);
    if (view.quiet) return [];
    const out: Report[] = [];
    for (const o of view.timeline.byFile[view.index]) {
      // A duplicate is only marked while the column exists (a drop or rename frees its name).
      const first = o.duplicate;
      if (o.object.kind !== 'column' || o.event.event !== 'create' || !first || !judged(o) || first.event.nested) continue;
      const table = o.event.target.parent?.name ?? o.object.parent?.name ?? '';
      out.push({
        start: o.event.start,
        end: o.event.end,
        message: `Column ${o.event.target.name} is added to ${table} again: it was added in ${view.where(first)}.`,
        related: [view.related(first, `${o.event.target.name} is added here first`)],
      });
    }
    return out;
  },
});
