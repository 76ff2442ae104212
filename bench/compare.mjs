// What each tool reports on the same files: every safety and idempotency rule's `bad` example
// and its `good` twin (the same change, written safely) from our rule docs, run through
// Migration Lens, squawk (npm squawk-cli, a devDependency) and the Postgres Language Server (its
// Linux x64 binary from npm, installed into bench/.cache on first use), each with its default
// configuration. Per tool: how many bad examples get at least one finding, and how many good
// twins get none. The examples are ours, so Migration Lens's figures on the bad ones are by
// construction; they say how far the others cover the same ground, not which tool is "better".
// Also times the Postgres Language Server's CLI on the 700-file corpus of bench/squawk.mjs.
//   node bench/compare.mjs      (needs `node esbuild.mjs` first; npm run bench builds)
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { cliCorpus } from './corpus.mjs';
import { median } from './stats.mjs';

const require = createRequire(import.meta.url);
const PLS_PACKAGE = '@postgres-language-server/cli-x86_64-linux-gnu@0.25.5';
const CACHE = resolve('bench/.cache');
mkdirSync(CACHE, { recursive: true });
await build({
  stdin: { contents: "export { ALL_RULES } from './server/src/rules/index';", resolveDir: resolve('.'), loader: 'ts' },
  bundle: true, platform: 'node', format: 'cjs', outfile: join(CACHE, 'rules.js'), logLevel: 'warning',
});
const { ALL_RULES } = require(join(CACHE, 'rules.js'));

const tools = {
  'Migration Lens': {
    run: (dir) => spawnSync(process.execPath, [resolve('dist/cli.js'), 'lint', dir, '--format', 'json', '--fail-on', 'none'], { encoding: 'utf8', maxBuffer: 1 << 30 }),
    findings: (out) => JSON.parse(out).map((f) => ({ file: f.file, rule: f.ruleId })),
  },
  squawk: {
    version: () => spawnSync(resolve('node_modules/.bin/squawk'), ['--version'], { encoding: 'utf8' }).stdout.trim(),
    run: (dir) => spawnSync(resolve('node_modules/.bin/squawk'), [`${dir}/*.sql`, '--reporter', 'json'], { encoding: 'utf8', maxBuffer: 1 << 30 }),
    findings: (out) => JSON.parse(out).map((f) => ({ file: f.file, rule: f.rule_name })),
  },
  'Postgres Language Server': {
    version: () => `Postgres Language Server ${PLS_PACKAGE.split('@').pop()}`,
    run: (dir) => spawnSync(plsBinary(), ['check', dir, '--reporter', 'json'], { encoding: 'utf8', maxBuffer: 1 << 30 }),
    findings: (out) => JSON.parse(out).diagnostics.map((d) => ({ file: d.location.path, rule: d.category })),
  },
};

function plsBinary() {
  const bin = join(CACHE, 'tools/node_modules/@postgres-language-server/cli-x86_64-linux-gnu/postgres-language-server');
  if (!existsSync(bin)) {
    mkdirSync(join(CACHE, 'tools'), { recursive: true });
    writeFileSync(join(CACHE, 'tools/package.json'), '{"private":true}');
    const r = spawnSync('npm', ['install', '--no-save', '--no-audit', '--no-fund', PLS_PACKAGE], { cwd: join(CACHE, 'tools'), encoding: 'utf8' });
    if (r.status !== 0 || !existsSync(bin)) throw new Error(`could not install ${PLS_PACKAGE}: ${r.stderr.trim().split('\n').pop()}`);
  }
  return bin;
}

/** Per example file name, the rules that reported on it. */
function findingsPerFile(tool, dir) {
  const r = tool.run(dir);
  if (r.error || r.status === null) throw new Error(r.error?.message ?? `killed by ${r.signal}`);
  const byFile = new Map();
  for (const f of tool.findings(r.stdout)) byFile.set(basename(f.file), [...(byFile.get(basename(f.file)) ?? []), f.rule]);
  return byFile;
}

const fileOf = (id, i) => `${String(i + 1).padStart(4, '0')}_${id}.sql`;
const work = mkdtempSync(join(tmpdir(), 'lens-compare-'));
const rules = ALL_RULES.filter((r) => r.category === 'safety' || r.category === 'idempotency');
const dirs = { bad: join(work, 'bad/migrations'), good: join(work, 'good/migrations') };
for (const [kind, dir] of Object.entries(dirs)) {
  mkdirSync(dir, { recursive: true });
  // Numbered as most teams' files are (a folder of plain names would be run in a transaction per file).
  rules.forEach((r, i) => writeFileSync(join(dir, fileOf(r.id, i)), `${r.docs[kind]}\n`));
}

const names = {};
const results = {};
for (const [name, tool] of Object.entries(tools)) {
  try {
    names[name] = tool.version?.() ?? name;
    results[name] = { bad: findingsPerFile(tool, dirs.bad), good: findingsPerFile(tool, dirs.good) };
  } catch (e) {
    console.log(`${name}: skipped (${e.message})`);
  }
}

const shown = Object.keys(tools).filter((n) => results[n]);
const flagged = (n, kind, id) => results[n][kind].has(fileOf(id, rules.findIndex((r) => r.id === id)));
console.log(`Our rules' examples through each tool, default configurations (${new Date().toISOString().slice(0, 10)}):\n`);
console.log(`| examples | ${shown.map((n) => names[n]).join(' | ')} |`);
console.log(`|---|${shown.map(() => '---').join('|')}|`);
for (const category of ['safety', 'idempotency']) {
  const ids = rules.filter((r) => r.category === category).map((r) => r.id);
  console.log(`| ${category}: bad example flagged (of ${ids.length}) | ${shown.map((n) => ids.filter((id) => flagged(n, 'bad', id)).length).join(' | ')} |`);
  console.log(`| ${category}: good twin left clean (of ${ids.length}) | ${shown.map((n) => ids.filter((id) => !flagged(n, 'good', id)).length).join(' | ')} |`);
}
for (const n of shown) {
  const missed = rules.filter((r) => !flagged(n, 'bad', r.id)).map((r) => r.id);
  const onGood = new Map();
  for (const list of results[n].good.values()) for (const rule of new Set(list)) onGood.set(rule, (onGood.get(rule) ?? 0) + 1);
  const top = [...onGood].sort((a, b) => b[1] - a[1]).slice(0, 3).map(([rule, k]) => `${rule} (${k})`);
  console.log(`\n${names[n]}: nothing on the bad example of ${missed.join(', ') || '(none)'}; most frequent on good twins: ${top.join(', ')}`);
}

// The Postgres Language Server's CLI on the 700-file corpus of bench/squawk.mjs.
if (results['Postgres Language Server']) {
  const corpus = join(work, 'corpus/migrations');
  mkdirSync(corpus, { recursive: true });
  for (const f of cliCorpus()) writeFileSync(join(corpus, f.name), f.text);
  const times = [];
  for (let i = 0; i < 6; i++) {
    const t0 = performance.now();
    tools['Postgres Language Server'].run(corpus);
    if (i > 0) times.push(performance.now() - t0);
  }
  console.log(`\n${names['Postgres Language Server']} check of the 700-file corpus: median ${median(times).toFixed(0)} ms (5 runs)`);
}
rmSync(work, { recursive: true, force: true });
