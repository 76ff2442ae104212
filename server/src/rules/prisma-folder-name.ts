import { compareNumbered, isValidTimestamp } from '../layout/names';
import { onFile } from '../layout/set-report';
import { defineRule, type SetReport } from './types';

const LOCK = 'prisma/migrations/migration_lock.toml: provider = "postgresql"';

export default defineRule({
  id: 'prisma-folder-name',
  category: 'layout',
  defaultSeverity: 'warning',
  docs: {
    summary: 'This Prisma migration folder sorts by name in a different place than its number or date says.',
    why: 'Prisma applies migration folders in the order of their names and accepts any name; `prisma migrate dev` names them `YYYYMMDDHHmmss_name` so that name order is creation order. Numbers of different widths sort as text, not as numbers: `10_x` runs before `2_y`, so a fresh database applies them in another order than the one the numbers say. A folder with no number or date sorts after every numbered one, so migrations created after it run before it; a date that does not exist (`20260431…`) is a hand-typed name. Zero-padded numbers of one width (`01_init` … `19_x`) sort correctly and are fine.',
    instead: 'Give the folders numbers of one width (`02_y`, `10_x`), or name them with the UTC time they were created in the width the set already uses (`YYYYMMDDHHmmss_name` or `YYYYMMDDHHmm_name`). Rename only folders that have not been applied anywhere: Prisma records applied migrations by folder name.',
    bad: `${LOCK}\nprisma/migrations/1_init/migration.sql: CREATE TABLE users (id bigint);\nprisma/migrations/2_add_orders/migration.sql: CREATE TABLE orders (id bigint);\nprisma/migrations/10_add_refunds/migration.sql: CREATE TABLE refunds (id bigint);`,
    good: `${LOCK}\nprisma/migrations/01_init/migration.sql: CREATE TABLE users (id bigint);\nprisma/migrations/02_add_orders/migration.sql: CREATE TABLE orders (id bigint);\nprisma/migrations/10_add_refunds/migration.sql: CREATE TABLE refunds (id bigint);`,
  },
  checkSet(set, ctx) {
    if (set.convention !== 'prisma') return [];
    // prisma-engines schema-connector/src/migrations_directory.rs: the migrations folder holds
    // "subfolders, named after the migration id" (no format required); they run in name order
    // (set.files is in that order, see layout/names.ts). The intended order is the numbers':
    // the folders out of it are those outside the longest run that name order keeps in it.
    const numbered = set.files.filter((f) => f.id);
    const inOrder = longestIncreasing(numbered, compareNumbered);
    const out: SetReport[] = [];
    for (const f of set.files) {
      const problem = !f.id
        ? 'has no number or timestamp prefix: it sorts after every numbered folder, so migrations created after it run before it'
        : !inOrder.has(f)
          ? misplaced(f, numbered)
          : isTimestampLike(f.id) && !isValidTimestamp(f.id) && !/^0+$/.test(f.id) // an all-zero id is the baseline `prisma migrate resolve` expects
            ? `starts with ${f.id}, which is not a YYYYMMDDHHmm[ss] date`
            : !/^_[^\s]+$/.test(f.stem.slice(f.id.length))
              ? 'should be <timestamp>_<name> with no spaces'
              : undefined;
      if (problem) out.push(onFile(ctx, f.path, `Migration folder ${f.stem} ${problem}.`));
    }
    return out;
  },
});

type Folder = { id: string; stem: string };

function isTimestampLike(id: string): boolean {
  return id.length >= 12;
}

/** Why a folder's name position differs from its number's: the first neighbour it is misordered with. */
function misplaced(f: Folder, byName: readonly Folder[]): string {
  const i = byName.indexOf(f);
  const later = byName.slice(i + 1).find((g) => compareNumbered(g, f) < 0);
  if (later) return `sorts before ${later.stem} by name, so Prisma applies it first although its number comes after: give the numbers one width`;
  const earlier = byName.slice(0, i).find((g) => compareNumbered(g, f) > 0);
  return `sorts after ${earlier?.stem ?? 'a later-numbered folder'} by name, so Prisma applies it later although its number comes first: give the numbers one width`;
}

/** The longest subsequence of `items` that `compare` finds increasing (O(n log n) patience sorting). */
function longestIncreasing<T>(items: readonly T[], compare: (a: T, b: T) => number): Set<T> {
  const tails: number[] = [];
  const prev: number[] = [];
  items.forEach((item, i) => {
    let lo = 0;
    let hi = tails.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (compare(items[tails[mid]], item) < 0) lo = mid + 1;
      else hi = mid;
    }
    prev[i] = lo > 0 ? tails[lo - 1] : -1;
    tails[lo] = i;
  });
  const out = new Set<T>();
  for (let k = tails.length ? tails[tails.length - 1] : -1; k >= 0; k = prev[k]) out.add(items[k]);
  return out;
}
