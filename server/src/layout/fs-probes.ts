/**
 * What set detection reads of the file system (folders listed, files read, paths whose existence
 * it asks), told to a listener while one is set, just before each read: the CLI's cache of
 * detected sets (cli/sets-cache.ts) checks each of these paths again before it trusts a result.
 * Detection and its conventions read through `exists` and `probed` only, never `node:fs` directly.
 */
import { existsSync } from 'node:fs';

let listener: ((path: string) => void) | undefined;

/** Tells the listener that `path` is about to be read or listed. */
export function probed(path: string): void {
  listener?.(path);
}

/** existsSync, told to the listener. */
export function exists(path: string): boolean {
  listener?.(path);
  return existsSync(path);
}

/** Runs `detect` with `onProbe` told of every path it reads (none nested: detection is synchronous). */
export function withProbes<T>(onProbe: (path: string) => void, detect: () => T): T {
  const outer = listener;
  listener = onProbe;
  try {
    return detect();
  } finally {
    listener = outer;
  }
}
