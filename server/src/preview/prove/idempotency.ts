/**
 * Idempotency proof (the team practice: every file can be applied again). Each file is applied,
 * then applied a second time on the schema as it stood right after it, before the next file
 * runs (apply k, apply k again, go on): a later file that changes what an earlier one made must
 * not make the earlier one look non-idempotent. A statement that fails the second time, or
 * changes table data the second time, is a finding. Each second pass is rolled back, so the
 * next file and the preview session see every file applied once.
 *
 * Data is compared by a fingerprint of every user table (row count and a hash of the rows) before
 * and after each file; only a file that changed something is gone through statement by statement
 * to find which statement did, so a clean set costs two fingerprints per file.
 */
import type { PGlite } from '@electric-sql/pglite';
import type { PreviewRunner } from '../runner';
import type { PreviewInput } from '../types';
import type { FilePlan } from '../plan';
import { RollbackLeftovers } from '../rollback-leftovers';
import { errorText, execUnit, findingAt, runnableUnits, USER_NAMESPACE } from './statements';
import { PROOF_RULES, type ProofFinding, type ProofResult } from './types';

const RULE = PROOF_RULES.idempotency;

/** Count and hash of a table's rows, through dynamic SQL (the table is only known at run time). */
const FINGERPRINT_FUNCTION = `CREATE FUNCTION pg_temp.lens_fingerprint(rel regclass) RETURNS text LANGUAGE plpgsql AS $lens$
DECLARE r text;
BEGIN
  EXECUTE format('SELECT count(*) || '' '' || md5(coalesce(string_agg(t::text, E''\\n'' ORDER BY t::text), '''')) FROM %s t', rel) INTO r;
  RETURN r;
END $lens$`;

const FINGERPRINTS = `SELECT c.oid::regclass::text AS rel, pg_temp.lens_fingerprint(c.oid) AS fp
  FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
  WHERE c.relkind = 'r' AND ${USER_NAMESPACE}`;

type Fingerprints = Map<string, string>;

export async function proveIdempotency(runner: PreviewRunner, input: PreviewInput, only?: string[]): Promise<ProofResult> {
  const t0 = performance.now();
  const findings: ProofFinding[] = [];
  for (let k = 0; k < input.files.length; k++) {
    // The runner reuses the files it already applied: each call applies file k alone.
    const later = input.files.slice(k + 1);
    const applied = await runner.run({ ...input, files: input.files.slice(0, k + 1) }, { introspect: false, extensionsOf: later });
    if (!applied.ok) return { kind: 'idempotency', ok: false, error: applied.error, findings: [], ms: performance.now() - t0 };
    const f = input.files[k];
    if (only && !only.includes(f.path)) continue;
    const db = runner.database;
    const { leftovers } = runner;
    const opened = await db.exec(`SAVEPOINT lens_proof; ${FINGERPRINT_FUNCTION}${leftovers.markSql}`);
    const session = await leftovers.mark(db, opened);
    // A runner applies the file again in a new session, where no prepared statement and no session
    // advisory lock of the first run is left: "Prepared statements only last for the duration of
    // the current database session" (https://www.postgresql.org/docs/current/sql-prepare.html);
    // session advisory locks are held "until explicitly released or the session ends"
    // (https://www.postgresql.org/docs/current/explicit-locking.html#ADVISORY-LOCKS). Only a file
    // that could meet them clears them: clearing a prepared statement costs a fresh start below.
    if (RollbackLeftovers.couldLeave(f.text)) await leftovers.clear(db, opened);
    try {
      findings.push(...(await rerunFile(db, runner.planned(f.path, f.text), leftovers)));
    } finally {
      // The second pass (or the clearing above) removed what a file prepared (rollback-leftovers.ts): the next file starts afresh.
      if (!(await leftovers.rollBackTo(db, 'lens_proof', session, true))) await runner.close();
    }
  }
  if (input.files.length === 0) {
    const applied = await runner.run(input, { introspect: false });
    if (!applied.ok) return { kind: 'idempotency', ok: false, error: applied.error, findings: [], ms: performance.now() - t0 };
  }
  return { kind: 'idempotency', ok: true, findings, ms: performance.now() - t0 };
}

async function rerunFile(db: PGlite, plan: FilePlan, leftovers: RollbackLeftovers): Promise<ProofFinding[]> {
  const units = runnableUnits(plan);
  const findings: ProofFinding[] = [];
  const session = await leftovers.mark(db, await db.exec(`SAVEPOINT lens_rerun${leftovers.markSql}`));
  const before = await fingerprints(db);
  for (const { unit } of units) {
    const error = await execUnit(db, plan, unit);
    if (error) {
      findings.push(findingAt(RULE, plan.path, plan.text, error.start, error.end, 'error', `Not idempotent: applied a second time, this statement fails: ${errorText(error)}`));
    }
  }
  if (changes(before, await fingerprints(db)).length) {
    // Which statements changed data: the file again, a fingerprint around each statement.
    await leftovers.rollBackTo(db, 'lens_rerun', session);
    let prev = before;
    for (const { unit } of units) {
      await execUnit(db, plan, unit);
      const next = await fingerprints(db);
      const changed = changes(prev, next);
      if (changed.length) {
        findings.push(findingAt(RULE, plan.path, plan.text, unit.start, unit.end, 'warning', `Not idempotent: applied a second time, this statement changes data again: ${changed.join('; ')}.`));
      }
      prev = next;
    }
  }
  await db.exec('RELEASE SAVEPOINT lens_rerun');
  return findings.sort((a, b) => a.start - b.start);
}

async function fingerprints(db: PGlite): Promise<Fingerprints> {
  const { rows } = await db.query<{ rel: string; fp: string }>(FINGERPRINTS);
  return new Map(rows.map((r) => [r.rel, r.fp]));
}

/** What differs, in words: `public.t had 3 rows, has 6`. */
function changes(before: Fingerprints, after: Fingerprints): string[] {
  const out: string[] = [];
  for (const [rel, fp] of before) {
    const now = after.get(rel);
    const count = (x: string): string => x.slice(0, x.indexOf(' '));
    if (now === undefined) out.push(`${rel} (${rows(count(fp))}) is dropped`);
    else if (now !== fp) {
      out.push(count(now) === count(fp) ? `the rows of ${rel} differ (${rows(count(fp))} before and after)` : `${rel} had ${rows(count(fp))}, has ${count(now)}`);
    }
  }
  for (const [rel, fp] of after) if (!before.has(rel) && !fp.startsWith('0 ')) out.push(`${rel} is made again with ${rows(fp.slice(0, fp.indexOf(' ')))}`);
  return out;
}

function rows(n: string): string {
  return `${n} row${n === '1' ? '' : 's'}`;
}
