/**
 * The packaged extension works on its own: `scripts/package.mjs` (npm run package) builds the
 * VSIX, the test unpacks it to a temp folder far from node_modules, and runs the packaged
 * dist/cli.js: `lint` (libpg-query's wasm) and `schema` (the worker, PGlite's wasm and data, and
 * the extension tarballs). Nothing may fall back to the repository's node_modules.
 */
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { cleanScratch, FIXTURES, REPO, scratchDir } from './run';

interface Packaged {
  vsix: string;
  /** The unpacked `extension/` folder. */
  root: string;
}

function sh(cmd: string, args: string[], cwd: string) {
  return spawnSync(cmd, args, { cwd, encoding: 'utf8', timeout: 120_000 });
}

function pack(): Packaged {
  const dir = scratchDir();
  const vsix = path.join(dir, 'migration-lens.vsix');
  const built = sh(process.execPath, [path.join(REPO, 'scripts/package.mjs'), `--out=${vsix}`], REPO);
  assert.equal(built.status, 0, built.stderr + built.stdout);
  const unzipped = sh('unzip', ['-q', vsix, '-d', path.join(dir, 'unpacked')], dir);
  assert.equal(unzipped.status, 0, unzipped.stderr);
  return { vsix, root: path.join(dir, 'unpacked/extension') };
}

describe('packaged VSIX', function () {
  this.timeout(180_000);
  let pkg: Packaged;
  before(() => {
    pkg = pack();
  });
  after(cleanScratch);

  const cli = (args: string[], cwd: string) => sh(process.execPath, [path.join(pkg.root, 'dist/cli.js'), ...args], cwd);

  it('holds the bundles, the wasm and data files, the manifest files and nothing from the sources', () => {
    const files = sh('unzip', ['-Z1', pkg.vsix], REPO).stdout.split('\n').filter(Boolean);
    for (const f of ['client.js', 'server.js', 'server-main.js', 'cli.js', 'preview-worker.js', 'libpg-query.wasm', 'pglite.wasm', 'pglite.data', 'initdb.wasm', 'pglite-ext/pgcrypto.tar.gz', 'pglite-ext/vector.tar.gz']) {
      assert.ok(files.includes(`extension/dist/${f}`), `dist/${f} is missing from the VSIX`);
    }
    for (const f of ['package.json', 'readme.md', 'changelog.md', 'LICENSE.txt', 'media/icon.png', 'snippets/sql.json', 'schema/migration-lens.schema.json']) {
      assert.ok(files.includes(`extension/${f}`), `${f} is missing from the VSIX`);
    }
    // README's relative links (screenshots, the rule reference, the performance notes) resolve in the package.
    const readme = readFileSync(path.join(REPO, 'README.md'), 'utf8');
    const linked = new Set([...readme.matchAll(/\]\(((?!https?:|#)[^)#\s]+)/g)].map((m) => m[1]));
    assert.ok(linked.has('docs/rules.md') && linked.has('docs/performance.md'), [...linked].join(', '));
    for (const f of linked) assert.ok(files.includes(`extension/${f}`), `README links to ${f}, missing from the VSIX`);
    const stray = files.filter((f) => /\.(map|ts)$/.test(f) || /^extension\/(client|server|test|node_modules|bench|scripts)\//.test(f) || f.includes('dist/test/'));
    assert.deepEqual(stray, [], 'source maps, sources and tests stay out of the VSIX');
    const mb = statSync(pkg.vsix).size / 1024 / 1024;
    assert.ok(mb < 15, `the VSIX is ${mb.toFixed(1)} MB`);
    console.log(`      VSIX: ${mb.toFixed(2)} MB, ${files.length} entries`);
  });

  it('declares the icon, the trust capability and the version the package.json of the repo has', () => {
    const manifest = JSON.parse(readFileSync(path.join(pkg.root, 'package.json'), 'utf8'));
    const repo = JSON.parse(readFileSync(path.join(REPO, 'package.json'), 'utf8'));
    assert.equal(manifest.version, repo.version);
    assert.ok(existsSync(path.join(pkg.root, manifest.icon)), `icon ${manifest.icon}`);
    assert.equal(manifest.capabilities.untrustedWorkspaces.supported, 'limited');
  });

  // A command's mistake is raised in its own bundle (dist/cli-lint.js, dist/cli-commands.js) and
  // reported by dist/cli.js's dispatch: the single-file bundle of run.ts cannot show that it is recognised.
  it('its CLI reports a usage error raised in any command bundle as such, without a stack trace', () => {
    const cases: [string[], string, string][] = [
      [['lint', '--format', 'bogus', 'x.sql'], 'lint', '--format must be one of text, json, github, sarif, gitlab, junit (got "bogus")'],
      [['lint', '--rule', 'nonsense=x', 'x.sql'], 'lint', '--rule: unknown rule "nonsense"'],
      [['check', 'a', 'b'], 'check', 'expects at most one folder'],
      [['schema', 'a', 'b'], 'schema', 'expects at most one folder'],
      [['status', '--timeout', '0'], 'status', '--timeout must be a number of milliseconds between 1 and 600000 (got "0")'],
      [['new'], 'new', 'describe the migration, e.g. migration-lens new add users email'],
    ];
    for (const [args, command, message] of cases) {
      const r = cli(args, path.join(FIXTURES, 'project'));
      assert.equal(r.stderr, `migration-lens ${command}: ${message}\nRun "migration-lens ${command} --help" for usage.\n`, args.join(' '));
      assert.equal(r.status, 2, args.join(' '));
      assert.equal(r.stdout, '', args.join(' '));
    }
  });

  it('its CLI lints a fixture project with the packaged parser', () => {
    const r = cli(['lint', '--format', 'json'], path.join(FIXTURES, 'project'));
    assert.equal(r.status, 1, r.stderr);
    const ids = new Set((JSON.parse(r.stdout) as { ruleId: string }[]).map((f) => f.ruleId));
    assert.ok(ids.has('create-table-without-if-not-exists') && ids.has('syntax-error'), [...ids].join(', '));
  });

  it('its CLI lints a file beside its history the same again from its caches (lint\'s code cache, the history\'s events)', () => {
    const cache = scratchDir();
    const run = () => spawnSync(process.execPath, [path.join(pkg.root, 'dist/cli.js'), 'lint', '--format', 'json', 'db/init/02_products.sql'], { cwd: path.join(FIXTURES, 'project'), encoding: 'utf8', timeout: 120_000, env: { ...process.env, XDG_CACHE_HOME: cache } });
    const first = run();
    assert.ok(first.status === 0 || first.status === 1, first.stderr);
    assert.equal(readdirSync(path.join(cache, 'migration-lens/code')).filter((f) => f.startsWith('cli-lint-')).length, 1, 'the code cache of dist/cli-lint.js');
    assert.equal(readdirSync(path.join(cache, 'migration-lens/lint-history')).length, 1, 'the events of 01_extensions.sql');
    const second = run();
    assert.equal(second.stderr, first.stderr);
    assert.equal(second.stdout, first.stdout);
  });

  it('its CLI previews a set that loads PGlite extensions (pgcrypto, pgvector) from the packaged tarballs', () => {
    const ws = scratchDir();
    mkdirSync(path.join(ws, 'db'));
    for (const f of ['001_crypto.sql', '002_vector.sql']) cpSync(path.join(REPO, 'test/fixtures/preview/extensions', f), path.join(ws, 'db', f));
    const r = cli(['schema'], ws);
    assert.equal(r.status, 0, r.stderr + r.stdout);
    assert.match(r.stdout, /^ {2}table tokens$/m);
    assert.match(r.stdout, /^ {4}embedding vector\(3\)$/m);
  });
});
