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
import { previewInputForSet } from '../../../server/src/preview/from-set';
import { PreviewRunner } from '../../../server/src/preview/runner';
import type { PreviewResult } from '../../../server/src/preview/types';
import { CONVENTION_CASES, MORE_CONVENTION_CASES } from '../../fixtures/conventions';

const CASES = [...CONVENTION_CASES, ...MORE_CONVENTION_CASES];
import { FIXTURES } from '../layout/helpers';

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

  it('golang-migrate: each file runs as one query, so CONCURRENTLY fails only in a file of several statements', async () => {
    const root = join(FIXTURES, '../realistic/golang-migrate');
    const [set] = detectSets(root, defaultConfig());
    assert.equal(set.convention, 'up-down');
    const input = previewInputForSet(set, defaultConfig(), readFromDisk);
    assert.equal(input.transaction, 'script');
    const res = await runner.run(input);
    // The self-wrapped file and the lone CREATE INDEX CONCURRENTLY apply; the two-statement file fails as on a server.
    assert.deepEqual(res.files.map((f) => [relative(root, f.path), f.status]), [
      ['db/migrations/1_create_users.up.sql', 'applied'],
      ['db/migrations/2_add_mood_to_users.up.sql', 'applied'],
      ['db/migrations/3_add_audit_log.up.sql', 'applied'],
      ['db/migrations/4_index_users_email_lower.up.sql', 'applied'],
      ['db/migrations/5_index_orders_status.up.sql', 'failed'],
    ]);
    assert.equal(res.error?.message, 'CREATE INDEX CONCURRENTLY cannot run inside a transaction block');
    assert.equal(res.error?.code, '25001');
    assert.deepEqual([res.error?.line, res.error?.column], [3, 1]);
    assert.deepEqual(tablesOf(res), ['public.audit_log(id,user_id,action,created_at)', 'public.orders(id,user_id,status)', 'public.users(user_id,username,email,mood,last_seen_at)']);
    const indexes = res.schema.schemas.flatMap((s) => s.tables.flatMap((t) => t.indexes.map((i) => i.name)));
    assert.ok(indexes.includes('users_email_lower_idx') && !indexes.includes('orders_status_idx'), indexes.join());
  });

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
