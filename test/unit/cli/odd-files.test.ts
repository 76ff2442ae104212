import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { buildCli, cleanScratch, FIXTURES, lintJson, runCli, scratchDir } from './run';

/** A scratch workspace with a migrations/ folder. */
function workspace(files: Record<string, string | Buffer>): string {
  const dir = scratchDir();
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), content);
  }
  return dir;
}

describe('cli: binary, empty, invalid, huge and special files', function () {
  this.timeout(60_000);
  before(async () => {
    await buildCli();
  });
  after(cleanScratch);

  it('a binary file gets one clear finding, not a parse', async () => {
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52]);
    const dir = workspace({ 'migrations/0001_logo.sql': png });
    const { status, findings } = await lintJson([], dir);
    assert.equal(status, 0, 'a warning does not fail the run');
    assert.deepEqual(
      findings.map((f) => [f.ruleId, f.line, f.column, f.message]),
      [['unlintable-file', 1, 1, 'Binary file (it contains NUL bytes): not linted.']],
    );
  });

  it('an empty file gets the empty-migration finding', async () => {
    const { status, findings } = await lintJson(['odd/empty.sql'], FIXTURES);
    assert.equal(status, 0);
    assert.deepEqual(
      findings.map((f) => [f.file, f.ruleId, f.line, f.column]),
      [['odd/empty.sql', 'empty-migration', 1, 1]],
    );
  });

  it('invalid UTF-8 is decoded with replacement characters, said on stderr, and still linted', async () => {
    const body = '\nCREATE TABLE t (id bigint);\nALTER TABLE t ADD COLUMN ;\n';
    // 0xE9 is "é" in Latin-1, not valid UTF-8 on its own; the twin is the same file in ASCII.
    const dir = workspace({
      'migrations/0001_latin1.sql': Buffer.concat([Buffer.from('-- caf'), Buffer.from([0xe9]), Buffer.from(body)]),
      'migrations/0002_ascii.sql': `-- cafe${body}`,
    });
    const r = await lintJson([], dir);
    assert.match(r.stderr, /migrations\/0001_latin1\.sql: not valid UTF-8; linted with the invalid bytes replaced by U\+FFFD/);
    assert.ok(!r.stderr.includes('0002_ascii'));
    const syntax = r.findings.filter((f) => f.ruleId === 'syntax-error').map((f) => [f.file, f.line, f.column]);
    assert.deepEqual(syntax, [
      ['migrations/0001_latin1.sql', 3, 25],
      ['migrations/0002_ascii.sql', 3, 25],
    ]);
    assert.equal(r.status, 1);
  });

  it('a 20 MB file answers quickly with a clear message', async function () {
    const line = "INSERT INTO events (kind, payload) VALUES ('signup', '{\"plan\": \"pro\"}');\n";
    const dir = workspace({ 'migrations/0001_dump.sql': line.repeat(Math.ceil((20 * 1024 * 1024) / line.length)) });
    const r = await runCli(['lint'], { cwd: dir });
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /1:1 +warning +unlintable-file +File too large to lint: 20\.0 MB is over the 2\.0 MB limit \("maxFileSize" in \.migration-lens\.json\)\./);
    assert.ok(r.ms < 10_000, `took ${r.ms} ms`);
  });

  it('maxFileSize from the configuration is respected', async () => {
    const dir = workspace({
      '.migration-lens.json': '{ "maxFileSize": 64 }',
      'migrations/0001_users.sql': 'CREATE TABLE IF NOT EXISTS users (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, email text NOT NULL);\n',
    });
    const { findings } = await lintJson([], dir);
    assert.deepEqual(findings.map((f) => f.ruleId), ['unlintable-file']);
    assert.match(findings[0].message, /File too large to lint/);
  });

  it('a file that is not a regular file (a FIFO) is refused with exit 2 instead of hanging', async () => {
    const dir = workspace({ 'migrations/0001_ok.sql': 'SELECT 1;\n' });
    execFileSync('mkfifo', [path.join(dir, 'migrations/0002_pipe.sql')]);
    const r = await runCli(['lint', 'migrations/0002_pipe.sql', 'migrations/0001_ok.sql'], { cwd: dir });
    assert.equal(r.status, 2);
    assert.match(r.stderr, /migrations\/0002_pipe\.sql: not a regular file/);
    assert.equal(r.stdout, 'No problems found in 1 file.\n', 'the other files are still linted');
  });

  it('no migration files at all is an error (a CI job linting nothing must not pass), unless --allow-empty', async () => {
    const dir = workspace({ 'README.md': '# nothing here\n' });
    const r = await runCli(['lint'], { cwd: dir });
    assert.equal(r.status, 2);
    assert.match(r.stderr, /no migration files found in \. \(globs tried: \*\*\/migrations\/\*\*\/\*\.sql, /);
    assert.match(r.stderr, /pass --allow-empty if that is expected/);
    assert.equal(r.stdout, '');
    const allowed = await runCli(['lint', '--allow-empty'], { cwd: dir });
    assert.equal(allowed.status, 0);
    assert.equal(allowed.stdout, 'No problems found in 0 files.\n');
  });

  it('names the folders that look like migrations when the globs find none, for lint, check and schema', async () => {
    const dir = workspace({
      'src/app/sql/000_init.sql': 'CREATE TABLE IF NOT EXISTS a (id bigint);\n',
      'src/app/sql/001_b.sql': 'CREATE TABLE IF NOT EXISTS b (id bigint);\n',
      'src/app/sql/010_c.sql': 'CREATE TABLE IF NOT EXISTS c (id bigint);\n',
      'tools/sql/lookup.sql': 'SELECT 1;\n',
    });
    for (const command of ['lint', 'check', 'schema']) {
      const r = await runCli([command], { cwd: dir });
      assert.equal(r.status, 2, command);
      assert.match(r.stderr, /src\/app\/sql \(3 files\): add "src\/app\/sql\/\*\.sql" to "migrations" in \.migration-lens\.json/, command);
      assert.doesNotMatch(r.stderr, /tools\/sql/, 'one unnumbered script is no migration folder');
    }
    // Named on the command line, the folder is a set whatever its name.
    const named = await runCli(['lint', '--format', 'json', 'src/app/sql'], { cwd: dir });
    assert.equal(named.status, 0, named.stderr);
    const findings = JSON.parse(named.stdout) as { file: string; ruleId: string }[];
    assert.ok(findings.some((f) => f.ruleId === 'gap-in-numbering' && f.file === 'src/app/sql/010_c.sql'), 'set-level rules ran on it');
    const schema = await runCli(['schema', 'src/app/sql'], { cwd: dir });
    assert.equal(schema.status, 0, schema.stderr);
    assert.match(schema.stdout, /table a[^]*table b[^]*table c/);
  });
});
