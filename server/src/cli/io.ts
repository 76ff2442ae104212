/** What a command may touch of the outside world; the entry point wires it to the process. */
export interface Io {
  cwd: string;
  env: NodeJS.ProcessEnv;
  /** stdout is a terminal (colors allowed unless turned off). */
  stdoutIsTTY: boolean;
  out(text: string): void;
  err(text: string): void;
  /** The running CLI bundle, which worker threads can start (absent: everything runs on this thread). */
  workerEntry?: string;
  /** This user's cache folder (cache-dir.ts), where `lint` keeps its history's events; absent: no cache. */
  cacheDir?: string;
}

/** Exit statuses shared by every command. */
export const EXIT_OK = 0;
export const EXIT_FINDINGS = 1;
export const EXIT_USAGE = 2;
