/**
 * PostgreSQL's own regression SQL, fetched by fetch-pg-regress.sh into a gitignored cache.
 * In CI a missing corpus fails the suite; locally the suite is skipped with the reason.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import * as path from 'node:path';

export const REGRESS_DIR = path.join(__dirname, '.cache/pg-regress-sql');
const FETCH = path.join(__dirname, 'fetch-pg-regress.sh');

/** `npm run test:robustness` sets this: every input at full size instead of the bounded sample. */
export const FULL = process.env.LENS_ROBUSTNESS === 'full';

export type Corpus = { files: string[] } | { skip: string };

/** The regression files (absolute paths, sorted), fetching them first if needed. */
export function regressCorpus(): Corpus {
  if (!existsSync(path.join(REGRESS_DIR, '.complete'))) {
    const r = spawnSync('bash', [FETCH], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 300_000 });
    if (r.status !== 0) {
      const reason = `PostgreSQL regression SQL could not be fetched (${FETCH} exited ${r.status ?? r.signal}): ${r.stderr.trim().split('\n').slice(-3).join(' | ')}`;
      if (process.env.CI) throw new Error(reason);
      return { skip: reason };
    }
  }
  const files = readdirSync(REGRESS_DIR).filter((f) => f.endsWith('.sql')).sort().map((f) => path.join(REGRESS_DIR, f));
  // PostgreSQL 15 ships ~220; far fewer means a broken extraction, not a smaller corpus.
  if (files.length < 150) throw new Error(`only ${files.length} regression files in ${REGRESS_DIR}: delete it and fetch again`);
  return { files };
}
