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
 * Runs `units` in order with execUnit's effect (a statement that fails is rolled back alone, the
 * others are kept; errors are not reported), in one PGlite call per BATCH statements: a batch that
 * fails, or whose results do not count its statements (PGlite drops a statement its parser cannot
 * handle, and those after it in the same call: issue #19), is rolled back and run one by one.
 * Only statements the parser read (`parsed`) are batched: their text is complete, so one cannot
 * swallow the next (an unterminated string would).
 */
export async function execUnits(db: PGlite, plan: FilePlan, units: { unit: Unit; parsed: boolean }[]): Promise<void> {
  for (let i = 0; i < units.length; ) {
    let j = i;
    while (j < units.length && j - i < BATCH && units[j].parsed) j++;
    if (j - i < 2) {
      await execUnit(db, plan, units[i].unit);
      i++;
      continue;
    }
    const batch = units.slice(i, j).map((x) => x.unit);
    // The statements joined by `\n;\n`: a statement may end in a line comment.
    const whole = await db.exec(`SAVEPOINT lens_units;\n${batch.map((u) => u.sql).join('\n;\n')}`).catch(() => undefined);
    if (whole?.length === batch.length + 1) await db.exec('RELEASE SAVEPOINT lens_units');
    else {
      await db.exec('ROLLBACK TO SAVEPOINT lens_units; RELEASE SAVEPOINT lens_units');
      for (const unit of batch) await execUnit(db, plan, unit);
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
