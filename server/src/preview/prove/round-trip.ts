/**
 * Down round trip: for each up file with a down twin, the schema before the up file is read, the
 * up and the down file are applied, the schema is read again and must be the same; then the up
 * file is applied again (a down that leaves something behind usually makes that fail). The chain
 * goes on from there, so every step reuses the preview's savepoints instead of starting over.
 * An up file's verify script (sqitch) runs right after it and must succeed; it is not kept in the
 * chain (sqitch's verify scripts end in ROLLBACK: they change nothing).
 */
import { compareSchemas, describeChange, introspectAll } from '../compare';
import type { PreviewRunner } from '../runner';
import type { PreviewFile, PreviewInput } from '../types';
import { errorText, findingAt, findingOnFile } from './statements';
import { PROOF_RULES, type ProofFinding, type ProofResult } from './types';

const RULE = PROOF_RULES['round-trip'];

export async function proveRoundTrip(runner: PreviewRunner, input: PreviewInput, downs: Record<string, PreviewFile>, verifies: Record<string, PreviewFile> = {}): Promise<ProofResult> {
  const t0 = performance.now();
  const findings: ProofFinding[] = [];
  const apply = (files: PreviewFile[]) => runner.run({ ...input, files }, { introspect: false });
  const result = (ok: boolean, extra: Partial<ProofResult> = {}): ProofResult => ({ kind: 'round-trip', ok, findings, ms: performance.now() - t0, ...extra });

  const verified = async (up: PreviewFile) => {
    const verify = verifies[up.path];
    if (!verify) return;
    const checked = await apply([...chain, up, verify]);
    if (checked.ok) return;
    const e = checked.error!;
    if (e.path !== verify.path) return; // the change itself failed: reported where it is applied
    findings.push(findingAt(RULE, verify.path, verify.text, e.start, e.end, 'error', `The verify script fails after its change is deployed: ${errorText(e)}`));
  };
  const chain: PreviewFile[] = [];
  for (const up of input.files) {
    const down = downs[up.path];
    if (!down) {
      const applied = await apply([...chain, up]);
      if (!applied.ok) return result(false, { error: applied.error });
      await verified(up);
      chain.push(up);
      continue;
    }
    const baseline = await apply(chain);
    if (!baseline.ok) return result(false, { error: baseline.error });
    const before = await introspectAll(runner.database);
    const upApplied = await apply([...chain, up]);
    if (!upApplied.ok) return result(false, { error: upApplied.error });
    await verified(up);

    const downPlan = runner.planned(down.path, down.text);
    const downApplied = await apply([...chain, up, down]);
    if (!downApplied.ok) {
      const e = downApplied.error!;
      findings.push(findingAt(RULE, down.path, down.text, e.start, e.end, 'error', `The down file fails after its up file: ${errorText(e)}`));
      chain.push(up);
      continue;
    }
    const changes = compareSchemas(before, await introspectAll(runner.database));
    if (changes.length) {
      const lines = changes.map((c) => `- ${describeChange(c, { added: 'is left behind', removed: 'is gone (it existed before the up file)' })}`);
      findings.push(findingOnFile(RULE, downPlan, 'error', `The down file does not restore the schema its up file found (${changes.length} difference${changes.length === 1 ? '' : 's'}):\n${lines.join('\n')}`));
    }
    const again = await apply([...chain, up, down, up]);
    if (again.ok) chain.push(up, down, up);
    else {
      const e = again.error!;
      findings.push(findingOnFile(RULE, downPlan, 'error', `After this down file, its up file fails when applied again: ${errorText(e)} (at ${e.path.split(/[\\/]/).pop()}:${e.line}:${e.column})`));
      chain.push(up); // go on from the up file's state, as if the down had not run
    }
  }
  return result(true);
}
