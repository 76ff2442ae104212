/** Per-document debouncing: a new change to a document restarts only that document's timer. */
export class Debouncer {
  private readonly timers = new Map<string, NodeJS.Timeout>();

  schedule(key: string, delayMs: number, run: () => void): void {
    this.cancel(key);
    this.timers.set(
      key,
      setTimeout(() => {
        this.timers.delete(key);
        run();
      }, delayMs),
    );
  }

  /** Whether a run is scheduled. */
  get pending(): boolean {
    return this.timers.size > 0;
  }

  cancel(key: string): void {
    const t = this.timers.get(key);
    if (t) clearTimeout(t);
    this.timers.delete(key);
  }
}

/**
 * Resolves once the messages already read from the client have been handled: vscode-jsonrpc
 * handles one queued message per event-loop turn (a setImmediate each, connection.js
 * `triggerMessageQueue`), and a message read during this turn's I/O is queued behind this
 * callback, hence two turns. A lint that waits for this and then finds a newer version of its
 * document skips: a burst of edits is linted once, at its newest version, whatever the debounce.
 */
export function afterQueuedMessages(): Promise<void> {
  return new Promise((resolve) => setImmediate(() => setImmediate(resolve)));
}
