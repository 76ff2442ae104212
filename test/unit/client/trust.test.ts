/** The preview's workspace-trust decision: when it runs, asks, or refuses. */
import { strict as assert } from 'node:assert';
import { PreviewTrustGate, type TrustPrompt } from '../../../client/src/trust';

/** A prompt whose trust state and answers the test sets; it counts the questions. */
function prompt(trusted: boolean, answers: boolean[] = []): TrustPrompt & { asked: number; trusted: boolean } {
  const p = {
    trusted,
    asked: 0,
    isTrusted: () => p.trusted,
    confirm: async () => {
      p.asked++;
      const answer = answers.shift();
      assert.notEqual(answer, undefined, 'asked more often than expected');
      return answer!;
    },
  };
  return p;
}

describe('preview trust gate', () => {
  it('runs in a trusted workspace without asking, on a command and on save', async () => {
    const p = prompt(true);
    const gate = new PreviewTrustGate(p);
    assert.equal(await gate.allows('user'), true);
    assert.equal(await gate.allows('save'), true);
    assert.equal(p.asked, 0);
  });

  it('never runs on save in an untrusted workspace, and does not ask', async () => {
    const p = prompt(false);
    assert.equal(await new PreviewTrustGate(p).allows('save'), false);
    assert.equal(p.asked, 0);
  });

  it('asks before a user-started preview; a cancel refuses and asks again next time', async () => {
    const p = prompt(false, [false, false]);
    const gate = new PreviewTrustGate(p);
    assert.equal(await gate.allows('user'), false);
    assert.equal(await gate.allows('user'), false);
    assert.equal(p.asked, 2);
  });

  it('"Run Preview" once answers for the session, but still not for saves', async () => {
    const p = prompt(false, [true]);
    const gate = new PreviewTrustGate(p);
    assert.equal(await gate.allows('user'), true);
    assert.equal(await gate.allows('user'), true);
    assert.equal(p.asked, 1);
    assert.equal(await gate.allows('save'), false);
  });

  it('follows the trust state when the user grants trust later', async () => {
    const p = prompt(false, [false]);
    const gate = new PreviewTrustGate(p);
    assert.equal(await gate.allows('user'), false);
    p.trusted = true;
    assert.equal(await gate.allows('save'), true);
    assert.equal(p.asked, 1);
  });
});
