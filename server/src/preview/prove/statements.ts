/**
 * What the proofs share: running one statement of a plan on its own savepoint, locating a finding
 * at a statement or at PostgreSQL's error position, and the user-relation query.
 */
import type { PGlite } from '@electric-sql/pglite';
import type { Statement } from '../../parse/parser';
import type { FilePlan, Unit } from '../plan';
import { lineColumn } from '../../parse/positions';
import { applyError } from '../runner';
import type { ApplyError } from '../types';
import type { ProofFinding, ProofRuleId } from './types';

/** Namespaces of the user's objects: not the catalogs, not temp schemas (the preview's bookkeeping lives there). */
export const USER_NAMESPACE = `n.nspname NOT IN ('pg_catalog', 'information_schema', 'pg_toast')
  AND n.nspname NOT LIKE 'pg\\_temp\\_%' AND n.nspname NOT LIKE 'pg\\_toast\\_temp\\_%'`;

/** The statement each `sql` unit runs; transaction control and skipped statements are not re-run or traced. */
export function runnableUnits(plan: FilePlan): { unit: Unit; stmt?: Statement }[] {
  const byStart = new Map(plan.parsed.statements.map((s) => [s.start, s]));
  return plan.units
    .filter((u) => u.kind === 'sql')
    .map((unit) => ({ unit, stmt: byStart.get(unit.start) }))
    .filter(({ stmt }) => stmt?.kind !== 'TransactionStmt');
}

/** Runs `unit` behind a savepoint: kept on success, rolled back on error (the error is returned, located). */
export async function execUnit(db: PGlite, plan: FilePlan, unit: Unit, keep = true): Promise<ApplyError | undefined> {
  await db.exec('SAVEPOINT lens_unit');
  try {
    await db.exec(unit.sql);
    await db.exec(keep ? 'RELEASE SAVEPOINT lens_unit' : 'ROLLBACK TO SAVEPOINT lens_unit; RELEASE SAVEPOINT lens_unit');
    return undefined;
  } catch (e) {
    await db.exec('ROLLBACK TO SAVEPOINT lens_unit; RELEASE SAVEPOINT lens_unit');
    return applyError(plan, unit, e);
  }
}

/** Statements sent to PGlite in one call by execUnits. */
const BATCH = 100;

/**
 * A statement execUnits runs again: whether the parser read it, whether it makes a PL/pgSQL
 * function or procedure (its validation compiles the body: BODIES_UNCHECKED), and whether its
 * trace ran it and it succeeded.
 */
export interface RunAgain {
  unit: Unit;
  parsed: boolean;
  plpgsql: boolean;
  traced: boolean;
}

/**
 * A statement that may change `check_function_bodies` itself (pg_dump's files set it off): run
 * alone, so that no batch restores the setting over it.
 */
const SETS_BODY_CHECK = /check_function_bodies|\breset\s+all\b/i;

/**
 * Around a batch that makes PL/pgSQL functions already traced (RunAgain.traced): their bodies are
 * not validated again, and the setting the file left is restored after them. PL/pgSQL's validator
 * compiles the body into the session's function cache, keyed by the function's OID, and only a
 * later look-up of the same function removes a stale entry (cached_function_compile in
 * src/backend/utils/cache/funccache.c): a CREATE FUNCTION run again gets a new OID, so every trace
 * that ran the soak's 200 functions again left about 200 compiled bodies of 8 KB in PGlite's
 * WebAssembly memory, which never shrinks (issue #19). A SQL function's validation compiles
 * nothing to keep but locks the tables its body reads, which later statements see held: it stays.
 * `check_function_bodies` off skips the validation ("disables validation of the routine body
 * string during CREATE FUNCTION and CREATE PROCEDURE":
 * https://www.postgresql.org/docs/current/runtime-config-client.html); the statement's own trace
 * validated it. Local settings (set_config's third argument) end with the transaction,
 * and a batch's rollback undoes them.
 */
const BODIES_UNCHECKED = "SELECT set_config('migration_lens.body_check', current_setting('check_function_bodies'), true);\nSELECT set_config('check_function_bodies', 'off', true)";
const BODIES_AS_BEFORE = "SELECT set_config('check_function_bodies', current_setting('migration_lens.body_check'), true)";

/**
 * Runs alone (execUnit): a statement the parser did not read (its text may be incomplete, and
 * swallow the next), a function its trace could not make (validated again, as it was), or one
 * that may set check_function_bodies.
 */
const runsAlone = (x: RunAgain): boolean => !x.parsed || (x.plpgsql && !x.traced) || SETS_BODY_CHECK.test(x.unit.sql);

/**
 * Runs `units` in order with execUnit's effect (a statement that fails is rolled back alone, the
 * others are kept; errors are not reported), in one PGlite call per BATCH statements: a batch that
 * fails, or whose results do not count its statements (PGlite drops a statement its parser cannot
 * handle, and those after it in the same call: issue #19), is rolled back and run one by one.
 * A batch that makes PL/pgSQL functions does not validate their bodies again (BODIES_UNCHECKED).
 */
export async function execUnits(db: PGlite, plan: FilePlan, units: RunAgain[]): Promise<void> {
  for (let i = 0; i < units.length; ) {
    let j = i;
    while (j < units.length && j - i < BATCH && !runsAlone(units[j])) j++;
    const batch = units.slice(i, j);
    const unchecked = batch.some((x) => x.plpgsql);
    if (j - i < (unchecked ? 1 : 2)) {
      await execUnit(db, plan, units[i].unit);
      i++;
      continue;
    }
    const sqls = batch.map((x) => x.unit.sql);
    // The statements joined by `\n;\n`: a statement may end in a line comment.
    const whole = await db.exec(`SAVEPOINT lens_units;\n${(unchecked ? [BODIES_UNCHECKED, ...sqls, BODIES_AS_BEFORE] : sqls).join('\n;\n')}`).catch(() => undefined);
    if (whole?.length === batch.length + (unchecked ? 4 : 1)) await db.exec('RELEASE SAVEPOINT lens_units');
    else {
      await db.exec('ROLLBACK TO SAVEPOINT lens_units; RELEASE SAVEPOINT lens_units');
      for (const x of batch) await execUnit(db, plan, x.unit);
    }
    i = j;
  }
}

export function findingAt(
  ruleId: ProofRuleId, path: string, text: string, start: number, end: number, severity: ProofFinding['severity'], message: string,
): ProofFinding {
  return { ruleId, path, start, end, ...lineColumn(text, start), severity, message };
}

/** A finding on a whole file: its first statement (or its start when it has none). */
export function findingOnFile(ruleId: ProofRuleId, plan: FilePlan, severity: ProofFinding['severity'], message: string): ProofFinding {
  const first = plan.parsed.statements[0];
  return findingAt(ruleId, plan.path, plan.text, first?.start ?? 0, first?.end ?? 0, severity, message);
}

/** PostgreSQL's message with its DETAIL and HINT, on one line each. */
export function errorText(e: ApplyError): string {
  return [e.message, e.detail && `DETAIL: ${e.detail}`, e.hint && `HINT: ${e.hint}`].filter(Boolean).join('\n');
}
