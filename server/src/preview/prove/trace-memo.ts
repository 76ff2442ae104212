/**
 * What a lock trace reuses from the traces before it in the same worker, so that a keystroke in a
 * large file re-traces only the statements it changed (issue #19):
 * - a statement traced on its own depends only on the database the earlier files left
 *   (PreviewRunner.appliedKey) and on its own text;
 * - a statement traced after its file's earlier statements depends on those too: its trace stays
 *   valid while every statement up to it is unchanged.
 * Both are bounded (least recently used go first).
 */
import { LruCache } from '../../parse/cache';
import type { StatementTrace } from './types';

/** What running one statement showed: its own locks and rewrites, or PostgreSQL's error. */
export type Observed = Pick<StatementTrace, 'locks' | 'rewrites' | 'rebuiltIndexes'> | { error: string; syntax?: boolean };

/** A statement's trace after its file's earlier statements, without its position. */
export type AfterEarlier = Omit<StatementTrace, 'start' | 'end' | 'line'>;

/** Statements traced alone, kept: at most this many, and this many characters of statement text. */
const ALONE_ENTRIES = 20_000;
const ALONE_CHARS = 4_000_000;
/** Files whose traces after earlier statements are kept (the documents being edited). */
const FILES = 4;

interface FileTraces {
  state: string;
  /** The statements the trace ran, in order (runnable units' SQL). */
  sqls: string[];
  /** By statement index: the traces made after the earlier statements. */
  afterEarlier: Map<number, AfterEarlier>;
}

export class TraceMemo {
  private readonly alone = new LruCache<string, Observed>(ALONE_ENTRIES, ALONE_CHARS, (key) => key.length);
  private readonly files = new LruCache<string, FileTraces>(FILES);

  /** The statement `sql` traced on its own on the database `state`, if it was. */
  aloneOf(state: string, sql: string): Observed | undefined {
    return this.alone.get(`${state}\0${sql}`);
  }

  keepAlone(state: string, sql: string, observed: Observed): void {
    this.alone.set(`${state}\0${sql}`, observed);
  }

  /**
   * The traces after earlier statements that a new trace of `path` can take over: those of the
   * last trace of that file on the same database, up to its first changed statement. Then
   * remembers `sqls` as that file's statements, with the taken traces; `keep` adds new ones.
   */
  reuse(state: string, path: string, sqls: string[]): { taken: Map<number, AfterEarlier>; keep: (u: number, t: AfterEarlier) => void } {
    const last = this.files.get(path);
    const taken = new Map<number, AfterEarlier>();
    if (last?.state === state) {
      let same = 0;
      while (same < sqls.length && same < last.sqls.length && sqls[same] === last.sqls[same]) same++;
      for (const [u, t] of last.afterEarlier) if (u < same) taken.set(u, t);
    }
    const now: FileTraces = { state, sqls, afterEarlier: new Map(taken) };
    this.files.set(path, now);
    return { taken, keep: (u, t) => void now.afterEarlier.set(u, t) };
  }
}
