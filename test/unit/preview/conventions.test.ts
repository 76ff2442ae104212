/**
 * From layout detection to the preview, on the layout fixtures of every convention: the set is
 * found as the editor and CLI find it, applied in that convention's order with its runner's
 * transaction mode (and the Supabase preset), and gives the tables its files make.
 */
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { defaultConfig } from '../../../server/src/config';
import { detectSets } from '../../../server/src/layout/detect';
import { previewInputForSet } from '../../../server/src/preview/fromSet';
import { PreviewRunner } from '../../../server/src/preview/runner';
import type { PreviewInput, PreviewResult } from '../../../server/src/preview/types';
import { FIXTURES } from '../layout/helpers';

interface Expected {
  fixture: string;
  convention: string;
  transaction: PreviewInput['transaction'];
  preset?: 'supabase';
  /** Paths relative to the fixture, in apply order. */
  order: string[];
  /** schema.table(columns) of every table the migrations make. */
  tables: string[];
}

const CASES: Expected[] = [
  {
    fixture: 'init-sorted', convention: 'init-sorted', transaction: 'all',
    order: ['db/init/01_schema.sql', 'db/init/02_match_movies.sql', 'db/init/04_password_reset_tokens.sql'],
    tables: ['public.movies(id)', 'public.password_reset_tokens(token)'],
  },
  {
    // Not zero-padded: numeric order, not the file names' (10_ after 9_, 100_ last).
    fixture: 'numbered', convention: 'numbered', transaction: 'none',
    order: ['db/9_graph_base.sql', 'db/10_graph_nodes.sql', 'db/100_graph_edges.sql'],
    tables: ['graph.edges(src,dst)', 'graph.nodes(id)'],
  },
  {
    fixture: 'drizzle-v5', convention: 'drizzle', transaction: 'per-file',
    order: ['drizzle/0000_living_banshee.sql', 'drizzle/0001_next_feature.sql'],
    tables: ['public.users(id,email)'],
  },
  {
    // The journal's order (0018_add_refunds before 0018_add_invoices); 0019_hand_written is an
    // orphan the journal lacks, so Drizzle's migrator never runs it: orders gets no note column.
    fixture: 'drizzle-v7', convention: 'drizzle', transaction: 'per-file',
    order: ['db/migrations/0016_add_orders.sql', 'db/migrations/0017_add_items.sql', 'db/migrations/0018_add_refunds.sql', 'db/migrations/0018_add_invoices.sql'],
    tables: ['public.invoices(id)', 'public.items(id,order_id)', 'public.orders(id)', 'public.refunds(id)'],
  },
  {
    // Down files are the round-trip proof's, never part of an apply.
    fixture: 'up-down', convention: 'up-down', transaction: 'per-file',
    order: ['backend/src/db/migrations/001_initial_schema.up.sql', 'backend/src/db/migrations/002_seed_demo_data.up.sql'],
    tables: ['public.portfolios(id)'],
  },
  {
    fixture: 'prisma', convention: 'prisma', transaction: 'per-file',
    order: ['prisma/migrations/202604211430_init/migration.sql', 'prisma/migrations/202604221015_add_email/migration.sql'],
    tables: ['public.User(id,email)'],
  },
  {
    // Prisma sorts folder names as strings, as its migrate does: 10_ before 1_.
    fixture: 'prisma-numbered', convention: 'prisma', transaction: 'per-file',
    order: ['prisma/migrations/10_add_c/migration.sql', 'prisma/migrations/1_init/migration.sql', 'prisma/migrations/2_add_b/migration.sql'],
    tables: ['public.a(id)', 'public.b(id)', 'public.c(id)'],
  },
  {
    // The Supabase preset's baseline (auth.users and friends) is not shown: only what migrations make.
    fixture: 'supabase', convention: 'supabase', transaction: 'per-file', preset: 'supabase',
    order: ['supabase/migrations/20240101120000_init.sql', 'supabase/migrations/20240301120000_add_orders.sql'],
    tables: ['public.orders(id)', 'public.profiles(id)'],
  },
  {
    fixture: 'generic', convention: 'generic', transaction: 'per-file',
    order: ['migrations/001_create_users.sql', 'migrations/002_add_email.sql'],
    tables: ['public.users(id,email)'],
  },
];

const readFromDisk = (path: string): string | undefined => {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
};

const tablesOf = (res: PreviewResult): string[] =>
  res.schema.schemas.flatMap((s) => s.tables.map((t) => `${s.name}.${t.name}(${t.columns.map((c) => c.name).join(',')})`)).sort();

describe('preview of each convention, from layout detection', function () {
  this.timeout(120_000);
  const runner = new PreviewRunner(undefined, { cacheDir: join(tmpdir(), 'migration-lens-test') });
  after(() => runner.close());

  for (const c of CASES) {
    it(`${c.fixture}: ${c.convention} order, ${c.transaction} transactions${c.preset ? ', Supabase preset' : ''}`, async () => {
      const root = join(FIXTURES, c.fixture);
      const sets = detectSets(root, defaultConfig());
      assert.equal(sets.length, 1, `one set in ${c.fixture}`);
      assert.equal(sets[0].convention, c.convention);
      const input = previewInputForSet(sets[0], defaultConfig(), readFromDisk);
      assert.equal(input.transaction, c.transaction);
      assert.equal(input.preset, c.preset);

      const res = await runner.run(input);
      assert.equal(res.error, undefined, res.error?.message);
      assert.deepEqual(res.files.map((f) => [relative(root, f.path), f.status]), c.order.map((p) => [p, 'applied']));
      assert.deepEqual(tablesOf(res), c.tables);
    });
  }

  it('monorepo: a Drizzle app and a Supabase service, each its own set with its own settings', async () => {
    const root = join(FIXTURES, 'monorepo');
    const sets = detectSets(root, defaultConfig()).sort((a, b) => a.relRoot.localeCompare(b.relRoot));
    assert.deepEqual(sets.map((s) => [s.relRoot, s.convention]), [['apps/api/drizzle', 'drizzle'], ['services/billing/supabase/migrations', 'supabase']]);
    const results: string[][] = [];
    for (const set of sets) {
      const input = previewInputForSet(set, defaultConfig(), readFromDisk);
      const res = await runner.run(input);
      assert.equal(res.error, undefined, res.error?.message);
      results.push(tablesOf(res));
    }
    assert.deepEqual(results, [['public.accounts(id)'], ['public.invoices(id)']]);
  });
});
