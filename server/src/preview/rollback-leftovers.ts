/**
 * The session state that a ROLLBACK (TO SAVEPOINT) leaves in place, and how the preview undoes it
 * after its own rollbacks (a re-run from a file's savepoint, a lock trace, a proof's second pass).
 * Two kinds outlive a rollback:
 * - prepared statements made by SQL: they live in the session until DEALLOCATE or its end
 *   ("Prepared statements only last for the duration of the current database session",
 *   https://www.postgresql.org/docs/current/sql-prepare.html), and a rollback does not remove them
 *   (observed in PGlite: PREPARE after a SAVEPOINT, ROLLBACK TO it, the row stays in
 *   pg_prepared_statements). A re-run of the file then failed with `prepared statement "x" already exists`.
 * - session-level advisory locks: "a lock acquired during a transaction that is later rolled back
 *   will still be held following the rollback", and each acquisition needs its own release
 *   (https://www.postgresql.org/docs/current/explicit-locking.html#ADVISORY-LOCKS).
 * The rest is transactional: SET (without LOCAL too), LISTEN ("If LISTEN or UNLISTEN is executed
 * within a transaction that later rolls back, the set of notification channels being listened to is
 * unchanged": https://www.postgresql.org/docs/current/sql-listen.html), temporary objects, cursors
 * WITH HOLD not yet committed (a rollback closes them; observed in PGlite). Sequence values
 * (nextval) outlive a rollback too, but the preview reads no sequence's value.
 *
 * A mark is the state at a savepoint; after rolling back to it, what is there beyond it is
 * removed, and an advisory lock the rolled-back work released is taken again. A prepared statement
 * it removed (a DEALLOCATE) cannot be made again from here: undoLeftovers says so, and the caller
 * starts afresh.
 */
import type { PGlite, Results } from '@electric-sql/pglite';

/** What SESSION_MARK reads: the prepared statements (`name digest-of-its-PREPARE`) and advisory locks held (`classid objid objsubid mode`). */
interface SessionSeen {
  prepared: string[];
  advisory: string[];
}

/** The session's state at a savepoint: SessionSeen, and how often each advisory lock is held at session level. */
export interface SessionMark {
  prepared: string[];
  advisory: Map<string, number>;
}

/**
 * One statement whose single row (`session`, JSON) is read by `seenIn`: appended to a call the
 * caller makes anyway, so that a mark costs no PGlite call of its own. Only prepared statements
 * made by SQL (`from_sql`): PGlite's own protocol-level ones are not the migrations'
 * (https://www.postgresql.org/docs/current/view-pg-prepared-statements.html). An advisory lock's
 * key: objsubid 1 for one bigint key, its high half in classid; 2 for two int keys, in classid
 * and objid (https://www.postgresql.org/docs/current/view-pg-locks.html).
 */
const SESSION_MARK = `SELECT json_build_array(
    (SELECT coalesce(json_agg(p.name || ' ' || md5(p.statement)), '[]') FROM pg_catalog.pg_prepared_statements p WHERE p.from_sql),
    (SELECT coalesce(json_agg(concat_ws(' ', l.classid, l.objid, l.objsubid, l.mode)), '[]') FROM pg_catalog.pg_locks l
      WHERE l.locktype = 'advisory' AND l.pid = pg_catalog.pg_backend_pid() AND l.granted)
  )::text AS session`;

/**
 * What SESSION_MARK read, the last statement of `results`. None (a PGlite that stopped answering
 * returns no rows: runner.ts, answering) reads as an empty session.
 */
function seenIn(results: Results[]): SessionSeen {
  const row = results.at(-1)?.rows[0] as { session: string } | undefined;
  const [prepared, advisory] = row ? (JSON.parse(row.session) as [string[], string[]]) : [[], []];
  return { prepared, advisory };
}

/**
 * The mark of the session SESSION_MARK read. pg_locks shows a lock once however often it is
 * held, so each advisory lock held (none, as a rule: then no call) is counted by releasing its
 * session-level holds and taking them again.
 */
async function markOf(db: PGlite, results: Results[]): Promise<SessionMark> {
  const { prepared, advisory } = seenIn(results);
  const holds = new Map<string, number>();
  for (const key of advisory) {
    const released = await db.query<{ n: number }>(release(key));
    const n = released.rows[0]?.n ?? 0;
    if (n) await db.exec(retake(key, n));
    holds.set(key, n);
  }
  return { prepared, advisory: holds };
}

/**
 * Removes what `now` holds beyond `mark`: DEALLOCATEs the prepared statements, and brings each
 * advisory lock's session-level holds back to the mark's number (taking again those released).
 * False when `now` lacks a prepared statement of `mark` (or holds another statement under its
 * name): its text is not at hand, only a fresh start restores it.
 */
async function undoLeftovers(db: PGlite, mark: SessionMark, now: SessionSeen): Promise<boolean> {
  const extra = now.prepared.filter((k) => !mark.prepared.includes(k));
  const sql = extra.map((key) => `DEALLOCATE ${quoteIdent(key.slice(0, key.lastIndexOf(' ')))}`);
  for (const key of new Set([...now.advisory, ...mark.advisory.keys()])) {
    const holds = mark.advisory.get(key) ?? 0;
    if (now.advisory.includes(key)) sql.push(release(key));
    if (holds) sql.push(retake(key, holds));
  }
  if (sql.length) await db.exec(sql.join(';\n'));
  return mark.prepared.every((k) => now.prepared.includes(k));
}

/**
 * Only SQL that says PREPARE or calls an advisory lock function (pg_advisory_lock, pg_try_advisory_lock…)
 * leaves either behind; reading the session costs about as much as a small statement (pg_locks
 * copies every lock the long transaction holds), so a session that never ran such SQL is not read.
 */
const LEAVES = /\bprepare\b|advisory/i;

/**
 * Marks and undoes the leftovers of one PGlite session, once some SQL it runs could leave them
 * (`watch`). Before that, every mark is empty, and rightly: nothing run could have made any.
 */
export class RollbackLeftovers {
  private on = false;
  private readonly seen = new WeakMap<object, boolean>();

  /** A new session: nothing left yet. */
  reset(): void {
    this.on = false;
  }

  /** Called with each piece of SQL before it runs (`key`: an object the text is cached under). */
  watch(text: string, key?: object): void {
    if (this.on) return;
    let leaves = key && this.seen.get(key);
    if (leaves === undefined) {
      leaves = RollbackLeftovers.couldLeave(text);
      if (key) this.seen.set(key, leaves);
    }
    this.on = leaves;
  }

  /** SQL to append to the call that opens a savepoint, so that `mark` reads the session at it. */
  get markSql(): string {
    return this.on ? `; ${SESSION_MARK}` : '';
  }

  /** The session at the savepoint, from the results of the call that ended with markSql. */
  mark(db: PGlite, results: Results[]): Promise<SessionMark> {
    return this.on ? markOf(db, results) : Promise.resolve({ prepared: [], advisory: new Map() });
  }

  /** Whether `text` could leave either kind behind. */
  static couldLeave(text: string): boolean {
    return LEAVES.test(text);
  }

  /**
   * The session read by markSql, brought to a new session's start: no prepared statement made by
   * SQL, no session advisory lock (undoLeftovers to an empty mark).
   */
  async clear(db: PGlite, results: Results[]): Promise<void> {
    if (this.on) await undoLeftovers(db, { prepared: [], advisory: new Map() }, seenIn(results));
  }

  /** The session read by markSql after a statement that was rolled back, undone to `mark`. */
  undo(db: PGlite, mark: SessionMark, results: Results[]): Promise<boolean> {
    return this.on ? undoLeftovers(db, mark, seenIn(results)) : Promise.resolve(true);
  }

  /**
   * ROLLBACK TO SAVEPOINT `savepoint` (and RELEASE it with `release`), then undoLeftovers back to
   * `mark`. False: only a fresh start restores the session (see undoLeftovers).
   */
  async rollBackTo(db: PGlite, savepoint: string, mark: SessionMark, release = false): Promise<boolean> {
    const results = await db.exec(`ROLLBACK TO SAVEPOINT ${savepoint}${release ? `; RELEASE SAVEPOINT ${savepoint}` : ''}${this.markSql}`);
    return this.undo(db, mark, results);
  }
}

/** The arguments and the `_shared` suffix of the advisory lock functions for a lock's key (SESSION_MARK). */
function lockCall(key: string): { args: string; shared: string; held: string } {
  const [classid, objid, objsubid, mode] = key.split(' ');
  // The int keys come back as unsigned oids: -1 is 4294967295.
  const int = (oid: string) => String(Number(oid) | 0);
  return {
    args: objsubid === '1' ? `${BigInt.asIntN(64, (BigInt(classid) << 32n) | BigInt(objid))}::bigint` : `${int(classid)}, ${int(objid)}`,
    shared: mode === 'ShareLock' ? '_shared' : '',
    held: `SELECT FROM pg_catalog.pg_locks WHERE locktype = 'advisory' AND pid = pg_catalog.pg_backend_pid()
      AND classid = ${classid} AND objid = ${objid} AND objsubid = ${objsubid} AND mode = '${mode}'`,
  };
}

/**
 * Releases every session-level hold of the lock, one per row of a recursive query, and counts
 * them (`n`): pg_advisory_unlock releases one hold, and answers false, with a warning, when the
 * session holds none (https://www.postgresql.org/docs/current/functions-admin.html#FUNCTIONS-ADVISORY-LOCKS);
 * CASE asks pg_locks first, so that the last one does not warn.
 */
function release(key: string): string {
  const { args, shared, held } = lockCall(key);
  return `WITH RECURSIVE u(n) AS (SELECT 0 UNION ALL
    SELECT n + 1 FROM u WHERE CASE WHEN EXISTS (${held}) THEN pg_catalog.pg_advisory_unlock${shared}(${args}) ELSE false END)
    SELECT max(n) AS n FROM u`;
}

/** Takes the lock `n` times at session level. */
function retake(key: string, n: number): string {
  const { args, shared } = lockCall(key);
  return `SELECT pg_catalog.pg_advisory_lock${shared}(${args}) FROM pg_catalog.generate_series(1, ${n})`;
}

function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}
