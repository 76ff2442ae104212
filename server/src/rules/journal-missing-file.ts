import { basename } from 'node:path';
import { tagOffset } from '../layout/drizzle-journal';
import { defineRule, type SetReport } from './types';

const JOURNAL_BAD = '{"version":"7","dialect":"postgresql","entries":[{"idx":0,"version":"7","when":1735689600000,"tag":"0000_init","breakpoints":true},{"idx":1,"version":"7","when":1735776000000,"tag":"0001_add_orders","breakpoints":true}]}';

export default defineRule({
  id: 'journal-missing-file',
  category: 'layout',
  defaultSeverity: 'error',
  docs: {
    summary: 'The Drizzle journal lists a migration whose SQL file does not exist.',
    why: '`drizzle-kit migrate` reads `meta/_journal.json` and opens `<tag>.sql` for every entry; a missing file (deleted, renamed, or lost in a merge) stops every deploy with "No file … found". A journal that is not valid JSON stops it the same way.',
    instead: 'Restore the file under the journal\'s tag, or, if the migration was never applied anywhere, remove its entry (and its snapshot) from the journal.',
    bad: `drizzle/0000_init.sql: CREATE TABLE users (id bigint);\ndrizzle/meta/_journal.json: ${JOURNAL_BAD}`,
    good: `drizzle/0000_init.sql: CREATE TABLE users (id bigint);\ndrizzle/0001_add_orders.sql: CREATE TABLE orders (id bigint);\ndrizzle/meta/_journal.json: ${JOURNAL_BAD}`,
  },
  checkSet(set, ctx) {
    const journal = set.journal;
    if (!journal) return [];
    const text = ctx.readText(journal.path) ?? '';
    if (journal.error) return [{ path: journal.path, start: 0, end: 0, message: `${basename(journal.path)} cannot be read (${journal.error}): drizzle-kit migrate will fail before applying anything.` }];
    const out: SetReport[] = [];
    for (const e of journal.entries) {
      if (e.file) continue;
      const at = tagOffset(text, e.tag) ?? { start: 0, end: 0 };
      out.push({ path: journal.path, ...at, message: `The journal lists ${e.tag}, but ${e.tag}.sql does not exist: drizzle-kit migrate will stop here.` });
    }
    return out;
  },
});
