// Migration Lens against squawk (squawk-cli from npm, its native Rust binary), side by side in one run:
//   1. language servers over stdio: from didOpen / didChange to the file's diagnostics in the
//      client, for 200-, 3,000- and 10,000-line migrations. Ours pushes them (publishDiagnostics,
//      with the typing debounce set to 0 for the measurement); squawk's are pulled
//      (textDocument/diagnostic, sent right after the change).
//   2. the CLIs on a 700-file generated corpus: `migration-lens lint <dir>` against `squawk <glob>`,
//      wall time of the whole process, runs alternated.
//   node bench/squawk.mjs      (needs `node esbuild.mjs` first; npm run bench builds)
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import { cliCorpus, migrationOfLines, renamed } from './corpus.mjs';
import { median } from './stats.mjs';

const require = createRequire(import.meta.url);
const SQUAWK = resolve('node_modules/.bin/squawk');
const CLI = resolve('dist/cli.js');
for (const [file, hint] of [[CLI, 'run `node esbuild.mjs` first'], [SQUAWK, 'run `npm ci`: squawk-cli is a devDependency']]) {
  if (!existsSync(file)) {
    console.error(`${file} is missing: ${hint}.`);
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

function cliRows() {
  const ws = writeCorpus();
  const dir = resolve(ws.dir, 'migrations');
  const commands = {
    'Migration Lens': [process.execPath, [CLI, 'lint', dir, '--format', 'json']],
    [squawkVersion]: [SQUAWK, [`${dir}/*.sql`, '--reporter', 'json']],
  };
  const times = Object.fromEntries(Object.keys(commands).map((n) => [n, []]));
  const findings = {};
  const RUNS = 7;
  try {
    for (let i = 0; i < RUNS + 1; i++) {
      for (const [name, [cmd, args]] of Object.entries(commands)) {
        const t0 = performance.now();
        const r = spawnSync(cmd, args, { encoding: 'utf8', maxBuffer: 1 << 30 });
        const t = performance.now() - t0;
        if (r.status === null || r.status > 1 || r.error) throw new Error(`${name} failed (${r.status}): ${r.error?.message ?? r.stderr.slice(0, 500)}`);
        findings[name] = countFindings(name, r.stdout);
        if (i > 0) times[name].push(t); // the first run warms the page cache for both
      }
    }
  } finally {
    ws.dispose();
  }
  return { runs: RUNS, times, findings };
}

function countFindings(name, stdout) {
  const json = JSON.parse(stdout);
  return json.length; // both print one array entry per finding
}

const serverTable = await serverRows();
const cli = cliRows();
const [ours, theirs] = Object.keys(servers);

console.log(`Migration Lens vs ${theirs}, medians measured side by side in one run (${new Date().toISOString().slice(0, 10)})\n`);
console.log(`Language server, notification → diagnostics in the client (migrations generated by bench/corpus.mjs):\n`);
console.log(`| file | case | runs | Migration Lens | ${theirs} | ratio (ours / squawk) | diagnostics (ours / squawk) |`);
console.log('|---|---|---|---|---|---|---|');
for (const r of serverTable) {
  console.log(`| ${r.lines.toLocaleString('en')} lines | ${r.kind} | ${r.runs} | ${ms(r.ours)} | ${ms(r.theirs)} | ${(r.ours / r.theirs).toFixed(2)}× | ${r.counts[ours]} / ${r.counts[theirs]} |`);
}
const [co, ct] = [median(cli.times[ours]), median(cli.times[theirs])];
console.log(`\nCLI lint of a 700-file corpus (${cli.runs} runs each, alternated; whole process, JSON output):\n`);
console.log(`| command | median | findings |`);
console.log('|---|---|---|');
console.log(`| migration-lens lint | ${ms(co)} | ${cli.findings[ours]} |`);
console.log(`| ${theirs} | ${ms(ct)} | ${cli.findings[theirs]} |`);
console.log(`\nratio migration-lens / squawk: ${(co / ct).toFixed(2)}× (budget: no slower than squawk, ≤ 1×: ${co <= ct ? 'met' : 'MISSED'})`);
