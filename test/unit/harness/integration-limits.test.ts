/**
 * The integration runner's per-test limit (test/integration/lib/progress.mjs), fed by the
 * progress the suite reports from a real mocha run (test/integration/suite/progress.ts), on a
 * fake clock: a test that sets its own timeout in its body is held to that one.
 */
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import Mocha from 'mocha';
import { progressLine, reportProgress, type ProgressEvent } from '../../integration/suite/progress';

interface Limits {
  observe(text: string): boolean;
  clear(): void;
}
interface Timers {
  setTimeout(fn: () => void, ms: number): number;
  clearTimeout(id: number | undefined): void;
  now(): number;
}
type CreateLimits = (opts: { onLimit: (reason: string) => void; fixedTotalMs?: number; graceMs?: number; timers: Timers }) => Limits;

async function createLimits(): Promise<CreateLimits> {
  return ((await import(path.resolve(__dirname, '../../integration/lib/progress.mjs'))) as { createLimits: CreateLimits }).createLimits;
}

/** Timers that fire only when the test moves the clock. */
function fakeClock(): Timers & { advance(ms: number): void } {
  let now = 0;
  let next = 0;
  const pending = new Map<number, { at: number; fn: () => void }>();
  return {
    setTimeout: (fn, ms) => (pending.set(++next, { at: now + ms, fn }), next),
    clearTimeout: (id) => void (id !== undefined && pending.delete(id)),
    now: () => now,
    advance(ms) {
      now += ms;
      for (const [id, t] of [...pending].sort((a, b) => a[1].at - b[1].at)) {
        if (t.at > now || !pending.has(id)) continue;
        pending.delete(id);
        t.fn();
      }
    },
  };
}

/** The progress events of a real mocha run of `body` as the suite's one test (default timeout 60 s, as the suite's). */
async function eventsOf(body: (this: Mocha.Context) => void): Promise<ProgressEvent[]> {
  const mocha = new Mocha({ timeout: 60_000, reporter: class {} as unknown as Mocha.ReporterConstructor });
  const suite = Mocha.Suite.create(mocha.suite, 'suite');
  suite.addTest(new Mocha.Test('the test', body));
  const events: ProgressEvent[] = [];
  await new Promise<void>((resolve) => reportProgress(mocha.run(() => resolve()), 1, (e) => events.push(e)));
  return events;
}

/** Feeds the events up to the test's end (the test still running, as in a blocked host), then moves the clock. */
async function limitAfter(events: ProgressEvent[], ms: number): Promise<string | undefined> {
  const clock = fakeClock();
  let reason: string | undefined;
  const limits = (await createLimits())({ onLimit: (r) => (reason = r), fixedTotalMs: 3_600_000, graceMs: 30_000, timers: clock });
  for (const e of events.slice(0, events.findIndex((x) => x.event === 'end'))) assert.equal(limits.observe(`[Extension Host] ${progressLine(e)}`), true);
  clock.advance(ms);
  limits.clear();
  return reason;
}

describe('integration runner: each test its own limit', () => {
  it('a test that sets this.timeout(120_000) in its body is reported with it, and not cut at the default 60 s', async () => {
    const events = await eventsOf(function () {
      this.timeout(120_000);
    });
    assert.deepEqual(events, [
      { event: 'tests', count: 1 },
      { event: 'start', title: 'suite the test', timeoutMs: 60_000 },
      { event: 'timeout', title: 'suite the test', timeoutMs: 120_000 },
      { event: 'end' },
    ]);
    assert.equal(await limitAfter(events, 100_000), undefined);
    assert.match((await limitAfter(events, 150_000)) ?? '', /^"suite the test" did not end within its own limit of 120 s \(\+30 s grace\)/);
  });

  it('a test with the default timeout is cut at it (plus the grace)', async () => {
    const events = await eventsOf(() => undefined);
    assert.equal(events.filter((e) => e.event === 'timeout').length, 0);
    assert.equal(await limitAfter(events, 89_000), undefined);
    assert.match((await limitAfter(events, 90_000)) ?? '', /within its own limit of 60 s/);
  });
});
