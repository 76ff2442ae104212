/**
 * `check --idempotent --round-trip --trace --drift`: the run-time proofs of one set, on the
 * session its preview ran in (PGlite stays warm between them). Findings join the lint report
 * under their `proof-…` ids, so every output format carries them; `--trace` also prints each
 * statement's observed locks in text output.
 */
import type { ResolvedConfig } from '../config-model';
import type { Finding } from '../engine';
import { readFromDisk } from '../layout/set-context';
import type { MigrationSet } from '../layout/types';
import { parseSql } from '../parse/parser';
import { previewInputForSet } from '../preview/from-set';
import { proofRequestFor } from '../preview/prove/plan';
import type { PreviewSession } from '../preview/host';
import { reportedBy, traceFindings, traceLabel } from '../preview/prove/trace';
import { asFinding, configured, unsuppressed } from '../preview/prove/suppress';
import type { ProofFinding, ProofRequest, ProofResult } from '../preview/prove/types';
import { LineIndex } from '../parse/positions';
import type { PreviewInput } from '../preview/types';
import type { Io } from './io';
import { offsetsOf } from './location';
import { formatApplyError, shownPath, shownSet } from './preview';
import type { LintReport } from './report';

export interface ProofFlags {
  idempotent: boolean;
  roundTrip: boolean;
  trace: boolean;
  drift: boolean;
}

export interface ProofOutcome {
  /** With the text the proof ran on, which the findings' offsets refer to. */
  findings: { path: string; finding: Finding; text?: string }[];
  /** Text output: one line per proof, and the trace of each statement. */
  text: string;
  /** A proof could not run (the set or the snapshot is unreadable, the set fails to apply). */
  failed: boolean;
}

export function anyProof(flags: ProofFlags): boolean {
  return flags.idempotent || flags.roundTrip || flags.trace || flags.drift;
}

export async function runProofs(session: PreviewSession, set: MigrationSet, config: ResolvedConfig, workspace: string, flags: ProofFlags, report: LintReport, io: Io): Promise<ProofOutcome> {
  const outcome: ProofOutcome = { findings: [], text: '', failed: false };
  const input = previewInputForSet(set, config, readFromDisk, workspace);
  const name = `${shownSet(io, set)} (${set.convention})`;
  const record = (label: string, result: ProofResult, findings = result.findings): void => {
    if (!result.ok) {
      outcome.failed = true;
      outcome.text += `✗ ${label} of ${name}: not proven, the set does not apply\n${result.error ? formatApplyError(io, result.error) : ''}`;
      return;
    }
    const kept = configured(unsuppressed(findings, (p) => texts.get(p) ?? readFromDisk(p)), config);
    for (const f of kept) outcome.findings.push({ path: f.path, finding: asFinding(f), text: texts.get(f.path) });
    const problems = kept.length ? `${kept.length} finding${kept.length === 1 ? '' : 's'}` : 'clean';
    outcome.text += `${kept.length ? '✗' : '✓'} ${label} of ${name}: ${problems} (${Math.round(result.ms)} ms)\n`;
  };
  // The texts the proofs run on: findings are located and their suppressions read in them, not read again from the disk.
  const texts = new Map(input.files.map((f) => [f.path, f.text]));
  const prove = (request: ProofRequest) => {
    if (request.kind === 'round-trip') for (const d of [...Object.values(request.downs), ...Object.values(request.verifies ?? {})]) texts.set(d.path, d.text);
    if (request.kind === 'drift') texts.set(request.snapshot.path, request.snapshot.text);
    return session.prove(input, request);
  };

  if (flags.idempotent) record('idempotency (every file applied twice)', await prove({ kind: 'idempotency' }));
  if (flags.roundTrip) {
    const request = proofRequestFor('round-trip', set, config, readFromDisk, workspace);
    if (request?.kind === 'round-trip') {
      const verifies = Object.keys(request.verifies ?? {}).length;
      record(`down round trip (${Object.keys(request.downs).length} down files${verifies ? `, ${verifies} verify scripts` : ''})`, await prove(request));
    }
    else outcome.text += `- down round trip of ${name}: no down files\n`;
  }
  if (flags.drift) {
    const request = proofRequestFor('drift', set, config, readFromDisk, workspace);
    if (request?.kind === 'drift') record(`snapshot drift (${shownPath(io, request.snapshot.path)})`, await prove(request));
    else outcome.text += `- snapshot drift of ${name}: no snapshot configured (preview.snapshot in .migration-lens.json)\n`;
  }
  if (flags.trace) await traceSet(input, prove, report, io, record, outcome);
  return outcome;
}

/** Each file traced on top of the files before it; a strong lock no static rule reported becomes a finding. */
async function traceSet(
  input: PreviewInput, prove: (r: ProofRequest) => Promise<ProofResult>, report: LintReport, io: Io,
  record: (label: string, result: ProofResult, findings?: ProofFinding[]) => void, outcome: ProofOutcome,
): Promise<void> {
  const t0 = performance.now();
  const findings: ProofFinding[] = [];
  let printed = '';
  for (const file of input.files) {
    const result = await prove({ kind: 'trace', path: file.path });
    if (!result.ok) return record('lock trace', result);
    const parsed = parseSql(file.text);
    // The static safety findings back as offsets: the same overlap rule as in the editor.
    const lines = new LineIndex(file.text);
    const statics = (report.files.find((f) => f.absPath === file.path)?.findings ?? []).filter((f) => f.category === 'safety').map((f) => offsetsOf(lines, f.region));
    findings.push(...traceFindings(file.path, parsed, result.traces ?? [], reportedBy(statics)));
    for (const t of result.traces ?? []) if (t.locks.length || t.note) printed += `  ${shownPath(io, file.path)}:${t.line}: ${traceLabel(t)}\n`;
  }
  record('lock trace', { kind: 'trace', ok: true, findings, ms: performance.now() - t0 });
  outcome.text += printed;
}

