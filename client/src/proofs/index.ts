/**
 * The editor side of the run-time proofs (idempotency, down round trip, snapshot drift): their
 * commands and a message per command. The language server runs them (server/src/lsp/preview.ts),
 * after each preview too, and publishes their findings as diagnostics with quick fixes; an
 * "ignore" quick fix runs `migrationLens.dismissProofFinding` so the finding goes at once.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { COMMANDS as COMMAND_IDS, METHODS, SOURCES, type ApplyError, type CommandProof, type DismissProofFindingParams } from '../../../shared/protocol';
import { labelOf, type PreviewController, type ProofRun } from '../preview/controller';

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

/** How long the dismiss command waits for the server's diagnostics without the finding. */
const DISMISS_WAIT_MS = 2_000;

export function registerProofs(controller: PreviewController, client: LanguageClient): vscode.Disposable {
  const commands = (Object.keys(COMMANDS) as CommandProof[]).map((kind) =>
    vscode.commands.registerCommand(COMMANDS[kind].command, (arg?: unknown) => proveCommand(controller, kind, arg)),
  );
  return vscode.Disposable.from(
    ...commands,
    vscode.commands.registerCommand(COMMAND_IDS.dismissProofFinding, (file: string, ruleId: string, at?: number) => dismiss(client, file, ruleId, at)),
    vscode.commands.registerCommand(CLEAR_PROOF_RESULTS, () => clearProofResults(client)),
  );
}

export const CLEAR_PROOF_RESULTS = 'migrationLens.clearProofResults';

/** "Clear Proof Results": the proofs' findings leave the Problems panel until a proof runs again. */
async function clearProofResults(client: LanguageClient): Promise<number> {
  const count = await client.sendRequest<number>(METHODS.clearProofResults);
  vscode.window.setStatusBarMessage(`Migration Lens: ${plural(count, 'proof finding')} cleared`, 5000);
  return count;
}

/** Resolves with the runs (undefined when the trust gate refused) once they are shown; messages are not awaited. */
async function proveCommand(controller: PreviewController, kind: CommandProof, arg?: unknown): Promise<ProofRun[] | undefined> {
  const spec = COMMANDS[kind];
  // Automation and tests may name the files: `{ files: [...] }`.
  const named = arg && typeof arg === 'object' && Array.isArray((arg as { files?: unknown }).files) ? ((arg as { files: unknown[] }).files.filter((f) => typeof f === 'string') as string[]) : undefined;
  const runs = await controller.prove(kind, spec.title, named);
  if (runs && kind === 'idempotency' && !named && runs.length === 0) {
    // Not awaited: the command is done; the offer stays until the user answers it.
    void pickAndProve(controller, spec);
    return runs;
  }
  if (runs) announce(spec, runs);
  return runs;
}

/**
 * Idempotency is proven by default only where the runner applies files again (an init-sorted
 * set, `"idempotent": true`, repeatable files, a "Safe to re-run" header): elsewhere applying a
 * file twice finds only noise. The user may still pick files to prove.
 */
async function pickAndProve(controller: PreviewController, spec: CommandSpec): Promise<void> {
  const choice = await vscode.window.showInformationMessage(
    'Migration Lens: no migration here is applied again by its runner, so idempotency is not proven by default (it would report every CREATE). Pick files to prove anyway?',
    'Pick Files…',
  );
  if (!choice) return;
  const entries = await controller.sets();
  const items = entries.flatMap((e) => e.set.files.map((f) => ({ label: path.basename(f.path), description: vscode.workspace.asRelativePath(f.path), path: f.path })));
  const picked = await vscode.window.showQuickPick(items, { canPickMany: true, title: 'Prove Idempotency', placeHolder: 'Files to apply twice' });
  if (!picked?.length) return;
  const runs = await controller.prove('idempotency', spec.title, picked.map((p) => p.path));
  if (runs) announce(spec, runs);
}

/** The server drops the finding and publishes again; resolves once the editor shows that (or after a short wait). */
async function dismiss(client: LanguageClient, file: string, ruleId: string, at?: number): Promise<void> {
  const uri = vscode.Uri.file(file);
  const count = () => vscode.languages.getDiagnostics(uri).filter((d) => d.source === SOURCES.proofs && codeOf(d) === ruleId).length;
  const before = count();
  let sub: vscode.Disposable | undefined;
  const changed = new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, DISMISS_WAIT_MS);
    sub = vscode.languages.onDidChangeDiagnostics((e) => {
      if (e.uris.some((u) => u.toString() === uri.toString()) && count() < before) {
        clearTimeout(timer);
        resolve();
      }
    });
  });
  try {
    await client.sendRequest(METHODS.dismissProofFinding, { path: file, ruleId, at } satisfies DismissProofFindingParams);
    if (count() < before || before === 0) return;
    await changed;
  } finally {
    sub?.dispose();
  }
}

function codeOf(d: vscode.Diagnostic): string {
  return String(typeof d.code === 'object' ? d.code.value : d.code);
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
  const covered = runs.reduce((n, r) => n + r.covered, 0);
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

function plural(n: number, unit: string): string {
  return `${n} ${unit}${n === 1 ? '' : 's'}`;
}
