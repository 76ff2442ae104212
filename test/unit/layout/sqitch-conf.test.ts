import * as assert from 'node:assert/strict';
import { join } from 'node:path';
import { defaultConfig } from '../../../server/src/config';
import { CONVENTIONS } from '../../../server/src/layout/conventions';
import { detectSets, detectSetsHolding } from '../../../server/src/layout/detect';
import { readFromDisk } from '../../../server/src/layout/set-context';
import { parseSqitchConf, sqitchLayout } from '../../../server/src/layout/sqitch-conf';
import { verifiesOfSet } from '../../../server/src/preview/from-set';

describe('sqitch.conf', () => {
  it('reads sections, subsections and values as git config does', () => {
    const conf = parseSqitchConf('[core]\n\tengine = pg\n\ttop_dir = db   # the project\n; a comment\n[engine "pg"]\n\ttarget = db:pg:widgets\n\tdeploy_dir = "db/ddl"\n');
    assert.equal(conf.get('core.engine'), 'pg');
    assert.equal(conf.get('core.top_dir'), 'db');
    assert.equal(conf.get('engine.pg.deploy_dir'), 'db/ddl');
    assert.equal(conf.get('engine.pg.target'), 'db:pg:widgets');
  });

  it('lays out the project: top_dir, then each folder from the engine section or core, with sqitch\'s defaults', () => {
    const root = '/p';
    assert.deepEqual(sqitchLayout(root, parseSqitchConf('[core]\n\tengine = pg\n')), {
      topDir: '/p', plan: join('/p', 'sqitch.plan'), deploy: join('/p', 'deploy'), revert: join('/p', 'revert'), verify: join('/p', 'verify'),
    });
    assert.deepEqual(sqitchLayout(root, parseSqitchConf('[core]\n\tengine = pg\n\ttop_dir = migrations\n')), {
      topDir: '/p/migrations', plan: '/p/migrations/sqitch.plan', deploy: '/p/migrations/deploy', revert: '/p/migrations/revert', verify: '/p/migrations/verify',
    });
    // engine.pg wins over core; plan_file and the folders are relative to the project, not to top_dir.
    const conf = parseSqitchConf('[core]\n\tengine = pg\n\ttop_dir = sql\n\tverify_dir = checks\n[engine "pg"]\n\tdeploy_dir = sql/up\n\tplan_file = sql/plan.txt\n');
    assert.deepEqual(sqitchLayout(root, conf), { topDir: '/p/sql', plan: '/p/sql/plan.txt', deploy: '/p/sql/up', revert: '/p/sql/revert', verify: '/p/checks' });
  });
});

describe('a sqitch project laid out by sqitch.conf', () => {
  const ROOT = join(__dirname, '../../fixtures/layouts/sqitch-conf');

  it('finds the plan and scripts where top_dir, plan_file and deploy_dir put them, the revert and verify scripts paired', () => {
    const [set, ...others] = detectSets(ROOT, defaultConfig());
    assert.equal(others.length, 0);
    assert.deepEqual([set.relRoot, set.convention], ['db', 'sqitch']);
    assert.deepEqual(set.files.map((f) => [f.relPath, f.downPath && f.downPath.slice(ROOT.length + 1)]), [
      ['db/ddl/schema.sql', 'db/revert/schema.sql'],
      ['db/ddl/widgets.sql', 'db/revert/widgets.sql'],
    ]);
    assert.deepEqual(Object.values(verifiesOfSet(set, readFromDisk)).map((v) => v.path.slice(ROOT.length + 1)), ['db/verify/schema.sql', 'db/verify/widgets.sql']);
    // New Migration writes into the same folders.
    assert.deepEqual((CONVENTIONS.sqitch.naming.files!(set, 'gadgets') ?? []).map((f) => f.rel), ['ddl/gadgets.sql', 'revert/gadgets.sql']);
    // lint <file> on one script finds the same set.
    assert.deepEqual(detectSetsHolding(ROOT, defaultConfig(), [join(ROOT, 'db/ddl/widgets.sql')]).map((s) => s.files.length), [2]);
  });
});
