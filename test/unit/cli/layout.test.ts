import * as assert from 'node:assert/strict';
import { cpSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { cleanScratch, REPO, lintJson, scratchDir } from './run';

const LAYOUTS = path.join(REPO, 'test/fixtures/layouts');
const lintFixture = (fixture: string) => lintJson([], path.join(LAYOUTS, fixture));

describe('cli: lint over migration sets', function () {
  this.timeout(120_000);
  after(cleanScratch);

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

  it("reports a down file's syntax error once: as syntax-error, or as down-does-not-parse where syntax-error is off", async () => {
    const parseErrors = (findings: { ruleId: string; file: string; line: number; column: number }[]) =>
      findings.filter((f) => f.ruleId === 'syntax-error' || f.ruleId === 'down-does-not-parse').map((f) => `${f.ruleId} ${path.basename(f.file)}:${f.line}:${f.column}`);
    assert.deepEqual(parseErrors((await lintFixture('up-down')).findings), ['syntax-error 001_initial_schema.down.sql:1:6']);
    const dir = scratchDir();
    cpSync(path.join(LAYOUTS, 'up-down'), dir, { recursive: true });
    writeFileSync(path.join(dir, '.migration-lens.json'), JSON.stringify({ rules: { 'syntax-error': 'off' } }));
    assert.deepEqual(parseErrors((await lintJson([], dir)).findings), ['down-does-not-parse 001_initial_schema.down.sql:1:6']);
  });

  it('a folder argument outside the working directory is linted with its set: its layout findings too', async () => {
    // From the drizzle-v5 fixture, lint the up-down fixture's folder: the missing down file is
    // found there, and nothing of the working directory's own sets (its journal finding) appears.
    const { findings } = await lintJson(['../up-down/backend/src/db/migrations'], path.join(LAYOUTS, 'drizzle-v5'));
    const missing = findings.filter((f) => f.ruleId === 'missing-down-migration');
    assert.deepEqual(missing.map((f) => f.file), ['../up-down/backend/src/db/migrations/002_seed_demo_data.up.sql']);
    assert.ok(!findings.some((f) => f.ruleId === 'journal-missing-file'), JSON.stringify(findings.map((f) => f.ruleId)));
  });
});

