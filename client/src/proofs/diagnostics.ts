/**
 * Proof findings as diagnostics, in their own collection: a proof's run on a set replaces that
 * proof's earlier findings for that set and leaves the other proofs and sets alone.
 */
import * as vscode from 'vscode';
import type { ProofFinding } from '../../../server/src/preview/prove/types';
import { positionAt, readText, type ProofRun } from '../preview/controller';

export const PROOF_SOURCE = 'migration-lens-proofs';

const SEVERITY: Record<ProofFinding['severity'], vscode.DiagnosticSeverity> = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
};

export class ProofDiagnostics implements vscode.Disposable {
  private readonly collection = vscode.languages.createDiagnosticCollection(PROOF_SOURCE);
  /** By proof kind and set root. */
  private readonly findings = new Map<string, ProofFinding[]>();

  update(runs: ProofRun[]): void {
    for (const run of runs) {
      const key = `${run.kind}\0${run.entry.set.root}`;
      // A set that failed to apply proves nothing: its earlier findings may no longer hold.
      const findings = run.result?.ok ? run.result.findings : [];
      if (findings.length) this.findings.set(key, findings);
      else this.findings.delete(key);
    }
    this.render();
  }

  /**
   * Drops `ruleId`'s findings in `file` (only the one whose diagnostic starts at offset `at`,
   * when given) once an ignore comment is written for them; the next run of the proof reads that
   * comment and keeps them out.
   */
  dismiss(file: string, ruleId: string, at?: number): void {
    for (const [key, list] of this.findings) {
      const kept = list.filter((f) => f.path !== file || f.ruleId !== ruleId || (at !== undefined && f.start !== at));
      if (kept.length) this.findings.set(key, kept);
      else this.findings.delete(key);
    }
    this.render();
  }

  dispose(): void {
    this.collection.dispose();
  }

  private render(): void {
    const byFile = new Map<string, vscode.Diagnostic[]>();
    for (const f of [...this.findings.values()].flat()) byFile.set(f.path, [...(byFile.get(f.path) ?? []), toDiagnostic(f)]);
    this.collection.clear();
    for (const [file, list] of byFile) this.collection.set(vscode.Uri.file(file), list);
  }
}

function toDiagnostic(f: ProofFinding): vscode.Diagnostic {
  const text = readText(f.path);
  const range = text === undefined ? new vscode.Range(f.line - 1, f.column - 1, f.line - 1, f.column - 1) : new vscode.Range(positionAt(text, f.start), positionAt(text, Math.max(f.start, f.end)));
  const d = new vscode.Diagnostic(range, f.message, SEVERITY[f.severity]);
  d.source = PROOF_SOURCE;
  d.code = f.ruleId;
  return d;
}
