import { strict as assert } from 'node:assert';
import { PreviewSession, runPreview } from '../../../server/src/preview/host';
import { input, loadSet, table } from './fixtures';

describe('preview host (worker thread)', function () {
  this.timeout(120_000);

  it('runs a preview in a worker', async () => {
    const res = await runPreview(input(loadSet('simple')));
    assert.equal(res.ok, true);
    assert.ok(table(res.schema, 'public', 'users'));
  });

  it('cuts off an endless DO loop at the time limit, names the statement, and never blocks this thread', async () => {
    const session = new PreviewSession();
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
      assert.ok(elapsed >= 1500 && elapsed < 5000, `stopped after ${elapsed} ms`);
      // A 10 ms timer kept firing while the loop spun: the event loop was free.
      assert.ok(ticks > (elapsed / 10) * 0.5, `${ticks} ticks in ${elapsed} ms`);

      // The session recovers with a fresh worker.
      const after = await session.run(input(loadSet('simple')));
      assert.equal(after.ok, true);
    } finally {
      await session.dispose();
    }
  });

  it('rejects malformed input with a clear message', async () => {
    await assert.rejects(runPreview({ files: 'nope', transaction: 'per-file', timeoutMs: 10 } as never), /input.files must be an array/);
    await assert.rejects(runPreview(input([], { timeoutMs: 0 })), /timeoutMs must be a positive number/);
  });
});
