/**
 * The progress lines the suite prints for the runner outside the host
 * (test/integration/lib/progress.mjs reads them and holds each test to its own limit).
 */
export const IT_MARKER = '[migration-lens-it] ';

export type ProgressEvent =
  | { event: 'tests'; count: number }
  | { event: 'start'; title: string; timeoutMs: number }
  /** The running test set its own timeout (`this.timeout(…)` in its body). */
  | { event: 'timeout'; title: string; timeoutMs: number }
  | { event: 'end' };

/** The line the runner reads for an event. */
export function progressLine(event: ProgressEvent): string {
  return `${IT_MARKER}${JSON.stringify(event)}`;
}

/**
 * Reports a mocha run's tests and hooks as they start and end, each with its timeout. A test that
 * sets its own (`this.timeout(…)` in its body) does so after it started: that call is reported
 * too, so the runner holds the test to the limit mocha holds it to (the runner once cut a test
 * that set 120 s at the default 60 s).
 */
export function reportProgress(runner: Mocha.Runner, count: number, report: (event: ProgressEvent) => void): void {
  const reporting = new WeakSet<Mocha.Runnable>();
  const started = (runnable: Mocha.Runnable): void => {
    report({ event: 'start', title: runnable.fullTitle(), timeoutMs: runnable.timeout() });
    if (reporting.has(runnable)) return; // a hook starts again for each test
    reporting.add(runnable);
    const set = runnable.timeout;
    // mocha's Context#timeout(ms), what `this.timeout(ms)` in a test is, calls its runnable's timeout(ms) (mocha/lib/context.js).
    runnable.timeout = function (this: Mocha.Runnable, ...ms: [] | [string | number]) {
      const out = set.apply(this, ms as [string | number]);
      if (ms.length) report({ event: 'timeout', title: this.fullTitle(), timeoutMs: this.timeout() });
      return out;
    } as Mocha.Runnable['timeout'];
  };
  report({ event: 'tests', count });
  runner.on('hook', started);
  runner.on('test', started);
  runner.on('hook end', () => report({ event: 'end' }));
  runner.on('test end', () => report({ event: 'end' }));
}
