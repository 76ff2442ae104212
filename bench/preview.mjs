// Schema preview timings against the product's latency budgets, on 150 generated migrations:
//   cold  = worker start + PGlite boot + apply + introspection (first ever boot, and with the
//           cached fresh data directory that later boots use: server/src/preview/boot.ts);
//   warm  = re-preview after editing the last file in a live session (savepoint rollback);
//   incremental strategies compared: ROLLBACK TO SAVEPOINT vs dumpDataDir/loadDataDir snapshot;
//   real   = the cold preview of the largest real history of bench/.cache/real-corpus (where built),
//            in the session and as `migration-lens schema` (whole process, wall and peak memory);
//   native = the same cold, apply and warm cases on PostgreSQL 15 (Debian) on a loopback port, each
//            native run right after the matching run of ours, so the machine's noise hits both alike.
//   node bench/preview.mjs      (needs `node esbuild.mjs` first: it runs dist/preview-worker.js)
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { chmodSync, cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

import { generatedMigrations } from './migrations.mjs';
import { REAL_CORPUS_DIR } from './real-corpus.mjs';
import { median } from './stats.mjs';

const require = createRequire(import.meta.url);
const FILES = 150;
/** The cold budget is for 100 migrations: measured on the first 100 as well. */
const BUDGET_FILES = 100;
const workerPath = resolve('dist/preview-worker.js');
if (!existsSync(workerPath)) {
  console.error('dist/preview-worker.js is missing: run `node esbuild.mjs` first.');
  process.exit(1);
}
mkdirSync('bench/.cache', { recursive: true });
await build({
  entryPoints: ['server/src/preview/host.ts'], bundle: true, platform: 'node', format: 'cjs',
  outfile: 'bench/.cache/preview-host.js', logLevel: 'warning',
});
const { PreviewSession } = require('./.cache/preview-host.js');

const files = generatedMigrations(FILES);
const input = (fs) => ({ files: fs, transaction: 'per-file', timeoutMs: 300_000 });
const statements = files.reduce((n, f) => n + (f.text.match(/;\n/g) ?? []).length, 0);

const fmt = (ms) => `${ms.toFixed(0)} ms`;
const row = (label, ms, budget) => console.log(`${label.padEnd(58)} ${fmt(ms).padStart(9)}${budget ? `   budget ${budget} ms: ${ms <= budget ? 'met' : 'MISSED'}` : ''}`);

/**
 * `baselineTier`: PGlite stays on V8's baseline WebAssembly tier, as in `migration-lens schema`
 * (runPreview). The flag then holds for this whole process: only the real history, measured last, asks for it.
 */
async function cold(cacheDir, set = files, baselineTier = false) {
  const session = new PreviewSession({ workerPath, cacheDir, baselineTier });
  const t0 = performance.now();
  const res = await session.run(input(set));
  const total = performance.now() - t0;
  if (!res.ok) throw new Error(`preview failed: ${JSON.stringify(res.error)}`);
  return { session, total, res };
}

console.log(`Preview benchmark: ${FILES} migrations, ${statements} statements (medians)\n`);
// Native PostgreSQL runs alternate with ours, so that the machine's noise hits both alike.
const native = nativeServer();
if (typeof native === 'string') console.log(`native PostgreSQL: skipped (${native})\n`);
const nativeToo = (fn) => (typeof native === 'string' ? undefined : fn(native));

try {
  // Cold without a cached data directory: what the very first preview on a machine costs.
  const noCache = [];
  for (let i = 0; i < 3; i++) {
    const { session, total } = await cold(null);
    noCache.push(total);
    await session.dispose();
  }
  const cacheDir = mkdtempSync(join(tmpdir(), 'lens-bench-cache-'));
  await (await cold(cacheDir)).session.dispose(); // writes the cache
  const coldRuns = [];
  const cold100 = [];
  const nativeCold = [];
  let last;
  for (let i = 0; i < 5; i++) {
    const small = await cold(cacheDir, files.slice(0, BUDGET_FILES));
    cold100.push(small.total);
    await small.session.dispose();
    const c = await cold(cacheDir);
    coldRuns.push(c);
    if (i < 4) await c.session.dispose();
    else last = c;
    nativeToo((n) => nativeCold.push(n.cold()));
  }
  rmSync(cacheDir, { recursive: true, force: true });
  row('cold, first boot on the machine (initdb)', median(noCache));
  row(`cold, cached data directory, the budget's ${BUDGET_FILES} migrations`, median(cold100), 3000);
  row('cold, cached data directory: total', median(coldRuns.map((c) => c.total)));
  row('  of which worker start + PGlite boot', median(coldRuns.map((c) => c.total - c.res.timings.applyMs - c.res.timings.introspectMs)));
  row('  of which apply', median(coldRuns.map((c) => c.res.timings.applyMs)));
  row('  of which introspection', median(coldRuns.map((c) => c.res.timings.introspectMs)));

  // Warm: edit the last migration, re-preview in the same session.
  nativeToo((n) => n.start());
  const warm = [];
  const nativeWarm = [];
  for (let i = 0; i < 10; i++) {
    const edited = files.map((f, k) => (k === FILES - 1 ? { ...f, text: editLast(f.text, i) } : f));
    const t0 = performance.now();
    const res = await last.session.run(input(edited));
    warm.push(performance.now() - t0);
    if (!res.ok || res.reusedFiles !== FILES - 1) throw new Error('warm run did not reuse the prefix');
    nativeToo((n) => nativeWarm.push(n.warm(i)));
  }
  // Every file again in the running session (the first one edited): apply time once V8 has
  // compiled PGlite's WebAssembly, which a fresh worker does during its first apply.
  const reapply = [];
  const nativeApply = [];
  for (let i = 0; i < 5; i++) {
    const edited = files.map((f, k) => (k === 0 ? { ...f, text: `${f.text}-- edit ${i}\n` } : f));
    const res = await last.session.run(input(edited));
    if (!res.ok || res.reusedFiles !== 0) throw new Error('editing the first file did not re-apply every file');
    reapply.push(res.timings.applyMs);
    nativeToo((n) => nativeApply.push(n.apply()));
  }
  await last.session.dispose();
  row('warm re-preview after editing the last file (savepoints)', median(warm), 300);
  row('re-preview after editing the first file: apply of all files', median(reapply));
  await compareIncrementalStrategies();

  if (typeof native !== 'string') {
    console.log('\nSide by side with native PostgreSQL 15 (Debian), same files, same machine, runs alternating:\n');
    console.log('| case | PGlite (Migration Lens) | native PostgreSQL 15 | ratio |');
    console.log('|---|---|---|---|');
    const line = (label, a, b) => console.log(`| ${label} | ${fmt(a)} | ${fmt(b)} | ${(a / b).toFixed(1)}× |`);
    const pgApply = median(coldRuns.map((c) => c.res.timings.applyMs));
    line('cold: start the server + apply all files (ours: + introspection)', median(coldRuns.map((c) => c.total)), median(nativeCold));
    line('apply all files (ours: the first apply, in a fresh worker)', pgApply, median(nativeApply));
    line('apply all files (ours: in a running session, the first file edited)', median(reapply), median(nativeApply));
    line('warm: apply the edited last file again (ours: + introspection)', median(warm), median(nativeWarm));
    const verdict = (ms) => (ms <= 2 * median(nativeApply) ? 'met' : 'MISSED');
    console.log(`\n  → apply within 2× of native (budget): the first apply in a fresh worker ${verdict(pgApply)}, in a running session ${verdict(median(reapply))}`);
  }
} finally {
  nativeToo((n) => n.close());
}

await realHistory();

/**
 * The largest real history of bench/.cache/real-corpus (documenso's 163 Prisma migrations; built
 * by `node bench/real-corpus.mjs`, skipped where it is not): the cold preview split into worker
 * start + boot, apply and introspection, and `migration-lens schema` as a user runs it, whole
 * process, wall time and peak memory (python3's getrusage), against the budget of 2.5 s and 300 MB.
 */
async function realHistory() {
  const root = join(REAL_CORPUS_DIR, 'documenso+documenso/packages/prisma/migrations');
  if (!existsSync(root)) {
    console.log('\nreal-history preview: skipped (build bench/.cache/real-corpus with `node bench/real-corpus.mjs`)');
    return;
  }
  const units = readdirSync(root).filter((d) => existsSync(join(root, d, 'migration.sql'))).sort();
  const real = units.map((d) => ({ path: `prisma/migrations/${d}/migration.sql`, text: readFileSync(join(root, d, 'migration.sql'), 'utf8') }));
  console.log(`\nReal history: documenso, ${real.length} Prisma migrations (medians of 5)\n`);
  const cacheDir = mkdtempSync(join(tmpdir(), 'lens-bench-cache-'));
  const runs = [];
  try {
    for (let i = 0; i < 6; i++) {
      const c = await cold(cacheDir, real, true);
      await c.session.dispose();
      if (i > 0) runs.push(c); // the first run writes the cached data directory
    }
  } finally {
    rmSync(cacheDir, { recursive: true, force: true });
  }
  row('cold, cached data directory, as `schema` runs it: total', median(runs.map((c) => c.total)));
  row('  of which worker start + planning + PGlite boot', median(runs.map((c) => c.total - c.res.timings.applyMs - c.res.timings.introspectMs)));
  row('    of which PGlite boot', median(runs.map((c) => c.res.timings.bootMs)));
  row('  of which apply', median(runs.map((c) => c.res.timings.applyMs)));
  row('  of which introspection', median(runs.map((c) => c.res.timings.introspectMs)));
  // The command a user runs: a fresh process each time (its first run on the machine writes the cache).
  const tmp = mkdtempSync(join(tmpdir(), 'lens-real-schema-'));
  const measure = `
import json, resource, subprocess, sys, time
t = time.monotonic()
code = subprocess.call(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
r = resource.getrusage(resource.RUSAGE_CHILDREN)
print(json.dumps({"code": code, "wall": (time.monotonic() - t) * 1000, "rss": r.ru_maxrss / 1024}))
`;
  try {
    cpSync(join(REAL_CORPUS_DIR, 'documenso+documenso/packages/prisma'), join(tmp, 'prisma'), { recursive: true });
    const cli = resolve('dist/cli.js');
    const samples = [];
    for (let i = 0; i < 6; i++) {
      const r = spawnSync('python3', ['-c', measure, process.execPath, cli, 'schema', join(tmp, 'prisma/migrations')], { encoding: 'utf8', cwd: tmp });
      if (r.status !== 0) throw new Error(`measuring migration-lens schema failed: ${r.stderr}`);
      const m = JSON.parse(r.stdout);
      // 1: the preview stopped at an error (an apply error or the time limit): still a cold run, said below.
      if (m.code > 1) throw new Error(`migration-lens schema exited with ${m.code}`);
      if (i > 0) samples.push(m);
    }
    const wall = median(samples.map((m) => m.wall));
    const rss = median(samples.map((m) => m.rss));
    row('`migration-lens schema`, whole process (cold)', wall, 2500);
    const stopped = samples.filter((m) => m.code === 1).length;
    if (stopped) console.log(`  (${stopped} of ${samples.length} runs stopped at an error or the time limit: exit status 1)`);
    console.log(`${'  its peak memory'.padEnd(58)} ${`${rss.toFixed(0)} MB`.padStart(9)}   budget 300 MB: ${rss <= 300 ? 'met' : 'MISSED'}`);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

function editLast(text, i) {
  return text.replace('name text NOT NULL', `name varchar(${40 + i}) NOT NULL`);
}

/** Incremental strategy: savepoint rollback vs data-dir snapshot, on PGlite directly. */
async function compareIncrementalStrategies() {
  const { PGlite } = require('@electric-sql/pglite');
  const db = await PGlite.create();
  await db.exec('BEGIN');
  for (const f of files.slice(0, -1)) await db.exec(`SAVEPOINT s; ${f.text}`);
  await db.exec('COMMIT');
  const lastFile = files[FILES - 1].text;
  const sp = [];
  const snapDump = [];
  const snapLoad = [];
  await db.exec('BEGIN');
  for (let i = 0; i < 7; i++) {
    const t0 = performance.now();
    await db.exec(`SAVEPOINT k; ${lastFile}`);
    await db.exec('ROLLBACK TO SAVEPOINT k; RELEASE SAVEPOINT k');
    sp.push(performance.now() - t0);
  }
  await db.exec('COMMIT');
  for (let i = 0; i < 3; i++) {
    let t0 = performance.now();
    const dump = await db.dumpDataDir('none');
    snapDump.push(performance.now() - t0);
    t0 = performance.now();
    const db2 = await PGlite.create({ loadDataDir: dump });
    await db2.exec(lastFile);
    snapLoad.push(performance.now() - t0);
    await db2.close();
  }
  await db.close();
  row('incremental: ROLLBACK TO SAVEPOINT + apply last file', median(sp));
  row('incremental: loadDataDir snapshot + apply last file', median(snapLoad));
  row('  (taking that snapshot: dumpDataDir)', median(snapDump));
  console.log(`  → savepoints are ${(median(snapLoad) / median(sp)).toFixed(0)}× faster: the preview uses savepoints.`);
}

/**
 * A native PostgreSQL 15 cluster on a loopback port, as the postgres user (root cannot run it),
 * made by initdb once, its data directory in memory like PGlite's. Each apply gets a fresh database, as PGlite gets a fresh data directory.
 * cold()  = pg_ctl start + psql applying every file (the server stopped before and after);
 * apply() = psql applying every file on the running server (one transaction per file);
 * warm(i) = psql applying the edited last file in a rolled-back transaction, the other 149 applied.
 */
function nativeServer() {
  const bin = '/usr/lib/postgresql/15/bin';
  if (!existsSync(`${bin}/postgres`)) return `${bin} not found`;
  const asPostgres = process.getuid?.() === 0 ? ['runuser', ['-u', 'postgres', '--']] : null;
  const run = (cmd, args, opts = {}) => {
    const [c, a] = asPostgres ? [asPostgres[0], [...asPostgres[1], cmd, ...args]] : [cmd, args];
    return spawnSync(c, a, { encoding: 'utf8', ...opts });
  };
  // On tmpfs where there is one: PGlite's data directory lives in memory, and this VM's disk
  // alone made native applies vary from 0.3 to 1.2 s between runs.
  const dir = mkdtempSync(join(existsSync('/dev/shm') ? '/dev/shm' : tmpdir(), 'lens-bench-pg-'));
  chmodSync(dir, 0o777);
  const data = join(dir, 'data');
  const port = String(54329);
  const script = (name, text) => {
    const file = join(dir, name);
    writeFileSync(file, text);
    chmodSync(file, 0o644);
    return file;
  };
  const psqlIn = (db, ...args) => run(`${bin}/psql`, ['-h', '127.0.0.1', '-p', port, '-U', 'postgres', '-d', db, '-q', '-v', 'ON_ERROR_STOP=1', ...args]);
  let databases = 0;
  const freshDatabase = () => {
    const db = `bench_${databases++}`;
    psqlIn('postgres', '-c', `CREATE DATABASE ${db}`);
    return db;
  };
  const start = () => run(`${bin}/pg_ctl`, ['-D', data, '-w', '-l', join(dir, 'log'), '-o', `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off`, 'start']);
  const stop = () => run(`${bin}/pg_ctl`, ['-D', data, '-w', '-m', 'fast', 'stop']);
  const timed = (fn) => {
    const t0 = performance.now();
    const r = fn();
    if (r.status !== 0) throw new Error(`native PostgreSQL: ${(r.stderr || r.error?.message || '').trim().split('\n')[0]}`);
    return performance.now() - t0;
  };
  const all = script('all.sql', files.map((f) => `BEGIN;\n${f.text}COMMIT;\n`).join(''));
  const allButLast = script('prefix.sql', files.slice(0, -1).map((f) => `BEGIN;\n${f.text}COMMIT;\n`).join(''));
  const close = () => {
    run(`${bin}/pg_ctl`, ['-D', data, '-m', 'immediate', 'stop']);
    rmSync(dir, { recursive: true, force: true });
  };
  const r = run(`${bin}/initdb`, ['-D', data, '-A', 'trust', '-U', 'postgres', '--no-sync']);
  if (r.status !== 0) {
    close();
    return `initdb failed: ${(r.stderr || r.error?.message || '').trim().split('\n')[0]}`;
  }
  let warmDb;
  return {
    close,
    start: () => timed(start),
    cold() {
      timed(start);
      const db = freshDatabase();
      stop();
      const t0 = performance.now();
      timed(start);
      timed(() => psqlIn(db, '-f', all));
      const ms = performance.now() - t0;
      stop();
      return ms;
    },
    apply() {
      const db = freshDatabase();
      return timed(() => psqlIn(db, '-f', all));
    },
    warm(i) {
      if (!warmDb) {
        warmDb = freshDatabase();
        timed(() => psqlIn(warmDb, '-f', allButLast));
      }
      const file = script(`warm${i}.sql`, `BEGIN;\n${editLast(files[FILES - 1].text, i)}ROLLBACK;\n`);
      return timed(() => psqlIn(warmDb, '-f', file));
    },
  };
}
