/**
 * Snapshot drift (a snapshot the team keeps in sync with the migrations): a schema snapshot kept next to the
 * migrations (e.g. `db/createDB.sql`) must produce the same schema as the migration set. Both
 * are applied to the same PGlite in turn; every difference is a finding on the snapshot, at the
 * line that makes the object when the snapshot has it, naming the migration that makes it when
 * only the set has it.
 */
import { basename } from 'node:path';
import { statementMentioning } from '../mentions';
import { lineColumn } from '../../parse/positions';
import { compareSchemas, type SchemaChange } from '../compare';
import type { PreviewRunner } from '../runner';
import type { FilePlan } from '../plan';
import type { PreviewFile, PreviewInput } from '../types';
import { errorText, findingAt, findingOnFile } from './statements';
import { PROOF_RULES, type ProofFinding, type ProofResult } from './types';

const RULE = PROOF_RULES.drift;

export async function checkDrift(runner: PreviewRunner, input: PreviewInput, snapshot: PreviewFile, ignoreTables: readonly string[] = []): Promise<ProofResult> {
  const t0 = performance.now();
  const result = (ok: boolean, findings: ProofFinding[], extra: Partial<ProofResult> = {}): ProofResult => ({ kind: 'drift', ok, findings, ms: performance.now() - t0, ...extra });
  const fromSet = await runner.run(input);
  if (!fromSet.ok) return result(false, [], { error: fromSet.error });
  const fromSnapshot = await runner.run({ ...input, files: [snapshot] });
  const plan = runner.planned(snapshot.path, snapshot.text);
  if (!fromSnapshot.ok) {
    const e = fromSnapshot.error!;
    return result(true, [findingAt(RULE, snapshot.path, snapshot.text, e.start, e.end, 'error', `The snapshot does not apply: ${errorText(e)}`)]);
  }
  // The runner's own bookkeeping (dbmate's dump holds schema_migrations and its rows) is no drift.
  const ignored = (c: SchemaChange) => ignoreTables.some((t) => c.table === t || c.object === `table ${t}`);
  const changes = compareSchemas(fromSet.schema, fromSnapshot.schema).filter((c) => !ignored(c));
  return result(true, changes.map((c) => driftFinding(c, plan)));
}

function driftFinding(c: SchemaChange, plan: FilePlan): ProofFinding {
  const made = c.beforeOrigin ? ` (${basename(c.beforeOrigin.path)}:${c.beforeOrigin.line})` : '';
  const flat = (ddl = ''): string => `\`${ddl.replace(/\s+/g, ' ').trim()}\``;
  const message =
    c.change === 'removed' ? `Snapshot drift: ${c.object} is in the migrations${made} but not in the snapshot: ${flat(c.before)}`
    : c.change === 'added' ? `Snapshot drift: ${c.object} is in the snapshot but no migration makes it: ${flat(c.after)}`
    : `Snapshot drift: ${c.object} differs. Migrations${made}: ${flat(c.before)}; snapshot: ${flat(c.after)}`;
  // At the snapshot's statement that makes the object, or else the one that makes its table.
  const origin = c.afterOrigin?.path === plan.path ? plan.parsed.statements.find((s) => lineColumn(plan.text, s.end).line >= c.afterOrigin!.line) : undefined;
  const stmt = origin ?? (c.table ? statementMentioning(plan, [c.table.slice(c.table.indexOf('.') + 1)]) : undefined);
  return stmt ? findingAt(RULE, plan.path, plan.text, stmt.start, stmt.end, 'error', message) : findingOnFile(RULE, plan, 'error', message);
}

