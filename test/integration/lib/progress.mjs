// Limits for an integration run, from the progress lines the suite prints (test/integration/suite/index.ts):
// each test keeps its own mocha timeout inside the host; out here the whole run gets a limit that
// scales with the number of tests, and a test that outlives its own timeout (a blocked or dead
// extension host, where mocha cannot end it) fails the run. A test that sets its timeout in its
// body (this.timeout(…), after it started) is held to that one, from when it set it, as mocha
// does. Either way the message names the test that was running.
export const IT_MARKER = '[migration-lens-it] '; // the same as test/integration/suite/progress.ts

/** Workbench start, extension activation and the suite's own loading, before the first test. */
export const BASE_MS = Number(process.env.MIGRATION_LENS_IT_BASE_MS ?? 120_000);
/** Allowance per test for the whole run: the whole suite has taken up to 275 s on a busy machine, with 42 tests now: about 6.5 s a test. */
export const PER_TEST_MS = Number(process.env.MIGRATION_LENS_IT_PER_TEST_MS ?? 15_000);
/** Beyond a test's own timeout, for mocha to report it and run its hooks. */
export const GRACE_MS = 30_000;

/** The suite's progress event in a console line, or undefined for any other line. */
export function parseProgress(text) {
  // The host may prefix forwarded console lines (e.g. with "[Extension Host]"): look inside.
  const at = text.indexOf(IT_MARKER);
  if (at === -1) return undefined;
  try {
    return JSON.parse(text.slice(at + IT_MARKER.length).split('\n')[0].trim());
  } catch {
    return undefined;
  }
}

/**
 * Watches one run. `onLimit(reason)` is called once when a limit hits. A fixed overall limit
 * (MIGRATION_LENS_IT_TIMEOUT_MS) replaces the scaled one. `timers` (setTimeout, clearTimeout,
 * now) are the global ones unless a test of this module passes its own clock.
 */
export function createLimits({
  onLimit,
  fixedTotalMs = process.env.MIGRATION_LENS_IT_TIMEOUT_MS ? Number(process.env.MIGRATION_LENS_IT_TIMEOUT_MS) : undefined,
  baseMs = BASE_MS,
  perTestMs = PER_TEST_MS,
  graceMs = GRACE_MS,
  timers = { setTimeout, clearTimeout, now: Date.now },
} = {}) {
  const started = timers.now();
  let total;
  let current;
  let overall;
  let perTest;
  let done = false;
  const hit = (reason) => {
    if (done) return;
    done = true;
    clear();
    onLimit(reason);
  };
  const running = () => (current ? `; running: "${current.title}"` : '; no test had started');
  const armOverall = (limitMs) => {
    timers.clearTimeout(overall);
    const what = total === undefined ? 'before the suite reported its tests' : `for ${total} test(s)`;
    overall = timers.setTimeout(() => hit(`no result within ${Math.round(limitMs / 1000)} s (the limit ${what})${running()}`), Math.max(0, started + limitMs - timers.now()));
  };
  /** The running test's own limit, from now (mocha restarts its timer when a test sets its timeout). */
  const armPerTest = () => {
    timers.clearTimeout(perTest);
    const { title, timeoutMs } = current;
    // mocha's timeout 0 means none: the overall limit still applies.
    if (!(timeoutMs > 0)) return;
    perTest = timers.setTimeout(() => hit(`"${title}" did not end within its own limit of ${timeoutMs / 1000} s (+${graceMs / 1000} s grace): the extension host may be blocked`), timeoutMs + graceMs);
  };
  const clear = () => {
    timers.clearTimeout(overall);
    timers.clearTimeout(perTest);
  };
  armOverall(fixedTotalMs ?? baseMs);
  return {
    /** Feed every console line of the host; returns true when it was a progress line. */
    observe(text) {
      const p = parseProgress(text);
      if (!p || done) return Boolean(p);
      if (p.event === 'tests' && Number.isInteger(p.count)) {
        total = p.count;
        armOverall(fixedTotalMs ?? baseMs + total * perTestMs);
      } else if (p.event === 'start' && typeof p.title === 'string') {
        current = { title: p.title, timeoutMs: Number(p.timeoutMs) };
        armPerTest();
      } else if (p.event === 'timeout' && current && p.title === current.title) {
        current = { ...current, timeoutMs: Number(p.timeoutMs) };
        armPerTest();
      } else if (p.event === 'end') {
        timers.clearTimeout(perTest);
      }
      return true;
    },
    /** The title of the test or hook last started. */
    current: () => current?.title,
    clear,
  };
}
