/**
 * V8 runs a function in its interpreter until it has run often enough to be compiled to
 * optimized code (tiering: https://v8.dev/blog/sparkplug, https://v8.dev/docs/turbofan), so a
 * fresh server lints its first documents several times slower than it later does: over stdio a
 * 200-line open took 10–20 ms in the first forty opens of a session, 2–3 ms in the server after
 * that. Once a document's diagnostics are out, the server lints every rule's documented examples
 * (bad and good) a few times in the background, one example per event-loop turn and only while
 * no document waits for its lint, so the lints the user waits for run optimized code sooner. It
 * costs about 0.6 s of CPU once per session. Fresh servers side by side over stdio, the 200-line
 * open's median over its runs 2–42 (bench/squawk.mjs's): 10.8 against 14.0 ms, lower in seven
 * pairs of eight (load average 5, 2026-12-03 15:45); one pass instead of three gave 12.0 ms.
 */
import { TextDocument } from 'vscode-languageserver-textdocument';
import { ALL_RULES } from '../rules/index';
import { diagnosticsOf } from './diagnostics';
import { safeLint, type Logger } from './lint';

/** Passes over the examples (about 130 of them). */
const PASSES = 3;

export class WarmUp {
  private readonly examples = ALL_RULES.filter((r) => (r.checkStatement || r.checkFile) && !r.checkSet).flatMap((r) => [r.docs.bad, r.docs.good]);
  private done = 0;
  private scheduled = false;
  /** What runs in an idle turn of its own once every example is linted (whenDone). */
  private readonly afterwards: (() => void)[] = [];

  /** `busy`: a document waits for its lint, or one is scheduled (a step now would delay it). */
  constructor(
    private readonly busy: () => boolean,
    private readonly log: Logger,
  ) {}

  /** Example lints still to run. */
  get remaining(): number {
    return PASSES * this.examples.length - this.done;
  }

  /** `f` runs in an idle turn after the last example's lint (the server's code cache is written then: server-start.ts). */
  whenDone(f: () => void): void {
    this.afterwards.push(f);
  }

  /** Starts, or goes on after the server was busy (the caller resumes it once idle); nothing once done. */
  resume(): void {
    if (this.scheduled || (this.remaining === 0 && this.afterwards.length === 0)) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      if (this.busy()) return;
      if (this.remaining === 0) {
        for (const f of this.afterwards.splice(0)) f();
        return;
      }
      const text = this.examples[this.done++ % this.examples.length];
      // No set and a path of its own: nothing of it is kept but its statements' parses in the parse cache.
      const outcome = safeLint(text, { path: 'warm-up.sql' }, this.log);
      diagnosticsOf(TextDocument.create('untitled:warm-up.sql', 'sql', 0, text), outcome);
      this.resume();
    });
  }
}
