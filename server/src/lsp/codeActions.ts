/**
 * Quick fixes for the diagnostics a client sends back: each rule fix, "ignore for this
 * statement", "ignore for this file" and "show documentation". Diagnostics are matched to
 * findings by range and rule id, and every edit is computed from the same lint result.
 */
import { CodeActionKind, TextDocumentEdit, type CodeAction, type Diagnostic, type TextEdit, type WorkspaceEdit } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Finding } from '../engine';
import type { Edit } from '../rules/types';
import { SOURCE } from './diagnostics';
import { ignoreFileEdit, ignoreStatementEdit } from './ignoreEdits';
import type { LintOutcome } from './lint';
import { rangeOf, sameRange } from './positions';

export const SHOW_RULE_DOCS_COMMAND = 'migrationLens.showRuleDocs';

/** Findings that suppression comments cannot silence (the engine adds them after suppressions, or does not parse). */
const UNSUPPRESSIBLE = new Set(['unused-ignore', 'unlintable-file']);

export interface ActionOptions {
  /** The client accepts versioned `documentChanges` (edits are then refused on a changed document). */
  documentChanges: boolean;
}

export function codeActions(doc: TextDocument, outcome: LintOutcome, diagnostics: Diagnostic[], opts: ActionOptions): CodeAction[] {
  const actions: CodeAction[] = [];
  const seen = new Set<string>();
  const add = (key: string, action: CodeAction) => {
    if (seen.has(key)) return;
    seen.add(key);
    actions.push(action);
  };
  const editOf = (edits: Edit[]) => workspaceEdit(doc, edits, opts);

  for (const diagnostic of diagnostics) {
    if (diagnostic.source !== SOURCE) continue;
    for (const f of findingsFor(doc, outcome, diagnostic)) {
      const key = `${f.ruleId}@${f.start}-${f.end}`;
      f.fixes.forEach((fix, i) => {
        add(`${key}:fix:${i}`, { title: fix.title, kind: CodeActionKind.QuickFix, diagnostics: [diagnostic], isPreferred: i === 0, edit: editOf(fix.edits) });
      });
      if (!UNSUPPRESSIBLE.has(f.ruleId)) {
        if (f.statement) {
          add(`${f.ruleId}:stmt:${f.statement.start}`, {
            title: `Ignore ${f.ruleId} for this statement`,
            kind: CodeActionKind.QuickFix,
            diagnostics: [diagnostic],
            edit: editOf([ignoreStatementEdit(doc.getText(), f.statement.start, f.ruleId)]),
          });
        }
        if (outcome.file) {
          add(`${f.ruleId}:file`, {
            title: `Ignore ${f.ruleId} for this file`,
            kind: CodeActionKind.QuickFix,
            diagnostics: [diagnostic],
            edit: editOf([ignoreFileEdit(outcome.file, f.ruleId)]),
          });
        }
      }
      add(`${f.ruleId}:docs`, {
        title: `Show documentation for ${f.ruleId}`,
        kind: CodeActionKind.QuickFix,
        diagnostics: [diagnostic],
        command: { title: `Show documentation for ${f.ruleId}`, command: SHOW_RULE_DOCS_COMMAND, arguments: [f.ruleId] },
      });
    }
  }
  return actions;
}

/** The findings a diagnostic stands for: same rule id, same range. */
function findingsFor(doc: TextDocument, outcome: LintOutcome, diagnostic: Diagnostic): Finding[] {
  return outcome.findings.filter((f) => f.ruleId === diagnostic.code && sameRange(rangeOf(doc, f.start, f.end), diagnostic.range));
}

function workspaceEdit(doc: TextDocument, edits: Edit[], opts: ActionOptions): WorkspaceEdit {
  const textEdits: TextEdit[] = edits.map((e) => ({ range: rangeOf(doc, e.start, e.end), newText: e.newText }));
  if (opts.documentChanges) return { documentChanges: [TextDocumentEdit.create({ uri: doc.uri, version: doc.version }, textEdits)] };
  return { changes: { [doc.uri]: textEdits } };
}
