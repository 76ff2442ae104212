/**
 * The background lint's findings per file, kept across set refreshes with what they were computed
 * from, so that a refresh (every save, every file event) lints again only the files whose result
 * can have changed. A file's per-file lint reads its own text and path, the configuration, and its
 * set context: the convention and the up files applied before it (set-context.ts filesBefore:
 * the earlier ones for an up file; its up twin and everything before it for a down file; every up
 * file for an orphan or an unpaired down file). The schema rules' whole-set timeline holds later
 * files too, but a file's checks read only what comes before it (navigation/checks.ts setView).
 * So a file's key hashes its own text and path with the paths and texts of those earlier files:
 * editing a migration re-lints it and the ones after it, adding one at the end lints it alone.
 * The set-level rules are not cached here: they run on every refresh (lintSet).
 */
import { createHash, type Hash } from 'node:crypto';
import type { ResolvedConfig } from '../config';
import type { Finding } from '../engine';
import type { MigrationSet } from '../layout/types';

type ReadText = (file: string) => string | undefined;

interface Entry {
  key: string;
  config: ResolvedConfig;
  findings: Finding[];
}

export class LintCache {
  private entries = new Map<string, Entry>();

  /** The findings linted from the same inputs, if any. */
  get(file: string, key: string, config: ResolvedConfig): Finding[] | undefined {
    const e = this.entries.get(file);
    return e && e.key === key && e.config === config ? e.findings : undefined;
  }

  set(file: string, key: string, config: ResolvedConfig, findings: Finding[]): void {
    this.entries.set(file, { key, config, findings });
  }

  /** Drops the entries of files that are no longer in a set (the cache never outgrows the sets). */
  keepOnly(files: Iterable<string>): void {
    const kept = new Set(files);
    for (const file of this.entries.keys()) if (!kept.has(file)) this.entries.delete(file);
  }
}

/**
 * The key of every file of the sets (up, down, orphan), with the text it was computed from: its
 * own path and text after the digest of the up files applied before it. Unreadable files have
 * no key (they are not linted).
 */
export function lintKeys(sets: readonly MigrationSet[], read: ReadText): Map<string, { key: string; text: string }> {
  const keys = new Map<string, { key: string; text: string }>();
  for (const set of sets) {
    // before[i]: digest of the convention and up files 0..i-1, in apply order.
    const before: string[] = [];
    let chain = createHash('sha256').update(set.convention).digest('hex');
    for (const f of set.files) {
      before.push(chain);
      chain = step(createHash('sha256').update(chain), f.path, read(f.path)).digest('hex');
    }
    before.push(chain);
    const keyOf = (role: string, path: string, prior: string): void => {
      const text = read(path);
      if (text !== undefined) keys.set(path, { key: step(createHash('sha256').update(prior).update(`\0${role}`), path, text).digest('hex'), text });
    };
    set.files.forEach((f, i) => keyOf('up', f.path, before[i]));
    for (const d of set.downs) {
      const twin = d.upPath ? set.files.findIndex((f) => f.path === d.upPath) : -1;
      keyOf('down', d.path, before[twin >= 0 ? twin + 1 : set.files.length]);
    }
    for (const o of set.orphans) keyOf('orphan', o.path, before[set.files.length]);
  }
  return keys;
}

function step(hash: Hash, path: string, text: string | undefined): Hash {
  return hash.update(`\0${path}\0${text === undefined ? '\u0001' : `${text.length}\0${text}`}`);
}
