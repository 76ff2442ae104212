import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { REPO, lintJson } from './run';

const LAYOUTS = path.join(REPO, 'test/fixtures/layouts');
const lintFixture = (fixture: string) => lintJson([], path.join(LAYOUTS, fixture));

describe('cli: lint over migration sets', function () {
  this.timeout(120_000);

  it('reports set-level findings on the file they concern (a journal entry without its file)', async () => {
    const { status, findings } = await lintFixture('drizzle-v5');
    assert.equal(status, 1);
    const journal = findings.filter((f) => f.ruleId === 'journal-missing-file');
    assert.equal(journal.length, 1);
    assert.equal(journal[0].file, 'drizzle/meta/_journal.json');
  });

  it('lints the members of a detected set even outside the migration globs', async () => {
    const { findings } = await lintFixture('drizzle-v5');
    assert.ok(findings.some((f) => f.file.startsWith('drizzle/') && f.file.endsWith('.sql')), JSON.stringify(findings.map((f) => f.file)));
  });

  it('reports a missing down file of an up/down set', async () => {
    const { findings } = await lintFixture('up-down');
    const missing = findings.filter((f) => f.ruleId === 'missing-down-migration');
    assert.deepEqual(missing.map((f) => path.basename(f.file)), ['002_seed_demo_data.up.sql']);
  });
});
