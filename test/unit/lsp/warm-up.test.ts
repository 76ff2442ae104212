import * as assert from 'node:assert/strict';
import { WarmUp } from '../../../server/src/lsp/warm-up';

const turn = () => new Promise((resolve) => setImmediate(resolve));

describe('language server warm-up: the rules’ examples linted in the background', () => {
  it('lints nothing while a document waits for its lint, then every example until done, without a rule failure, then runs what waits for it once', async function () {
    this.timeout(60_000);
    let busy = true;
    const logged: string[] = [];
    const warmUp = new WarmUp(() => busy, (m) => logged.push(m));
    let doneAt: number | undefined;
    warmUp.whenDone(() => (doneAt = warmUp.remaining));
    const total = warmUp.remaining;
    assert.ok(total > 100, `${total} example lints`);
    warmUp.resume();
    for (let i = 0; i < 5; i++) await turn();
    assert.equal(warmUp.remaining, total, 'a busy server runs no step (its lint resumes the warm-up when done)');
    busy = false;
    warmUp.resume();
    warmUp.resume(); // at most one step is scheduled at a time
    await turn();
    assert.equal(warmUp.remaining, total - 1);
    while (warmUp.remaining > 0) await turn();
    assert.equal(doneAt, undefined, 'what follows the warm-up runs in a turn of its own');
    busy = true;
    await turn();
    assert.equal(doneAt, undefined, 'not while the server is busy');
    busy = false;
    warmUp.resume();
    await turn();
    assert.equal(doneAt, 0, 'once every example is linted');
    doneAt = undefined;
    warmUp.resume();
    await turn();
    assert.equal(doneAt, undefined, 'once only');
    assert.equal(warmUp.remaining, 0);
    assert.deepEqual(logged, []);
  });
});
