/**
 * Quick fixes for the proofs' diagnostics, as the language server offers for its own: ignore the
 * proof for this statement or this file (the comments `unsuppressed` reads when the proof runs
 * again), and show the proof's documentation. Applying an ignore also drops the diagnostic at
 * once, instead of leaving it until the proof runs again.
 */
import * as vscode from 'vscode';
import type { PreviewController } from '../preview/controller';
import { PROOF_SOURCE, type ProofDiagnostics } from './diagnostics';

const DISMISS_COMMAND = 'migrationLens.dismissProofFinding';

export function registerProofCodeActions(controller: PreviewController, diagnostics: ProofDiagnostics): vscode.Disposable {
  return vscode.Disposable.from(
    vscode.languages.registerCodeActionsProvider({ scheme: 'file', language: 'sql' }, new ProofCodeActions(controller), {
      providedCodeActionKinds: [vscode.CodeActionKind.QuickFix],
    }),
    vscode.commands.registerCommand(DISMISS_COMMAND, (file: string, ruleId: string, at?: number) => diagnostics.dismiss(file, ruleId, at)),
  );
}

class ProofCodeActions implements vscode.CodeActionProvider {
  constructor(private readonly controller: PreviewController) {}

  async provideCodeActions(doc: vscode.TextDocument, _range: vscode.Range, context: vscode.CodeActionContext): Promise<vscode.CodeAction[]> {
    const ours = context.diagnostics.filter((d) => d.source === PROOF_SOURCE && d.code !== undefined);
    if (!ours.length) return [];
    const core = await this.controller.parsingCore();
    const text = doc.getText();
    const parsed = core.parseSql(text);
    const actions: vscode.CodeAction[] = [];
    const seen = new Set<string>();
    const add = (key: string, title: string, diagnostic: vscode.Diagnostic, build: (a: vscode.CodeAction) => void) => {
      if (seen.has(key)) return;
      seen.add(key);
      const action = new vscode.CodeAction(title, vscode.CodeActionKind.QuickFix);
      action.diagnostics = [diagnostic];
      build(action);
      actions.push(action);
    };
    const editOf = (e: { start: number; end: number; newText: string }) => {
      const edit = new vscode.WorkspaceEdit();
      edit.replace(doc.uri, new vscode.Range(doc.positionAt(e.start), doc.positionAt(e.end)), e.newText);
      return edit;
    };
    for (const d of ours) {
      const ruleId = String(typeof d.code === 'object' ? d.code.value : d.code);
      const at = doc.offsetAt(d.range.start);
      const stmt = core.statementRangeAt(parsed, at);
      if (stmt) {
        add(`${ruleId}:stmt:${stmt.start}`, `Ignore ${ruleId} for this statement`, d, (a) => {
          a.edit = editOf(core.ignoreStatementEdit(text, stmt.start, ruleId));
          a.command = { title: 'Dismiss', command: DISMISS_COMMAND, arguments: [doc.uri.fsPath, ruleId, at] };
        });
      }
      add(`${ruleId}:file`, `Ignore ${ruleId} for this file`, d, (a) => {
        a.edit = editOf(core.ignoreFileEdit(parsed, ruleId));
        a.command = { title: 'Dismiss', command: DISMISS_COMMAND, arguments: [doc.uri.fsPath, ruleId] };
      });
      add(`${ruleId}:docs`, `Show documentation for ${ruleId}`, d, (a) => {
        a.command = { title: `Show documentation for ${ruleId}`, command: 'migrationLens.showRuleDocs', arguments: [ruleId] };
      });
    }
    return actions;
  }
}
