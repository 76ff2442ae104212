/**
 * `migration-lens check` end to end: lint (per-file and set-level findings) plus apply in the
 * bundled preview worker; exit status and every output format, apply errors included.
 */
import { strict as assert } from 'node:assert';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { buildCli, REPO, runCli, type JsonFinding } from './run';

const FIXTURES = path.join(REPO, 'test/fixtures/preview-cli');
const at = (name: string) => ({ cwd: path.join(FIXTURES, name) });

/**
 * Scratch workspaces of this file. Not run.ts's scratchDir(): its cleanScratch() would also
 * delete the directories later test files create when their modules load (files.test.ts).
 */
const scratch: string[] = [];

/** A scratch workspace holding these files (relative path → text). */
function workspace(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'ml-check-test-'));
  scratch.push(dir);
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    writeFileSync(path.join(dir, rel), text);
  }
  return dir;
}

describe('cli: check', function () {
  this.timeout(90_000);
  before(async () => {
    await buildCli();
  });
  after(() => {
    for (const dir of scratch.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  it('a set that lints below --fail-on and applies: exit 0, with the apply summary', async () => {
    const r = await runCli(['check'], at('good'));
    assert.equal(r.status, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /^✓ db \(numbered\): 3 files applied in \d+ ms$/m);
    // Lint findings are there too (one finding for both missing timeouts; idempotency findings are off in a numbered set).
    assert.match(r.stdout, /db\/2_posts\.sql\n\s+3:1\s+warning\s+missing-lock-timeout\s+[^\n]*neither lock_timeout nor statement_timeout set/);
    // posts.user_id's foreign key (2_posts.sql) is indexed by 10_posts_index.sql: no foreign-key-without-index.
    assert.doesNotMatch(r.stdout, /foreign-key-without-index/);
    assert.doesNotMatch(r.stdout, /create-table-without-if-not-exists/);
    const strict = await runCli(['check', '--fail-on', 'info'], at('good'));
    assert.equal(strict.status, 1, 'lint findings at or above --fail-on fail the check even when everything applies');
  });

  it('text: an apply error as file:line:col: error: with the hint, after the lint report; exit 1 even with --fail-on none', async () => {
    const r = await runCli(['check', '--fail-on', 'none'], at('failing'));
    assert.equal(r.status, 1);
    const lines = r.stdout.split('\n');
    const error = lines.findIndex((l) => l === 'db/2_seed.sql:3:8: error: function lens_missing_function(integer) does not exist [42883]');
    assert.ok(error > 0, r.stdout);
    assert.match(lines[error + 1], /^ {2}HINT: No function matches the given name and argument types\./);
    assert.match(lines[error + 2], /^✗ db \(numbered\): failed at db\/2_seed\.sql:3 after 1 of 2 files \(\d+ ms\)$/);
    // The fixture's .migration-lens.json turns the idempotency findings on (off by default in a numbered set).
    const lint = lines.findIndex((l) => /insert-without-on-conflict/.test(l));
    assert.ok(lint >= 0 && lint < error, 'lint findings first');
  });

  it('json: the apply error is a finding with rule id apply-error at the failing position', async () => {
    const r = await runCli(['check', '--format', 'json'], at('failing'));
    assert.equal(r.status, 1);
    const findings = JSON.parse(r.stdout) as JsonFinding[];
    const apply = findings.filter((f) => f.ruleId === 'apply-error');
    assert.equal(apply.length, 1);
    assert.equal(apply[0].file, 'db/2_seed.sql');
    assert.deepEqual([apply[0].line, apply[0].column, apply[0].severity], [3, 8, 'error']);
    assert.match(apply[0].message, /^function lens_missing_function\(integer\) does not exist\nHINT: No function matches/);
    assert.match(apply[0].message, /\nSQLSTATE: 42883$/, 'PostgreSQL\'s SQLSTATE ends the message, as in the editor');
    assert.ok(findings.some((f) => f.ruleId === 'insert-without-on-conflict' && f.file === 'db/2_seed.sql'), 'lint findings in the same list');
  });

  it('github and sarif: the apply error is an annotation / a result like any finding', async () => {
    const gh = await runCli(['check', '--format', 'github'], at('failing'));
    assert.equal(gh.status, 1);
    assert.match(gh.stdout, /^::error file=db\/2_seed\.sql,line=3,col=8,endLine=3,endColumn=\d+,title=apply-error::function lens_missing_function\(integer\) does not exist%0AHINT: /m);

    const sarif = await runCli(['check', '--format', 'sarif'], at('failing'));
    assert.equal(sarif.status, 1);
    const results = (JSON.parse(sarif.stdout) as { runs: { results: { ruleId: string; level: string; locations: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number; startColumn: number } } }[] }[] }[] }).runs[0].results;
    const apply = results.find((x) => x.ruleId === 'apply-error');
    assert.ok(apply, 'an apply-error result');
    assert.equal(apply.level, 'error');
    const loc = apply.locations[0].physicalLocation;
    assert.deepEqual([loc.artifactLocation.uri, loc.region.startLine, loc.region.startColumn], ['db/2_seed.sql', 3, 8]);
  });

  it('an extension PGlite lacks is a warning note: the set applies, exit 0 unless --fail-on warning', async () => {
    const dir = workspace({
      'db/001_places.sql': 'CREATE EXTENSION IF NOT EXISTS postgis;\nCREATE TABLE IF NOT EXISTS places (id bigint PRIMARY KEY, name text);\n',
    });
    const r = await runCli(['check', '--format', 'json'], { cwd: dir });
    assert.equal(r.status, 0, r.stdout + r.stderr);
    const notes = (JSON.parse(r.stdout) as JsonFinding[]).filter((f) => f.ruleId === 'apply-note');
    assert.deepEqual(notes.map((f) => [f.severity, f.line, f.column]), [['warning', 1, 1]]);
    assert.match(notes[0].message, /PGlite has no postgis/);
    const strict = await runCli(['check', '--fail-on', 'warning'], { cwd: dir });
    assert.equal(strict.status, 1);
    assert.match(strict.stdout, /db\/001_places\.sql:1:1: warning: PGlite has no postgis/);
  });

  it('a lint error fails the check although the set applies; set-level layout findings are included', async () => {
    const dir = workspace({
      'db/1_a.sql': 'CREATE TABLE a (id bigint PRIMARY KEY);\n',
      'db/1_b.sql': 'CREATE TABLE b (id bigint PRIMARY KEY);\n',
      'db/2_drop.sql': 'DROP TABLE a;\n',
    });
    const r = await runCli(['check', '--format', 'json'], { cwd: dir });
    assert.equal(r.status, 1, r.stderr);
    const findings = JSON.parse(r.stdout) as JsonFinding[];
    assert.ok(findings.some((f) => f.ruleId === 'drop-table' && f.severity === 'error' && f.file === 'db/2_drop.sql'), r.stdout);
    assert.ok(findings.some((f) => f.ruleId === 'duplicate-migration-number'), 'the layout rules run on the set');
    assert.ok(!findings.some((f) => f.ruleId === 'apply-error'), 'the set applies');
  });

  it('an unreadable setup file is reported and fails the check', async () => {
    const dir = workspace({
      'db/1_a.sql': 'CREATE TABLE IF NOT EXISTS a (id bigint PRIMARY KEY);\n',
      '.migration-lens.json': JSON.stringify({ preview: { setupSql: 'nope.sql' } }),
    });
    const r = await runCli(['check'], { cwd: dir });
    assert.equal(r.status, 1);
    assert.match(r.stdout, /^✗ db \(numbered\): preview\.setupSql: cannot read nope\.sql/m);
  });
});
