import { label, onFile } from '../layout/set-report';
import { defineRule } from './types';

const JOURNAL_ONE = '{"version":"7","dialect":"postgresql","entries":[{"idx":0,"version":"7","when":1735689600000,"tag":"0000_init","breakpoints":true}]}';
const JOURNAL_TWO = '{"version":"7","dialect":"postgresql","entries":[{"idx":0,"version":"7","when":1735689600000,"tag":"0000_init","breakpoints":true},{"idx":1,"version":"7","when":1735776000000,"tag":"0001_add_orders","breakpoints":true}]}';

export default defineRule({
  id: 'file-missing-from-journal',
  category: 'layout',
  defaultSeverity: 'warning',
  docs: {
    summary: 'This SQL file is not in the Drizzle journal: drizzle-kit will never apply it.',
    why: 'drizzle-kit migrate applies exactly the journal\'s entries. A file written by hand, or whose entry was lost when two branches edited `meta/_journal.json`, silently never runs: the code that needs its schema fails in production. The preview leaves it out of the apply order for the same reason, and the schema checks (`column-added-twice`, `column-does-not-exist`, `object-dropped-earlier`) skip it: where it would run, and so what it would meet, is unknown until it is listed. Its number does not count for `duplicate-migration-number` either.',
    instead: 'Generate migrations with `drizzle-kit generate` (`--custom` for hand-written SQL), or add the missing entry to `meta/_journal.json` with the file\'s name as its tag.',
    bad: `drizzle/0000_init.sql: CREATE TABLE users (id bigint);\ndrizzle/0001_add_orders.sql: CREATE TABLE orders (id bigint);\ndrizzle/meta/_journal.json: ${JOURNAL_ONE}`,
    good: `drizzle/0000_init.sql: CREATE TABLE users (id bigint);\ndrizzle/0001_add_orders.sql: CREATE TABLE orders (id bigint);\ndrizzle/meta/_journal.json: ${JOURNAL_TWO}`,
  },
  checkSet(set, ctx) {
    if (!set.journal || set.journal.error) return [];
    return set.orphans.map((f) => onFile(ctx, f.path, `${label(f)} is not in meta/_journal.json: drizzle-kit migrate will never apply it (the schema checks skip it until it is listed).`));
  },
});
