import { strict as assert } from 'node:assert';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BOOT_ALLOWANCE_MS, PreviewSession, runPreview } from '../../../server/src/preview/host';
import { GROWTH_MARK, type MemoryMark } from '../../../server/src/preview/memory-mark';
import { emptySchema } from '../../../server/src/preview/schema-model';
import type { RunStep } from '../../../server/src/preview/types';
import { input, loadSet, table } from './fixtures';

for (const isolation of ['thread', 'process'] as const) describe(`preview host (worker ${isolation})`, function () {
  this.timeout(120_000);

  it('runs a preview in a worker', async () => {
    const res = await runPreview(input(loadSet('simple')), { isolation });
    assert.equal(res.ok, true);
    assert.ok(table(res.schema, 'public', 'users'));
  });

  it('cuts off an endless DO loop at the time limit, names the statement, keeps the last good schema, and never blocks this thread', async () => {
    const session = new PreviewSession({ isolation });
    try {
      // Warm up first, so that the limit measures the loop and not PGlite's boot.
      await session.run(input(loadSet('simple')));
      const files = [...loadSet('simple'), ...loadSet('loop')];
      let ticks = 0;
      const ticker = setInterval(() => ticks++, 10);
      const started = Date.now();
      const res = await session.run(input(files, { timeoutMs: 1500 }));
      clearInterval(ticker);
      const elapsed = Date.now() - started;

      assert.equal(res.ok, false);
      const e = res.error!;
      assert.equal(e.timedOut, true);
      assert.equal(e.path, '001_spin.sql');
      assert.equal(files[3].text.slice(e.start, e.end), 'DO $$ BEGIN LOOP END LOOP; END $$');
      assert.deepEqual([e.line, e.column], [3, 1]);
      assert.match(e.message, /time limit \(1500 ms\) while this statement was running/);
      assert.deepEqual(res.files.map((f) => f.status), ['applied', 'applied', 'applied', 'failed']);
      // The schema as of the last good file: the three files before the loop, applied again in a fresh worker.
      assert.deepEqual(res.schema.schemas.find((s) => s.name === 'public')?.tables.map((t) => t.name), ['posts', 'users']);
      assert.ok(table(res.schema, 'public', 'users').columns.some((c) => c.name === 'display_name'));
      // The limit, then a fresh worker's boot and the three files again, itself limited to 1500 ms + BOOT_ALLOWANCE_MS.
      assert.ok(elapsed >= 1500 && elapsed < 1500 + 1500 + BOOT_ALLOWANCE_MS, `stopped after ${elapsed} ms`);
      // A 10 ms timer kept firing while the loop spun: the event loop was free.
      assert.ok(ticks > (elapsed / 10) * 0.5, `${ticks} ticks in ${elapsed} ms`);

      // The session recovers with a fresh worker.
      const after = await session.run(input(loadSet('simple')));
      assert.equal(after.ok, true);
      assert.equal(after.reusedFiles, 3); // the worker that re-applied the good files serves on
    } finally {
      await session.dispose();
    }
  });

  it('re-runs an edited migration that prepares a statement in the same session (a rollback keeps prepared statements)', async () => {
    const session = new PreviewSession();
    try {
      const files = [{ path: '1.sql', text: 'CREATE TABLE t (id int);\nPREPARE x AS SELECT 1;\n' }];
      assert.equal((await session.run(input(files))).ok, true);
      const edited = await session.run(input([{ ...files[0], text: `${files[0].text}CREATE TABLE u (id int);\n` }]));
      assert.equal(edited.error?.message, undefined); // was: prepared statement "x" already exists
      assert.ok(table(edited.schema, 'public', 'u'));
    } finally {
      await session.dispose();
    }
  });

  it('replaces a worker that grew past its memory mark once it is idle: the next run applies the set again in a fresh one', async () => {
    const files = loadSet('simple');
    const kept = new PreviewSession({ isolation });
    // A mark below any growth (the mark counts from the first run): every worker is past it after a run.
    const recycled = new PreviewSession({ isolation, memoryMark: { totalMb: 0, grownMb: -1 } });
    try {
      for (const session of [kept, recycled]) await session.run(input(files));
      const again = await Promise.all([kept, recycled].map((session) => session.run(input(files))));
      assert.equal(again[0].reusedFiles, files.length, 'under its mark, the worker keeps the applied files');
      assert.equal(again[1].reusedFiles, 0, 'past its mark, the next run starts in a fresh worker');
      assert.ok(again.every((r) => r.ok && table(r.schema, 'public', 'users')));
    } finally {
      await kept.dispose();
      await recycled.dispose();
    }
  });

  it('a statement that fills the worker\'s heap ends the run with an error at it ("ran out of memory (limit N MB)"), not a crashed process; the last good schema is kept and the session goes on', async () => {
    const session = new PreviewSession({ isolation, heapMb: 64 });
    try {
      // Every notice is handed to JavaScript: millions of them fill a 64 MB heap.
      const flood = { path: '002_flood.sql', text: "SELECT 1;\nDO $$ BEGIN FOR i IN 1..3000000 LOOP RAISE NOTICE 'notice number %', i; END LOOP; END $$;\n" };
      const files = [...loadSet('simple'), flood];
      const res = await session.run(input(files, { timeoutMs: 110_000 }));
      assert.equal(res.ok, false);
      const e = res.error!;
      assert.equal(e.outOfMemory, true);
      assert.equal(e.timedOut, undefined);
      assert.equal(e.path, '002_flood.sql');
      assert.deepEqual([e.line, e.column], [2, 1]);
      assert.equal(e.message, 'The preview ran out of memory (limit 64 MB) while this statement was running.');
      assert.deepEqual(res.files.map((f) => f.status), ['applied', 'applied', 'applied', 'failed']);
      assert.deepEqual(res.schema.schemas.find((s) => s.name === 'public')?.tables.map((t) => t.name), ['posts', 'users']);
      const after = await session.run(input(loadSet('simple')));
      assert.equal(after.ok, true);
    } finally {
      await session.dispose();
    }
  });

  it('a run cancelled while the worker is busy in a file stops before the next one, and the session keeps what it applied', async () => {
    const session = new PreviewSession({ isolation });
    try {
      const files = [{ path: '001_slow.sql', text: 'CREATE TABLE a (id int);\nSELECT pg_sleep(0.5);\n' }, { path: '002_b.sql', text: 'CREATE TABLE b (id int);\n' }, { path: '003_c.sql', text: 'CREATE TABLE c (id int);\n' }];
      const abort = new AbortController();
      // Cancelled as the first file starts: the worker is inside it for half a second and reads the cancellation at the second file's turn.
      const onStep = (step: RunStep): void => void (step.phase === 'apply' && step.index === 0 && abort.abort());
      const res = await session.run(input(files), { onStep, signal: abort.signal });
      assert.equal(res.cancelledAt, 1);
      assert.deepEqual(res.files.map((f) => f.status), ['applied', 'pending', 'pending']);
      const again = await session.run(input(files));
      assert.equal(again.ok, true);
      assert.equal(again.reusedFiles, 1);
    } finally {
      await session.dispose();
    }
  });

  it('says so when the files before a timed-out one cannot be applied again', async () => {
    // A stand-in worker: a run of two files hangs in the second; the fresh worker for the first one dies.
    const dir = mkdtempSync(join(tmpdir(), 'lens-host-test-'));
    const workerPath = join(dir, 'worker.js');
    writeFileSync(workerPath, `const { parentPort } = require('node:worker_threads');
      const port = parentPort ?? { on: (e, f) => process.on(e, f), postMessage: (m) => process.send(m) };
      port.on('message', ({ id, input }) => {
        if (input.files.length === 1) process.exit(3);
        port.postMessage({ type: 'progress', id, path: input.files[1].path, start: 0, end: 8 });
      });`);
    try {
      const files = [{ path: 'a.sql', text: 'SELECT 1;' }, { path: 'b.sql', text: 'SELECT 2;' }];
      // The limit counts from the request, the worker's start included: room for a loaded machine to start it.
      const res = await runPreview(input(files, { timeoutMs: 3000 }), { workerPath, isolation });
      assert.equal(res.error?.path, 'b.sql');
      assert.match(res.error?.message ?? '', /time limit \(3000 ms\) while this statement was running\. The files before it could not be applied again \(preview worker exited \(code 3\)\), so no schema is shown\./);
      assert.deepEqual(res.schema, emptySchema());
      assert.deepEqual(res.files.map((f) => f.status), ['applied', 'failed']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  /** A stand-in worker script in a temp folder; `body` handles each request ({ id, input }). */
  function standIn(body: string): { workerPath: string; remove(): void } {
    const dir = mkdtempSync(join(tmpdir(), 'lens-host-test-'));
    const workerPath = join(dir, 'worker.js');
    writeFileSync(workerPath, `const { parentPort } = require('node:worker_threads');
      const ok = { ok: true, files: [], schema: { schemas: [] }, notes: [], reusedFiles: 0, timings: { bootMs: 0, applyMs: 0, introspectMs: 0, totalMs: 0 } };
      const port = parentPort ?? { on: (e, f) => process.on(e, f), postMessage: (m) => process.send(m) };
      port.on('message', ({ id, input }) => { ${body} });`);
    return { workerPath, remove: () => rmSync(dir, { recursive: true, force: true }) };
  }

  it('replaces a worker once it grew past the floor of its mark since its first run and the host and it together passed the total', async () => {
    // Each stand-in counts its runs (the result's reusedFiles) and grows by 10 MB a run.
    const { workerPath, remove } = standIn(`const n = (globalThis.runs = (globalThis.runs ?? 0) + 1); port.postMessage({ type: 'result', id, result: { ...ok, reusedFiles: n }, memoryMb: 100 + 10 * n });`);
    const runsOf = async (memoryMark: MemoryMark): Promise<number[]> => {
      const session = new PreviewSession({ workerPath, isolation, memoryMark });
      try {
        const runs: number[] = [];
        for (let i = 0; i < 5; i++) runs.push((await session.run(input([], { timeoutMs: 60_000 }))).reusedFiles);
        return runs;
      } finally {
        await session.dispose();
      }
    };
    try {
      // Past the total always; 20 MB past its first run after the third: a fresh worker runs the fourth.
      assert.deepEqual(await runsOf({ totalMb: 0, grownMb: 15 }), [1, 2, 3, 1, 2]);
      // Grown as much, but the total never passed: kept.
      assert.deepEqual(await runsOf({ totalMb: 1e9, grownMb: 15 }), [1, 2, 3, 4, 5]);
      // The mark of a one-off preview: kept until it grew 128 MB.
      assert.deepEqual(await runsOf(GROWTH_MARK), [1, 2, 3, 4, 5]);
    } finally {
      remove();
    }
  });

  it('gives the first run in a worker that replaces an earlier one BOOT_ALLOWANCE_MS beyond its time limit, and only that run', async () => {
    // Each stand-in answers 1.5 s after a request: past a 1 s limit, within 1 s + BOOT_ALLOWANCE_MS.
    const { workerPath, remove } = standIn(`setTimeout(() => port.postMessage({ type: 'result', id, result: ok, memoryMb: 1 }), 1500);`);
    const session = new PreviewSession({ workerPath, isolation });
    try {
      const runs = [];
      for (let i = 0; i < 3; i++) runs.push(await session.run(input([], { timeoutMs: 1000 })));
      assert.match(runs[0].error?.message ?? '', /time limit \(1000 ms\)/, "the session's first worker: its limit");
      assert.equal(runs[1].ok, true, 'the worker that replaces the one cut: its limit and the allowance');
      assert.match(runs[2].error?.message ?? '', /time limit \(1000 ms\)/, 'its next run: its limit');
    } finally {
      await session.dispose();
      remove();
    }
  });

  it('a worker that ended between two runs is replaced at the next run, which does not wait out its time limit on the dead worker', async () => {
    // Each stand-in answers, then ends, as in its idle work after the answer.
    const { workerPath, remove } = standIn(`port.postMessage({ type: 'result', id, result: ok, memoryMb: 1 }); setImmediate(() => process.exit(7));`);
    const exits: number[] = [];
    const session = new PreviewSession({ workerPath, isolation, onIdleExit: (code) => exits.push(code) });
    try {
      assert.equal((await session.run(input([], { timeoutMs: 60_000 }))).ok, true);
      // Not a timing: room for the worker's exit to reach this thread before the next run.
      await new Promise((r) => setTimeout(r, 1000));
      const second = await session.run(input([], { timeoutMs: 60_000 }));
      assert.equal(second.ok, true, second.error?.message);
      assert.equal(exits[0], 7, 'the end between the runs is reported, with its exit code');
    } finally {
      await session.dispose();
      remove();
    }
  });

  it('a disposed session refuses the runs still queued instead of starting a worker nobody would end', async () => {
    // A stand-in that says it started a run of files and never answers it: that run is running when the session is disposed.
    const { workerPath, remove } = standIn(`if (input.files.length) port.postMessage({ type: 'step', id, step: { phase: 'boot' } }); else port.postMessage({ type: 'result', id, result: ok, memoryMb: 1 });`);
    const exits: number[] = [];
    const session = new PreviewSession({ workerPath, isolation, onIdleExit: (code) => exits.push(code) });
    try {
      let started!: () => void;
      const booting = new Promise<void>((r) => (started = r));
      const running = session.run(input([{ path: 'a.sql', text: 'SELECT 1;' }], { timeoutMs: 60_000 }), { onStep: () => started() });
      const queued = session.run(input([], { timeoutMs: 60_000 }));
      await booting;
      await session.dispose();
      await assert.rejects(running, /preview worker exited/);
      await assert.rejects(queued, /the session was closed/);
      assert.deepEqual(exits, [], 'a worker the session ended is no idle exit');
    } finally {
      remove();
    }
  });

  it('rejects malformed input with a clear message', async () => {
    await assert.rejects(runPreview({ files: 'nope', transaction: 'per-file', timeoutMs: 10 } as never, { isolation }), /input.files must be an array/);
    await assert.rejects(runPreview(input([], { timeoutMs: 0 }), { isolation }), /timeoutMs must be a positive number/);
  });
});

describe('preview host (worker process): its end', function () {
  this.timeout(120_000);
  /** bench/process-tree.mjs: the process tree as the memory benchmarks read it. */
  let childrenOf: (pid: number) => number[];
  let isRunning: (pid: number) => boolean;
  before(async () => ({ childrenOf, isRunning } = (await import(join(__dirname, '../../../bench/process-tree.mjs'))) as { childrenOf: typeof childrenOf; isRunning: typeof isRunning }));

  it('a host that exits takes its worker process with it, even one busy in an endless statement', async () => {
    const script = `
      const { PreviewSession } = require(${JSON.stringify(join(__dirname, '../../../server/src/preview/host.ts'))});
      const session = new PreviewSession({ isolation: 'process' });
      const files = [{ path: '001_spin.sql', text: 'DO $$ BEGIN LOOP END LOOP; END $$;' }];
      session.run({ files, transaction: 'per-file', timeoutMs: 600000 }, { onStep: (s) => s.phase === 'apply' && setTimeout(() => { console.log('spinning'); setTimeout(() => process.exit(0), 500); }, 500) });`;
    const host = spawn(process.execPath, ['--require', 'tsx/cjs', '-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
    const children = new Promise<number[]>((resolve) => host.stdout.on('data', () => resolve(childrenOf(host.pid!))));
    const exited = new Promise((resolve) => host.on('exit', resolve));
    const workers = await children;
    assert.equal(workers.length, 1, 'one worker process while the run spins');
    await exited;
    await new Promise((resolve) => setTimeout(resolve, 500));
    assert.ok(!isRunning(workers[0]), 'the worker process ended with its host');
  });

  for (const signal of ['SIGKILL', 'SIGTERM'] as const) {
    it(`a host ended by ${signal} (no exit handler runs) leaves no worker process behind, even one busy in an endless statement`, async () => {
      const script = `
        const { PreviewSession } = require(${JSON.stringify(join(__dirname, '../../../server/src/preview/host.ts'))});
        const session = new PreviewSession({ isolation: 'process' });
        const files = [{ path: '001_spin.sql', text: 'DO $$ BEGIN LOOP END LOOP; END $$;' }];
        session.run({ files, transaction: 'per-file', timeoutMs: 600000 }, { onStep: (s) => s.phase === 'apply' && setTimeout(() => console.log('spinning'), 500) });`;
      const host = spawn(process.execPath, ['--require', 'tsx/cjs', '-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
      const children = new Promise<number[]>((resolve) => host.stdout.on('data', () => resolve(childrenOf(host.pid!))));
      const exited = new Promise((resolve) => host.on('exit', resolve));
      const [worker, ...others] = await children;
      assert.equal(others.length, 0, 'one worker process while the run spins');
      host.kill(signal);
      await exited;
      assert.ok(isRunning(worker), 'the worker still spins just after its host ended (no exit handler ran)');
      assert.equal(dataDirsOf(host.pid!).length, 1, 'the worker\'s data directory is on disk');
      // The worker's watch looks once a second (parent-watch.ts); a generous bound for a loaded machine.
      const until = Date.now() + 30_000;
      while (isRunning(worker) && Date.now() < until) await new Promise((resolve) => setTimeout(resolve, 200));
      assert.ok(!isRunning(worker), 'the orphaned worker process ended on its own');
      assert.deepEqual(dataDirsOf(host.pid!), [], 'and removed its data directory');
    });
  }
});

describe('preview host (worker process): the data directory', function () {
  this.timeout(120_000);

  it('is on disk in a folder of the worker\'s own, private to this user, in the temporary folder, and goes when the worker ends', async () => {
    const before = new Set(dataDirsOf(process.pid));
    const session = new PreviewSession({ isolation: 'process' });
    try {
      const res = await session.run(input([{ path: '001.sql', text: 'CREATE TABLE a (id int);' }]));
      assert.ok(res.ok);
      const mine = dataDirsOf(process.pid).filter((d) => !before.has(d));
      assert.equal(mine.length, 1);
      assert.equal(statSync(mine[0]).mode & 0o777, 0o700);
      assert.ok(existsSync(join(mine[0], 'pgdata', 'PG_VERSION')), 'PostgreSQL\'s data directory is there');
      await session.dispose();
      assert.ok(!existsSync(mine[0]), 'removed with the worker');
    } finally {
      await session.dispose();
    }
  });

  it('is removed off the host\'s main thread when the worker ends (a synchronous removal held it 24-35 ms), and is gone once terminate settles', async () => {
    // The module object scratch-dir.ts calls through: a synchronous removal shows here.
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- patched, which an import's namespace cannot be
    const nodeFs = require('node:fs') as typeof import('node:fs');
    const rmSyncOf = nodeFs.rmSync;
    const removedSync: string[] = [];
    const before = new Set(dataDirsOf(process.pid));
    const session = new PreviewSession({ isolation: 'process' });
    try {
      const res = await session.run(input([{ path: '001.sql', text: 'CREATE TABLE a (id int);' }]));
      assert.ok(res.ok);
      const [mine] = dataDirsOf(process.pid).filter((d) => !before.has(d));
      nodeFs.rmSync = (path, options) => {
        removedSync.push(String(path));
        rmSyncOf(path, options);
      };
      await session.dispose();
      assert.ok(!existsSync(mine), 'removed once dispose settles');
      assert.deepEqual(removedSync.filter((p) => p.startsWith(mine)), [], 'not by a synchronous rmSync on the host\'s thread');
    } finally {
      nodeFs.rmSync = rmSyncOf;
      await session.dispose();
    }
  });
});

describe('preview host (worker process): its memory', function () {
  this.timeout(120_000);
  let childrenOf: (pid: number) => number[];
  before(async () => ({ childrenOf } = (await import(join(__dirname, '../../../bench/process-tree.mjs'))) as { childrenOf: typeof childrenOf }));

  it('keeps glibc\'s malloc in one arena: after a preview the worker process has no per-thread arenas (64 MB reservations) holding freed memory', async () => {
    const before = new Set(childrenOf(process.pid));
    const session = new PreviewSession({ isolation: 'process' });
    try {
      const res = await session.run(input([{ path: '001.sql', text: 'CREATE TABLE a (id int); INSERT INTO a SELECT generate_series(1, 10000);' }]));
      assert.ok(res.ok, res.error?.message);
      const [worker] = childrenOf(process.pid).filter((pid) => !before.has(pid));
      assert.ok(worker, 'the worker runs in a child process');
      assert.deepEqual(threadArenasOf(worker), []);
    } finally {
      await session.dispose();
    }
  });
});

describe('preview host (worker process): many sets', function () {
  this.timeout(120_000);

  it('one exit listener for all worker processes, however many sessions (no MaxListenersExceededWarning past ten sets)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lens-host-test-'));
    const workerPath = join(dir, 'worker.js');
    writeFileSync(workerPath, `process.on('message', () => {}); process.on('disconnect', () => process.exit(0));`);
    const before = process.listenerCount('exit');
    const sessions = Array.from({ length: 12 }, () => new PreviewSession({ workerPath, isolation: 'process' }));
    try {
      sessions.forEach((s) => s.start());
      assert.equal(process.listenerCount('exit'), before + 1);
    } finally {
      await Promise.all(sessions.map((s) => s.dispose()));
      rmSync(dir, { recursive: true, force: true });
    }
    assert.equal(process.listenerCount('exit'), before, 'the listener goes with the last worker process');
  });
});

/** The data directories' folders (scratch-dir.ts) of the workers of host `pid`. */
function dataDirsOf(pid: number): string[] {
  return readdirSync(tmpdir()).filter((n) => n.startsWith(`migration-lens-pgdata-${pid}-`)).map((n) => join(tmpdir(), n));
}

/**
 * The malloc arenas a process's threads got from glibc besides its main heap (Linux): each is a
 * 64 MB reservation aligned to 64 MB (HEAP_MAX_SIZE, glibc malloc/arena.c), its used part
 * readable and writable, the rest inaccessible.
 */
function threadArenasOf(pid: number): string[] {
  const ARENA = 64n << 20n;
  const maps = readFileSync(`/proc/${pid}/maps`, 'utf8').trim().split('\n').map((l) => {
    const [range, perms, , , inode] = l.split(/\s+/);
    const [start, end] = range.split('-').map((h) => BigInt(`0x${h}`));
    return { range, start, end, perms, anonymous: inode === '0' };
  });
  return maps.filter((m, i) => m.anonymous && m.perms === 'rw-p' && m.start % ARENA === 0n && maps[i + 1]?.perms === '---p' && maps[i + 1].start === m.end && maps[i + 1].end === m.start + ARENA).map((m) => m.range);
}
