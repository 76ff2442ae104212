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
