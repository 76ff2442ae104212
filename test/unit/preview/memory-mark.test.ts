import { strict as assert } from 'node:assert';
import { GROWTH_MARK, pastMark, SESSION_MARK } from '../../../server/src/preview/memory-mark';

describe('preview worker memory mark', function () {
  this.timeout(10_000);

  it("the language server's worker is replaced when it and the server together pass 400 MB, once it grew more than 16 MB since its first run", () => {
    // Figures of the 4,000-key soak (bench/soak.mjs): the server near 180 MB, the worker 208 MB after its first full trace.
    assert.equal(pastMark(SESSION_MARK, { firstRunMb: 208, workerMb: 225, hostMb: 180 }), true);
    assert.equal(pastMark(SESSION_MARK, { firstRunMb: 208, workerMb: 225, hostMb: 170 }), false, 'together under 400 MB: kept');
    assert.equal(pastMark(SESSION_MARK, { firstRunMb: 208, workerMb: 222, hostMb: 300 }), false, 'grown 14 MB: a fresh one would save too little');
    // A large set's worker, alone near the mark after its first run, is not replaced after every run.
    assert.equal(pastMark(SESSION_MARK, { firstRunMb: 380, workerMb: 392, hostMb: 100 }), false);
    assert.equal(pastMark(SESSION_MARK, { firstRunMb: 380, workerMb: 400, hostMb: 100 }), true);
  });

  it('a one-off preview\'s worker is replaced only past 128 MB of growth, whatever the total', () => {
    assert.equal(pastMark(GROWTH_MARK, { firstRunMb: 187, workerMb: 300, hostMb: 0 }), false);
    assert.equal(pastMark(GROWTH_MARK, { firstRunMb: 187, workerMb: 316, hostMb: 0 }), true);
  });
});
