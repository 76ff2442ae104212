// Migration Lens against squawk (squawk-cli from npm, its native Rust binary), side by side in one run:
//   1. language servers over stdio: from didOpen / didChange to the file's diagnostics in the
//      client, for 200-, 3,000- and 10,000-line migrations. Ours pushes them (publishDiagnostics,
//      with the typing debounce set to 0 for the measurement); squawk's are pulled
//      (textDocument/diagnostic, sent right after the change).
//   2. the CLIs on the 700-file generated corpus and, where `node bench/real-corpus.mjs` has built
//      it, the 715-file real-history corpus: `migration-lens lint <dir>` against `squawk <files>`,
//      wall time, CPU time and peak memory of the whole process (python3's os.wait4), runs
//      alternated; then start-up (`--version`, one file alone, one file beside its history).
//   node bench/squawk.mjs      (needs `node esbuild.mjs` first; npm run bench builds)
//   LENS_BENCH_CLI_ONLY=1: the CLI tables only; LENS_BENCH_STARTUP_ONLY=1: the start-up table only; LENS_BENCH_SERVER_ONLY=1: the language-server rows only.
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { cliCorpus, migrationOfLines, renamed } from './corpus.mjs';
import { REAL_CORPUS_DIR } from './real-corpus.mjs';
import { median } from './stats.mjs';

const require = createRequire(import.meta.url);
/**
 * squawk's native binary itself, not `node_modules/.bin/squawk`: that is a Node script that spawns
 * the binary (squawk-cli/js/index.js), which would add a Node start-up (about 150 ms) to each of
 * squawk's runs. squawk-cli's own getBinaryPath() finds the platform package's binary.
 */
const SQUAWK = squawkBinary();
const CLI = resolve('dist/cli.js');
if (!existsSync(CLI)) {
  console.error(`${CLI} is missing: run \`node esbuild.mjs\` first.`);
  process.exit(1);
}

function squawkBinary() {
  try {
    return require('squawk-cli/js/index.js').getBinaryPath();
  } catch (e) {
    console.error(`squawk's native binary is missing (${e.message}): run \`npm ci\` (squawk-cli is a devDependency, its binary an optional dependency).`);
    process.exit(1);
  }
}
mkdirSync('bench/.cache', { recursive: true });
await build({ entryPoints: ['test/protocol/client.ts'], bundle: true, platform: 'node', format: 'cjs', outfile: 'bench/.cache/lsp-client.js', logLevel: 'warning', external: ['esbuild'] });
const { LspClient, TempWorkspace } = require('./.cache/lsp-client.js');

const ms = (x) => (x < 10 ? `${x.toFixed(1)} ms` : `${x.toFixed(0)} ms`);
const squawkVersion = spawnSync(SQUAWK, ['--version'], { encoding: 'utf8' }).stdout.trim();

/** Each server's way to get a document's diagnostics after a notification, as a client sees them. */
const servers = {
  'Migration Lens': {
    start: (ws) => LspClient.start({ workspaceUri: ws.uri, settings: { debounceMs: 0 } }),
    async diagnostics(client, uri, notify) {
      const since = client.mark(uri);
      const version = await notify();
      return (await client.waitForDiagnostics(uri, (p) => p.version === version, since, 120_000)).diagnostics.length;
    },
  },
  [squawkVersion]: {
    start: (ws) => LspClient.start({ workspaceUri: ws.uri, command: [SQUAWK, 'server'] }),
    async diagnostics(client, uri, notify) {
      await notify();
      const report = await client.connection.sendRequest('textDocument/diagnostic', { textDocument: { uri } });
      return report.items.length;
    },
  },
};

// One statement in the middle changes between runs (typing); `open` renames every table so no
// cache can answer (a file seen for the first time).
const edited = (text, i) => text.replace('orders_archive_5 (id bigint', `orders_archive_5 (id${i} bigint`);

async function serverRows() {
  const sizes = [200, 3_000, 10_000];
  const runs = { 200: 41, 3000: 15, 10000: 9 };
  const ws = new TempWorkspace();
  const clients = {};
  for (const [name, s] of Object.entries(servers)) clients[name] = await s.start(ws);
  const rows = [];
  try {
    for (const lines of sizes) {
      const text = migrationOfLines(lines);
      const times = Object.fromEntries(Object.keys(servers).flatMap((n) => [[`${n} open`, []], [`${n} edit`, []]]));
      const counts = {};
      for (let i = 0; i < runs[lines] + 2; i++) {
        for (const [name, s] of Object.entries(servers)) {
          const client = clients[name];
          // open: a new document each run.
          const uri = ws.uriOf(`migrations/${lines}_${i}.sql`);
          let t0 = performance.now();
          counts[name] = await s.diagnostics(client, uri, async () => (await client.open(uri, renamed(text, i)), 1));
          const open = performance.now() - t0;
          t0 = performance.now();
          await s.diagnostics(client, uri, () => client.change(uri, edited(renamed(text, i), i)));
          const edit = performance.now() - t0;
          await client.close(uri);
          if (i < 2) continue; // warm-up: JIT, WASM heap
          times[`${name} open`].push(open);
          times[`${name} edit`].push(edit);
        }
      }
      for (const kind of ['open', 'edit']) {
        const [ours, theirs] = Object.keys(servers).map((n) => median(times[`${n} ${kind}`]));
        rows.push({ lines, kind, runs: runs[lines], ours, theirs, counts });
      }
    }
  } finally {
    for (const c of Object.values(clients)) await c.stop();
    ws.dispose();
  }
  return rows;
}

function writeCorpus() {
  const ws = new TempWorkspace();
  for (const f of cliCorpus()) ws.write(`migrations/${f.name}`, f.text);
  return ws;
}

/**
 * Runs a command under python3 and reads the command's own CPU time (user + system) and peak
 * resident memory from os.wait4 on its process. Not getrusage(RUSAGE_CHILDREN): that also holds
 * whatever the python process inherited across exec, e.g. pyenv's shim, whose version lookup
 * added about 0.43 s of CPU to every run measured. The peak has a floor: the child starts as a
 * copy of python (about 14 MB resident) before it execs the command, so squawk's figure is at
 * most that. Output goes to a file.
 */
const MEASURE = `
import json, os, subprocess, sys, time
t = time.monotonic()
with open(sys.argv[1], 'wb') as out:
    child = subprocess.Popen(sys.argv[2:], stdout=out, stderr=subprocess.DEVNULL)
    _, status, r = os.wait4(child.pid, 0)
wall = time.monotonic() - t
print(json.dumps({"code": os.waitstatus_to_exitcode(status), "wall": wall * 1000, "cpu": (r.ru_utime + r.ru_stime) * 1000, "rss": r.ru_maxrss / 1024}))
`;

function measure(cmd, args, outFile, cwd = process.cwd(), env = {}) {
  // An undefined value removes the variable (spawnSync would pass the string "undefined").
  const merged = Object.fromEntries(Object.entries({ ...process.env, ...env }).filter(([, v]) => v !== undefined));
  const r = spawnSync('python3', ['-c', MEASURE, outFile, cmd, ...args], { encoding: 'utf8', cwd, env: merged });
  if (r.status !== 0) throw new Error(`measuring ${cmd} failed: ${r.stderr}`);
  const m = JSON.parse(r.stdout);
  if (m.code > 1) throw new Error(`${cmd} ${args.slice(0, 3).join(' ')} … exited with ${m.code}`);
  return m;
}

const sqlFilesUnder = (dir) => readdirSync(dir, { recursive: true }).filter((f) => f.endsWith('.sql')).map((f) => join(dir, f)).sort();

/**
 * NODE_EXTRA_CA_CERTS, when the environment sets it (this sandbox does), makes every Node process
 * read and parse that certificate file as it starts, before any of our code runs ("only read when
 * the Node.js process is first launched": https://nodejs.org/docs/latest-v20.x/api/cli.html#node_extra_ca_certsfile).
 * The start-up rows keep it, as a user's environment would; this measures what it adds to `node -e 0`.
 */
function caCertsCost(tmp) {
  if (!process.env.NODE_EXTRA_CA_CERTS) return undefined;
  const runs = { with: [], without: [] };
  for (let i = 0; i < 9; i++) {
    runs.with.push(measure(process.execPath, ['-e', '0'], join(tmp, 'out.txt')));
    runs.without.push(measure(process.execPath, ['-e', '0'], join(tmp, 'out.txt'), process.cwd(), { NODE_EXTRA_CA_CERTS: undefined }));
  }
  const med = (list, key) => median(list.slice(1).map((m) => m[key]));
  return { file: process.env.NODE_EXTRA_CA_CERTS, withWall: med(runs.with, 'wall'), withoutWall: med(runs.without, 'wall'), withCpu: med(runs.with, 'cpu'), withoutCpu: med(runs.without, 'cpu') };
}

/** Ours against squawk on one corpus: alternating runs, medians of wall, CPU and peak memory. */
function cliCase(label, dir, squawkArgs, runs) {
  const out = join(dir, '..', 'out.json');
  const commands = {
    'Migration Lens': [process.execPath, [CLI, 'lint', dir, '--format', 'json']],
    [squawkVersion]: [SQUAWK, [...squawkArgs, '--reporter', 'json']],
  };
  const samples = Object.fromEntries(Object.keys(commands).map((n) => [n, []]));
  const findings = {};
  for (let i = 0; i < runs + 1; i++) {
    for (const [name, [cmd, args]] of Object.entries(commands)) {
      const m = measure(cmd, args, out);
      findings[name] = JSON.parse(readFileSync(out, 'utf8')).length; // both print one array entry per finding
      if (i > 0) samples[name].push(m); // the first run warms the page cache for both
    }
  }
  const med = (name, key) => median(samples[name].map((m) => m[key]));
  return { label, runs, files: sqlFilesUnder(dir).length, rows: Object.keys(commands).map((name) => ({ name, wall: med(name, 'wall'), cpu: med(name, 'cpu'), rss: med(name, 'rss'), findings: findings[name] })) };
}

// LENS_BENCH_STARTUP_ONLY=1: the start-up table only (about 1.5 min here): --version and the one-file lints.
const STARTUP_ONLY = !!process.env.LENS_BENCH_STARTUP_ONLY;

function cliRows() {
  const cases = [];
  if (!STARTUP_ONLY) {
    const ws = writeCorpus();
    try {
      const dir = resolve(ws.dir, 'migrations');
      cases.push(cliCase('generated corpus (bench/corpus.mjs)', dir, [`${dir}/*.sql`], 7));
    } finally {
      ws.dispose();
    }
  }
  // The real-history corpus, copied outside any git repository (CI cannot build it: skipped there).
  if (existsSync(join(REAL_CORPUS_DIR, 'corpus.json'))) {
    const tmp = mkdtempSync(join(tmpdir(), 'lens-real-'));
    try {
      const dir = join(tmp, 'real');
      cpSync(REAL_CORPUS_DIR, dir, { recursive: true });
      if (!STARTUP_ONLY) cases.push(cliCase('real-history corpus (bench/real-corpus.mjs)', dir, sqlFilesUnder(dir), 7));
      // Start-up: one file alone in its folder, one file beside its whole history, and --version.
      // Each runs from its project's folder, as a pre-commit hook does: from elsewhere, a file
      // outside the workspace is linted without its set, and the history would not be read.
      const one = join(tmp, 'one');
      mkdirSync(one);
      const project = join(dir, 'documenso+documenso');
      const beside = sqlFilesUnder(project).at(-1);
      cpSync(beside, join(one, '0001_one.sql'));
      // lint keeps its caches (V8's code cache of its bundle, the history's schema events) in the
      // user's cache folder: here a folder of the benchmark's own, kept across the runs of a row
      // (the first run, not counted, fills it) or, for the first-run row, new at each run.
      const cacheHome = join(tmp, 'cache');
      const freshCache = () => mkdtempSync(join(tmp, 'cache-'));
      const single = [
        ['--version', [CLI, '--version'], ['--version'], tmp],
        ['lint one file alone in its folder', [CLI, 'lint', join(one, '0001_one.sql')], [join(one, '0001_one.sql')], one],
        ['lint one file beside its 163-migration history', [CLI, 'lint', beside], [beside], project],
        ['the same, first run (no cache yet)', [CLI, 'lint', beside], [beside], project, freshCache],
      ];
      const rows = [];
      for (const [label, oursArgs, theirArgs, cwd, cache = () => cacheHome] of single) {
        const s = { ours: [], theirs: [] };
        for (let i = 0; i < 8; i++) {
          s.ours.push(measure(process.execPath, oursArgs, join(tmp, 'out.txt'), cwd, { XDG_CACHE_HOME: cache() }));
          s.theirs.push(measure(SQUAWK, theirArgs, join(tmp, 'out.txt'), cwd));
        }
        rows.push({ label, ours: median(s.ours.slice(1).map((m) => m.wall)), oursCpu: median(s.ours.slice(1).map((m) => m.cpu)), theirs: median(s.theirs.slice(1).map((m) => m.wall)) });
      }
      cases.startup = rows;
      cases.caCerts = caCertsCost(tmp);
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
  } else {
    console.error('real-history corpus: skipped (build it with `node bench/real-corpus.mjs`)');
  }
  return cases;
}

// LENS_BENCH_CLI_ONLY=1: the CLI tables only (the language-server rows take a few minutes);
// LENS_BENCH_SERVER_ONLY=1: the language-server rows only.
const serverTable = process.env.LENS_BENCH_CLI_ONLY || STARTUP_ONLY ? [] : await serverRows();
const [ours, theirs] = Object.keys(servers);
const cli = process.env.LENS_BENCH_SERVER_ONLY ? [] : cliRows();

console.log(`Migration Lens vs ${theirs}, medians measured side by side in one run (${new Date().toISOString().slice(0, 10)})\n`);
console.log(`squawk runs as its native binary (${SQUAWK.split('node_modules/').at(-1)}), not through its Node shim.\n`);
console.log(`Language server, notification → diagnostics in the client (migrations generated by bench/corpus.mjs):\n`);
console.log(`| file | case | runs | Migration Lens | ${theirs} | ratio (ours / squawk) | diagnostics (ours / squawk) |`);
console.log('|---|---|---|---|---|---|---|');
for (const r of serverTable) {
  console.log(`| ${r.lines.toLocaleString('en')} lines | ${r.kind} | ${r.runs} | ${ms(r.ours)} | ${ms(r.theirs)} | ${(r.ours / r.theirs).toFixed(2)}× | ${r.counts[ours]} / ${r.counts[theirs]} |`);
}
const openOf = (lines) => serverTable.find((r) => r.lines === lines && r.kind === 'open');
if (openOf(200) && openOf(10_000)) {
  const [small, large] = [openOf(200), openOf(10_000)];
  console.log(`\nbudgets: 200-line open ${ms(small.ours)} against squawk's ${ms(small.theirs)} (no slower than squawk's server: ${small.ours <= small.theirs ? 'met' : 'MISSED'}); 10,000-line open ${ms(large.ours)} (< 100 ms: ${large.ours < 100 ? 'met' : 'MISSED'})`);
}
const mb = (x) => `${x.toFixed(0)} MB`;
for (const c of cli) {
  console.log(`\nCLI lint, ${c.label}: ${c.files} files (${c.runs} runs each, alternated; whole process, JSON output):\n`);
  console.log('| command | wall | CPU (user + system) | peak memory | findings |');
  console.log('|---|---|---|---|---|');
  for (const r of c.rows) console.log(`| ${r.name === ours ? 'migration-lens lint' : r.name} | ${ms(r.wall)} | ${ms(r.cpu)} | ${mb(r.rss)} | ${r.findings} |`);
  const [o, t] = c.rows;
  console.log(`\nratio migration-lens / squawk: wall ${(o.wall / t.wall).toFixed(2)}× (budget ≤ 1.5×: ${o.wall <= 1.5 * t.wall ? 'met' : 'MISSED'}), CPU ${(o.cpu / t.cpu).toFixed(2)}× (budget ≤ 3×: ${o.cpu <= 3 * t.cpu ? 'met' : 'MISSED'}), peak memory ${mb(o.rss)} (budget ≤ 100 MB: ${o.rss <= 100 ? 'met' : 'MISSED'})`);
}
if (cli.startup) {
  console.log('\nStart-up, whole process (7 runs each, alternated):\n');
  console.log(`| case | Migration Lens wall | its CPU | ${theirs} wall |`);
  console.log('|---|---|---|---|');
  for (const r of cli.startup) console.log(`| ${r.label} | ${ms(r.ours)} | ${ms(r.oursCpu)} | ${ms(r.theirs)} |`);
  const one = cli.startup.find((r) => r.label.includes('beside'));
  console.log(`\none-file lint beside its history: ${ms(one.ours)} (budget ≤ 250 ms: ${one.ours <= 250 ? 'met' : 'MISSED'})`);
  const ca = cli.caCerts;
  if (ca) {
    console.log(`\nNODE_EXTRA_CA_CERTS is set here (${ca.file}), and every Node start above reads it: \`node -e 0\` takes ${ms(ca.withWall)} wall, ${ms(ca.withCpu)} CPU with it, ${ms(ca.withoutWall)} wall, ${ms(ca.withoutCpu)} CPU without (8 runs each, alternated).`);
  }
}
