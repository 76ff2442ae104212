/**
 * `sets` in `.migration-lens.json`: folders one runner applies, in order, to one database
 * (a platform's init scripts, then its migrations) are one set: later folders see the objects of
 * earlier ones, each folder keeps its own numbering, and a bad entry gets a clear message.
 */
import * as assert from 'node:assert/strict';
import { join } from 'node:path';
import { loadConfigFile, parseConfigText, resolveConfig } from '../../../server/src/config';
import { detectSets, detectSetsHolding } from '../../../server/src/layout/detect';
import { lintSet } from '../../../server/src/layout/lint-set';
import { SetContexts } from '../../../server/src/layout/set-context';
import { cleanTemp, readFromDisk, tempDir, write } from './helpers';

function platform(config: unknown): string {
  const root = tempDir();
  write(root, '.migration-lens.json', JSON.stringify(config));
  write(root, 'init-scripts/01_schema.sql', 'CREATE SCHEMA app;\n');
  write(root, 'init-scripts/02_tenants.sql', 'CREATE TABLE app.tenants (id bigint PRIMARY KEY);\n');
  write(root, 'migrations/001_projects.sql', 'CREATE TABLE app.projects (id bigint PRIMARY KEY, tenant_id bigint REFERENCES app.tenants (id));\n');
  write(root, 'migrations/002_drop.sql', 'DROP TABLE app.tenants CASCADE;\n');
  return root;
}

function configOf(root: string) {
  const loaded = loadConfigFile(join(root, '.migration-lens.json'));
  assert.deepEqual(loaded.problems, []);
  return resolveConfig(loaded.config);
}

describe('sets in the configuration', () => {
  after(cleanTemp);

  it('joins the folders, in the order given, into one set with its convention and name', () => {
    const root = platform({ sets: [{ name: 'platform', folders: ['init-scripts', 'migrations/'], convention: 'numbered' }] });
    const sets = detectSets(root, configOf(root));
    assert.equal(sets.length, 1);
    const [set] = sets;
    assert.equal(set.name, 'platform');
    assert.equal(set.convention, 'numbered');
    assert.equal(set.configured, true);
    assert.equal(set.relRoot, 'migrations', 'new migrations go into the last folder');
    assert.deepEqual(set.files.map((f) => f.relPath), ['init-scripts/01_schema.sql', 'init-scripts/02_tenants.sql', 'migrations/001_projects.sql', 'migrations/002_drop.sql']);
    assert.deepEqual(set.parts?.map((p) => p.relRoot), ['init-scripts', 'migrations']);
  });

  it('without sets, migrations/ is a set of its own and init-scripts/ none (its objects are missing there)', () => {
    const root = platform({});
    const sets = detectSets(root, configOf(root));
    assert.deepEqual(sets.map((s) => [s.relRoot, s.files.length]), [['migrations', 2]]);
  });

  it('the second folder sees the objects of the first', () => {
    const root = platform({ sets: [{ folders: ['init-scripts', 'migrations'], convention: 'numbered' }] });
    const [set] = detectSets(root, configOf(root));
    const context = new SetContexts({ read: readFromDisk }).contextOf([set], join(root, 'migrations/001_projects.sql'));
    assert.ok(context, 'the migration has a set context');
    const prior = [...(context.priorObjects?.() ?? [])];
    assert.ok(prior.some((k) => k.includes('app.tenants')), `objects before: ${prior.join(', ')}`);
  });

  it('a file named on its own (lint <file>) gets the whole joined set', () => {
    const root = platform({ sets: [{ folders: ['init-scripts', 'migrations'], convention: 'numbered' }] });
    const sets = detectSetsHolding(root, configOf(root), [join(root, 'migrations/002_drop.sql')]);
    assert.equal(sets.length, 1);
    assert.equal(sets[0].files.length, 4);
  });

  it('each folder keeps its own numbering: 01, 02 then 001, 002 is no duplicate and no gap', () => {
    const root = platform({ sets: [{ folders: ['init-scripts', 'migrations'], convention: 'numbered' }] });
    const config = configOf(root);
    const [set] = detectSets(root, config);
    const ids = [...lintSet(set, config, readFromDisk).values()].flat().map((f) => f.ruleId);
    assert.ok(!ids.includes('duplicate-migration-number') && !ids.includes('gap-in-numbering'), ids.join(', '));
  });

  it('a folder of any name is a set when named in sets (even outside the migration globs)', () => {
    const root = tempDir();
    write(root, 'src/app/sql/000_init.sql', 'CREATE TABLE t (id int);\n');
    write(root, 'src/app/sql/001_more.sql', 'ALTER TABLE t ADD COLUMN x int;\n');
    write(root, '.migration-lens.json', JSON.stringify({ sets: [{ folders: ['src/app/sql'] }] }));
    const [set] = detectSets(root, configOf(root));
    assert.equal(set.relRoot, 'src/app/sql');
    assert.equal(set.files.length, 2);
    assert.equal(set.configured, false, 'the convention was detected');
  });

  it('explains bad entries: unknown convention (did you mean), missing folder, overlapping sets, bad shapes', () => {
    const root = platform({});
    write(root, 'seeds/01_x.sql', 'SELECT 1;\n');
    const text = JSON.stringify(
      {
        sets: [
          { folders: ['init-scripts', 'migrations'], convention: 'flyaway' },
          { folders: ['db/nowhere'] },
          { folders: ['migrations'] },
          { folders: ['seeds', './seeds'] },
          { folders: ['../outside'] },
          { folders: [] },
          { folder: ['migrations'] },
          'migrations',
        ],
      },
      null,
      2,
    );
    const { config, problems } = parseConfigText(text, 'cfg', root);
    const has = (re: RegExp) => assert.ok(problems.some((p) => re.test(p)), `${re} in:\n${problems.join('\n')}`);
    has(/^cfg:\d+: sets\[0\]\.convention: unknown convention "flyaway" \(did you mean "flyway"\?\)/);
    has(/sets\[1\]\.folders: "db\/nowhere" does not exist/);
    has(/sets\[2\]\.folders: "migrations" is already in sets\[0\]/);
    has(/sets\[3\]\.folders: "\.\/seeds" is listed twice in this set/);
    has(/sets\[4\]\.folders: "\.\.\/outside" must be a folder inside the workspace/);
    has(/sets\[5\]\.folders must be a non-empty array/);
    has(/unknown setting "sets\[6\]\.folder" \(did you mean "folders"\?\)/);
    has(/sets\[7\] must be an object/);
    // The bad entries are left out; the first one too (its convention is wrong), so nothing is joined by mistake.
    assert.equal(config.sets, undefined);
  });

  it('reports the line of a bad entry', () => {
    const { problems } = parseConfigText('{\n  "sets": [\n    { "folders": ["x"], "convention": "goos" }\n  ]\n}', 'cfg');
    assert.deepEqual(problems, ['cfg:3: sets[0].convention: unknown convention "goos" (did you mean "goose"?) (one of ' + problems[0].split('(one of ')[1]]);
  });

  it('the later layer replaces sets', () => {
    assert.deepEqual(resolveConfig({ sets: [{ folders: ['a'] }] }, { sets: [{ folders: ['b', 'c'] }] }).sets, [{ folders: ['b', 'c'] }]);
    assert.deepEqual(resolveConfig({}).sets, []);
  });
});
