/**
 * The editor side of the run-time proofs (idempotency, down round trip, snapshot drift): their
 * commands, the idempotency proof that follows each preview, and how results are shown:
 * diagnostics (with quick fixes), a line per set in the output channel, a message per command.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { ApplyError } from '../../../server/src/preview/types';
import { labelOf, readText, type PreviewController, type ProofPlan, type ProofRun } from '../preview/controller';
import { registerProofCodeActions } from './codeActions';
import { ProofDiagnostics } from './diagnostics';
import type { CommandProof } from '../../../server/src/preview/prove/plan';

interface CommandSpec {
  command: string;
  title: string;
  /** What a clean run covered, singular: "file", "down file", "snapshot". */
  unit: string;
  /** `${clean} in N units` when nothing was found. */
  clean: string;
  /** When no set gets the proof. */
  none: string;
}

const COMMANDS: Record<CommandProof, CommandSpec> = {
  idempotency: {
    command: 'migrationLens.proveIdempotency',
    title: 'Migration Lens: proving idempotency (every file applied twice)',
    unit: 'file',
    clean: 'No idempotency problems',
    none: 'No migration sets to prove.',
  },
  'round-trip': {
    command: 'migrationLens.proveRoundTrip',
    title: 'Migration Lens: proving the down migrations (up, down, up again)',
    unit: 'down file',
    clean: 'No round-trip problems',
    none: 'No migration set has down files: there is no round trip to prove.',
  },
  drift: {
    command: 'migrationLens.checkDrift',
    title: 'Migration Lens: comparing the snapshot with the migrations',
    unit: 'snapshot',
    clean: 'No snapshot drift',
    none: 'No snapshot to check: set "preview.snapshot" in .migration-lens.json (for example "db/createDB.sql").',
  },
};

/** After each preview: idempotency where the set's runner re-applies files (see plan.ts). */
const AUTO_IDEMPOTENCY: ProofPlan = {
  kind: 'idempotency',
  title: 'Migration Lens: proving idempotency',
  request: (core, entry) => core.autoIdempotencyRequest(entry.set, entry.config, readText),
};

export function registerProofs(controller: PreviewController, output: vscode.OutputChannel): vscode.Disposable {
  const diagnostics = new ProofDiagnostics();
  controller.autoProof = AUTO_IDEMPOTENCY;
  const commands = (Object.keys(COMMANDS) as CommandProof[]).map((kind) =>
    vscode.commands.registerCommand(COMMANDS[kind].command, () => proveCommand(controller, kind)),
  );
  return vscode.Disposable.from(
    diagnostics,
    registerProofCodeActions(controller, diagnostics),
    ...commands,
    controller.onDidProve((runs) => {
      diagnostics.update(runs);
      for (const run of runs) output.appendLine(`[proof] ${labelOf(run.entry)} ${run.kind}: ${outcomeOf(run)}`);
    }),
  );
}

/** Resolves with the runs (undefined when the trust gate refused) once they are shown; messages are not awaited. */
async function proveCommand(controller: PreviewController, kind: CommandProof): Promise<ProofRun[] | undefined> {
  const spec = COMMANDS[kind];
  const runs = await controller.prove({
    kind,
    title: spec.title,
    request: (core, entry) => core.proofRequestFor(kind, entry.set, entry.config, readText, entry.folder.uri.fsPath),
  });
  if (runs) announce(spec, runs);
  return runs;
}

function announce(spec: CommandSpec, runs: ProofRun[]): void {
  if (!runs.length) return void vscode.window.showInformationMessage(spec.none);
  for (const run of runs) {
    if (run.failure) void vscode.window.showErrorMessage(`Migration Lens: ${labelOf(run.entry)}: ${run.failure}`);
    else if (run.result?.error) void showApplyError(run, run.result.error);
    else if (!run.result?.ok) void vscode.window.showErrorMessage(`Migration Lens: the ${run.kind} proof of ${labelOf(run.entry)} did not finish (see the output channel).`);
  }
  if (runs.some((r) => !r.result?.ok)) return;
  const found = runs.reduce((n, r) => n + r.result!.findings.length, 0);
  if (found) {
    void vscode.window.showWarningMessage(`Migration Lens: ${plural(found, 'problem')} found: see the Problems view.`, 'Show Problems').then((choice) => {
      if (choice) void vscode.commands.executeCommand('workbench.actions.view.problems');
    });
    return;
  }
  const covered = runs.reduce((n, r) => n + coverage(r), 0);
  void vscode.window.showInformationMessage(`${spec.clean} in ${plural(covered, spec.unit)}.`);
}

/** The set does not apply, so nothing was proven: say where it fails, and offer to go there. */
async function showApplyError(run: ProofRun, e: ApplyError): Promise<void> {
  const where = `${path.basename(e.path)}:${e.line}:${e.column}`;
  const choice = await vscode.window.showErrorMessage(
    `Migration Lens: ${labelOf(run.entry)} fails to apply at ${where}, so its ${run.kind} proof could not run: ${e.message}`,
    'Go to Error',
  );
  if (!choice) return;
  const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(e.path));
  await vscode.window.showTextDocument(doc, { selection: new vscode.Range(doc.positionAt(e.start), doc.positionAt(Math.max(e.start, e.end))) });
}

/** How many files (idempotency), down files (round trip) or snapshots (drift) a run covered. */
function coverage(run: ProofRun): number {
  const r = run.request;
  if (r?.kind === 'idempotency') return r.files?.length ?? run.entry.set.files.length;
  if (r?.kind === 'round-trip') return Object.keys(r.downs).length;
  return 1;
}

function outcomeOf(run: ProofRun): string {
  const r = run.result;
  if (!r) return run.failure ?? 'not run';
  const ms = `${Math.round(r.ms)} ms`;
  if (r.error) return `not proven in ${ms}: the set fails to apply at ${r.error.path}:${r.error.line}:${r.error.column}: ${r.error.message}`;
  if (!r.ok) return `cut off after ${ms}`;
  return `${coverage(run)} covered, ${plural(r.findings.length, 'finding')} in ${ms}`;
}

function plural(n: number, unit: string): string {
  return `${n} ${unit}${n === 1 ? '' : 's'}`;
}
