/**
 * Node built-ins that most runs never use, loaded on first use: a static import loads a built-in
 * (and what it loads: child_process brings net and dgram) when the bundle starts, which every
 * `migration-lens` process paid for, `--version` and a lint outside git included.
 */
import type * as ChildProcess from 'node:child_process';
import type * as Crypto from 'node:crypto';

let childProcess: typeof ChildProcess | undefined;
let crypto: typeof Crypto | undefined;

/** node:child_process (git, in layout/git.ts and sqitch's configuration). */
export function childProcessModule(): typeof ChildProcess {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded on first use on purpose (see above)
  return (childProcess ??= require('node:child_process') as typeof ChildProcess);
}

/**
 * node:crypto (hashes and ids: lint's history cache, GitLab fingerprints, graphile-migrate
 * headers, Drizzle snapshot ids): loading it and the modules it loads cost about 2 % of a
 * one-file lint's instructions (callgrind), which a file with no history never needs.
 */
export function cryptoModule(): typeof Crypto {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded on first use on purpose (see above)
  return (crypto ??= require('node:crypto') as typeof Crypto);
}
