import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { buildCli, cleanScratch, FIXTURES, lintJson, REPO, runCli, scratchDir } from './run';

const PROJECT = path.join(FIXTURES, 'project');
const CLEAN = path.join(FIXTURES, 'clean');

describe('cli: migration-lens lint', function () {
  this.timeout(60_000);
  before(async () => {
    await buildCli();
  });
  after(cleanScratch);

  it('lints the config globs of the working directory, grouped by file, with a summary', async () => {
    const r = await runCli(['lint'], { cwd: PROJECT });
    assert.equal(r.status, 1, r.stderr);
    const lines = r.stdout.split('\n');
    // scripts/adhoc.sql matches no migration glob, so it is not linted.
    assert.ok(!r.stdout.includes('adhoc.sql'));
    const header = lines.indexOf('db/init/02_products.sql');
    assert.ok(header >= 0, r.stdout);
    assert.match(lines[header + 1], /^ {2}2:26 +warning +create-table-without-if-not-exists +CREATE TABLE catalogue\.products fails/);
    const broken = lines.indexOf('migrations/0003_add_orders.sql');
    assert.ok(broken > header, 'files are sorted');
    assert.ok(lines.slice(broken + 1).some((l) => /^ {2}8:75 +error +syntax-error +syntax error at end of input$/.test(l)), r.stdout);
    assert.match(r.stdout, /\d+ errors?, \d+ warnings? in \d+ files? \(3 files checked\)\n$/);
    assert.ok(!r.stdout.includes('\x1b['), 'no color when stdout is not a terminal');
  });

  it('reports 1-based line and UTF-16 column after accents, CJK and emoji', async () => {
    const { findings } = await lintJson(['db/init/02_products.sql', 'migrations/0003_add_orders.sql'], PROJECT);
    const create = findings.find((f) => f.ruleId === 'create-table-without-if-not-exists');
    // Line 2 is `/* préparé par Zoë 🍰 */ CREATE TABLE …`: 🍰 counts as two UTF-16 code units.
    assert.deepEqual(create && [create.line, create.column, create.endLine, create.endColumn], [2, 26, 2, 59]);
    const syntax = findings.find((f) => f.ruleId === 'syntax-error');
    // PostgreSQL reports a byte offset; after 'à emporter ☕🥐' the `;` is column 75 in UTF-16 units.
    assert.deepEqual(syntax && [syntax.file, syntax.line, syntax.column], ['migrations/0003_add_orders.sql', 8, 75]);
  });

  it('exits 0 on a clean set', async () => {
    const r = await runCli(['lint'], { cwd: CLEAN });
    assert.equal(r.status, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /No problems found in 1 file\.|in 1 file \(1 file checked\)/);
  });

  it('--fail-on decides which severities fail the run', async () => {
    const file = ['db/init/02_products.sql'];
    assert.equal((await runCli(['lint', ...file], { cwd: PROJECT })).status, 0, 'a warning passes with --fail-on error');
    assert.equal((await runCli(['lint', '--fail-on', 'warning', ...file], { cwd: PROJECT })).status, 1);
    assert.equal((await runCli(['lint', '--fail-on', 'none', 'migrations'], { cwd: PROJECT })).status, 0);
    assert.equal((await runCli(['lint', '--max-warnings', '0', ...file], { cwd: PROJECT })).status, 1);
  });

  it('--quiet reports errors only', async () => {
    const { findings } = await lintJson(['--quiet'], PROJECT);
    assert.ok(findings.length > 0);
    assert.ok(findings.every((f) => f.severity === 'error'), JSON.stringify(findings));
    assert.ok(findings.some((f) => f.ruleId === 'syntax-error'));
  });

  it('--rule id=severity overrides the configuration', async () => {
    const off = await lintJson(['--rule', 'create-table-without-if-not-exists=off', 'db/init'], PROJECT);
    assert.ok(!off.findings.some((f) => f.ruleId === 'create-table-without-if-not-exists'));
    const err = await lintJson(['--rule', 'create-table-without-if-not-exists=error', 'db/init'], PROJECT);
    assert.equal(err.findings.find((f) => f.ruleId === 'create-table-without-if-not-exists')?.severity, 'error');
    assert.equal(err.status, 1);
  });

  it('--config reads another file with the same loader as the editor (severity override)', async () => {
    const r = await lintJson(['--config', 'strict.migration-lens.json', 'db/init/02_products.sql'], PROJECT);
    assert.equal(r.findings.find((f) => f.ruleId === 'create-table-without-if-not-exists')?.severity, 'error');
    assert.equal(r.status, 1);
  });

  it('refuses a configuration file that is not valid JSON (exit 2, message names the file and line)', async () => {
    const r = await runCli(['lint', '--config', 'broken.migration-lens.json'], { cwd: PROJECT });
    assert.equal(r.status, 2);
    assert.match(r.stderr, /broken\.migration-lens\.json:\d+: invalid JSON/);
    assert.equal(r.stdout, '');
  });

  it('prints other configuration problems and goes on with the usable part', async () => {
    const dir = scratchDir();
    writeFileSync(path.join(dir, '.migration-lens.json'), '{ "colour": true, "rules": { "create-table-without-if-not-exists": "error" } }');
    mkdirSync(path.join(dir, 'migrations'));
    writeFileSync(path.join(dir, 'migrations', '0001_users.sql'), 'CREATE TABLE users (id bigint PRIMARY KEY);\n');
    const r = await lintJson([], dir);
    assert.match(r.stderr, /\.migration-lens\.json: unknown setting "colour"/);
    assert.equal(r.findings.find((f) => f.ruleId === 'create-table-without-if-not-exists')?.severity, 'error');
    assert.equal(r.status, 1);
  });

  it('a file argument is linted even if it matches no glob; a directory gives its migrations; a glob what it matches', async () => {
    const file = await runCli(['lint', 'scripts/adhoc.sql'], { cwd: PROJECT });
    assert.deepEqual([file.status, file.stdout], [0, 'No problems found in 1 file.\n']);
    const root = await runCli(['lint', '--fail-on', 'none', '.'], { cwd: PROJECT });
    assert.match(root.stdout, /\(3 files checked\)\n$/, 'scripts/adhoc.sql is no migration');
    const dir = await runCli(['lint', '--fail-on', 'none', 'db'], { cwd: PROJECT });
    assert.match(dir.stdout, /^db\/init\/02_products\.sql\n[^]*\(2 files checked\)\n$/);
    // A folder named on the command line is a set whatever its name: scripts/ holds one .sql file.
    const named = await runCli(['lint', 'scripts'], { cwd: PROJECT });
    assert.deepEqual([named.status, named.stdout], [0, 'No problems found in 1 file.\n']);
    const empty = scratchDir();
    writeFileSync(path.join(empty, 'README.md'), '# no SQL here\n');
    const noMigrations = await runCli(['lint', empty], { cwd: PROJECT });
    assert.equal(noMigrations.status, 2);
    assert.match(noMigrations.stderr, /: no \.sql files in this directory, and none under it match the "migrations" globs/);
    const glob = await lintJson(['migrations/*.sql'], PROJECT);
    assert.deepEqual([...new Set(glob.findings.map((f) => f.file))], ['migrations/0003_add_orders.sql']);
  });

  it('accepts paths outside the working directory', async () => {
    const r = await lintJson(['../project/migrations/0003_add_orders.sql'], CLEAN);
    assert.equal(r.status, 1);
    assert.equal(r.findings.find((f) => f.ruleId === 'syntax-error')?.file, '../project/migrations/0003_add_orders.sql');
  });

  it('exits 2 naming a missing file, a glob without match, and usage mistakes', async () => {
    const missing = await runCli(['lint', 'migrations/9999_nope.sql'], { cwd: PROJECT });
    assert.equal(missing.status, 2);
    assert.match(missing.stderr, /migrations\/9999_nope\.sql: no such file or directory/);
    const noMatch = await runCli(['lint', 'nowhere/**/*.sql'], { cwd: PROJECT });
    assert.equal(noMatch.status, 2);
    assert.match(noMatch.stderr, /nowhere\/\*\*\/\*\.sql: no files match/);
    for (const args of [['lint', '--format', 'xml'], ['lint', '--bogus'], ['lint', '--rule', 'no-such-rule=error'], ['lint', '--rule', 'syntax-error=loud'], ['frobnicate']]) {
      const r = await runCli(args, { cwd: PROJECT });
      assert.equal(r.status, 2, args.join(' '));
      assert.ok(r.stderr.length > 0 && r.stdout === '', args.join(' '));
    }
    const noConfig = await runCli(['lint', '--config', 'missing.json'], { cwd: PROJECT });
    assert.equal(noConfig.status, 2);
    assert.match(noConfig.stderr, /missing\.json: configuration file not found/);
  });

  it('names a misspelt rule id with the closest one (--rule and the configuration file), and accepts the proof ids', async () => {
    const typo = await runCli(['lint', '--rule', 'drop-tabel=off', 'db/init'], { cwd: PROJECT });
    assert.equal(typo.status, 2);
    assert.match(typo.stderr, /--rule: unknown rule "drop-tabel" \(did you mean "drop-table"\?\)/);
    const proof = await runCli(['lint', '--rule', 'proof-lock=off', '--format', 'json', 'db/init'], { cwd: PROJECT });
    assert.notEqual(proof.status, 2, proof.stderr);
    assert.equal(proof.stderr, '');
    const dir = scratchDir();
    mkdirSync(path.join(dir, 'migrations'));
    writeFileSync(path.join(dir, 'migrations', '0001_init.sql'), 'CREATE TABLE IF NOT EXISTS t (id bigint PRIMARY KEY);\n');
    writeFileSync(path.join(dir, '.migration-lens.json'), '{\n  "rules": {\n    "many-tables-locked": { "options": { "threshold": 1 } },\n    "missing-lock-timout": "off"\n  }\n}\n');
    const r = await runCli(['lint', 'migrations'], { cwd: dir });
    assert.match(r.stderr, /\.migration-lens\.json:3: rules\.many-tables-locked\.options\.threshold must be a whole number of at least 2 \(got 1\)/);
    assert.match(r.stderr, /\.migration-lens\.json:4: unknown rule "missing-lock-timout" \(did you mean "missing-lock-timeout"\?\)/);
  });

  it('colors on request and honours --no-color and NO_COLOR', async () => {
    const colored = await runCli(['lint', '--color', 'db/init'], { cwd: PROJECT });
    assert.ok(colored.stdout.includes('\x1b[33mwarning'), colored.stdout);
    const off = await runCli(['lint', '--color', '--no-color', 'db/init'], { cwd: PROJECT });
    assert.ok(!off.stdout.includes('\x1b['));
    const env = await runCli(['lint', 'db/init'], { cwd: PROJECT, env: { NO_COLOR: '1' } });
    assert.ok(!env.stdout.includes('\x1b['));
  });

  it('has --help per command and --version', async () => {
    const version = JSON.parse(readFileSync(path.join(REPO, 'package.json'), 'utf8')).version as string;
    const v = await runCli(['--version'], { cwd: PROJECT });
    assert.deepEqual([v.status, v.stdout], [0, `${version}\n`]);
    const help = await runCli(['--help'], { cwd: PROJECT });
    assert.equal(help.status, 0);
    assert.match(help.stdout, /Commands:\n {2}lint /);
    const lintHelp = await runCli(['lint', '--help'], { cwd: PROJECT });
    assert.equal(lintHelp.status, 0);
    assert.match(lintHelp.stdout, /Usage: migration-lens lint /);
    assert.match(lintHelp.stdout, /--fail-on <severity>/);
    const none = await runCli([], { cwd: PROJECT });
    assert.equal(none.status, 2);
    assert.match(none.stderr, /Usage: migration-lens <command>/);
  });

  it('runs as an executable (the package bin) thanks to the shebang', async () => {
    const cli = await buildCli();
    chmodSync(cli, statSync(cli).mode | 0o111);
    const r = spawnSync(cli, ['lint', 'migrations'], { cwd: PROJECT, encoding: 'utf8' });
    assert.equal(r.status, 1, r.stderr);
    assert.match(r.stdout, /syntax-error/);
  });
});
