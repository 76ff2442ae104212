import { isValidTimestamp } from '../layout/names';
import { onFile } from '../layout/set-report';
import { defineRule, type SetReport } from './types';

const LOCK = 'prisma/migrations/migration_lock.toml: provider = "postgresql"';

export default defineRule({
  id: 'prisma-folder-name',
  category: 'layout',
  defaultSeverity: 'warning',
  docs: {
    summary: 'Prisma migration folders should be named <timestamp>_<name>.',
    why: 'Prisma applies migration folders in the order of their names. `prisma migrate dev` names them `YYYYMMDDHHmmss_name` so that name order is creation order; a folder named by hand (`2_add_orders`, `add_orders`) or with an impossible date sorts wherever its characters put it: `10_x` runs before `2_y`, and teammates\' new migrations land in the middle of history.',
    instead: 'Name the folder with the UTC time it was created, in the width the set already uses (`YYYYMMDDHHmmss_name`, or seed 004\'s `YYYYMMDDHHmm_name`). Rename only folders that have not been applied anywhere: Prisma records applied migrations by folder name.',
    bad: `${LOCK}\nprisma/migrations/20240101120000_init/migration.sql: CREATE TABLE users (id bigint);\nprisma/migrations/2_add_orders/migration.sql: CREATE TABLE orders (id bigint);`,
    good: `${LOCK}\nprisma/migrations/20240101120000_init/migration.sql: CREATE TABLE users (id bigint);\nprisma/migrations/20240215093000_add_orders/migration.sql: CREATE TABLE orders (id bigint);`,
  },
  checkSet(set, ctx) {
    if (set.convention !== 'prisma') return [];
    const out: SetReport[] = [];
    for (const f of set.files) {
      const problem = !f.id
        ? 'has no timestamp prefix'
        : f.id.length < 12
          ? `is named by a plain number: Prisma orders folders by name, so ${f.id}_… sorts as text, not as a number`
          : !isValidTimestamp(f.id) && !/^0+$/.test(f.id) // an all-zero id is the baseline `prisma migrate resolve` expects (seed 004)
            ? `starts with ${f.id}, which is not a YYYYMMDDHHmm[ss] date`
            : !/^_[^\s]+$/.test(f.stem.slice(f.id.length))
              ? 'should be <timestamp>_<name> with no spaces'
              : undefined;
      if (problem) out.push(onFile(ctx, f.path, `Migration folder ${f.stem} ${problem}.`));
    }
    return out;
  },
});
