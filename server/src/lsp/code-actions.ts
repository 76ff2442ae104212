/**
 * Quick fixes for the diagnostics a client sends back: each rule fix, "ignore for this
 * statement", "ignore for this file" and "show documentation". Diagnostics are matched to
 * findings by the key in their data (rule id, range, rank), and every edit is computed from the
 * same lint result.
 */
import { CodeActionKind, TextDocumentEdit, type CodeAction, type Command, type Diagnostic, type TextEdit, type WorkspaceEdit } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Finding } from '../engine';
import type { Edit, Fix } from '../rules/types';
import { forwardFixOf, type Frozen } from '../scaffold/forward-fix';
import { SOURCE, findingKeys, type DiagnosticData } from './diagnostics';
import { ignoreFileEdit, ignoreStatementEdit } from './ignore-edits';
import type { LintOutcome } from './lint';
import { rangeOf, sameRange } from './positions';
import { fsPathOf } from './workspace';
import { UNSUPPRESSIBLE_RULE_IDS } from '../rules/suppressions';

import { COMMANDS, type ForwardFixParams } from '../../../shared/protocol';


interface ActionOptions {
  /** The client accepts versioned `documentChanges` (edits are then refused on a changed document). */
  documentChanges: boolean;
  /** The diagnostics' source these findings were published under (default: the lint's). */
  source?: string;
  /** A command to run after an ignore edit (the proofs drop their finding at once); `at`: the statement's finding start. */
  afterIgnore?: (ruleId: string, at?: number) => Command;
  /**
   * The file is a migration committed on the default branch or applied in the connected database:
   * it is never edited, so each fix becomes "Create a forward-fix migration…" and no action
   * writes into the file (an ignore comment would change Prisma's checksum of it too).
   */
  frozen?: Frozen;
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
  const sameFix = new Map<string, CodeAction>();

  let keys: string[] | undefined;
  const keysOnce = () => (keys ??= findingKeys(outcome.findings));
  for (const diagnostic of diagnostics) {
    if (diagnostic.source !== (opts.source ?? SOURCE)) continue;
    const found = findingsFor(doc, outcome, diagnostic, keysOnce);
    for (const f of found) {
      const key = keysOnce()[outcome.findings.indexOf(f)];
      f.fixes.forEach((fix, i) => {
        // Two findings on one column (prefer-bigint and prefer-identity on a serial id) agree on
        // one fix: it is offered once, for both diagnostics.
        const same = `fix:${fix.title}:${JSON.stringify(fix.edits)}`;
        const earlier = sameFix.get(same);
        if (earlier) {
          if (!earlier.diagnostics?.includes(diagnostic)) earlier.diagnostics?.push(diagnostic);
          return;
        }
        const action: CodeAction = opts.frozen ? forwardFixAction(doc, f, fix, diagnostic, opts.frozen) : { title: fix.title, kind: CodeActionKind.QuickFix, diagnostics: [diagnostic], edit: editOf(fix.edits) };
        action.isPreferred = i === 0;
        sameFix.set(same, action);
        add(`${key}:fix:${i}`, action);
      });
      if (!UNSUPPRESSIBLE_RULE_IDS.has(f.ruleId) && !opts.frozen) {
        if (f.statement) {
          add(`${f.ruleId}:stmt:${f.statement.start}`, {
            title: `Ignore ${f.ruleId} for this statement`,
            kind: CodeActionKind.QuickFix,
            diagnostics: [diagnostic],
            edit: editOf([ignoreStatementEdit(doc.getText(), f.statement.start, f.ruleId)]),
            command: opts.afterIgnore?.(f.ruleId, f.start),
          });
        }
        if (outcome.file) {
          add(`${f.ruleId}:file`, {
            title: `Ignore ${f.ruleId} for this file`,
            kind: CodeActionKind.QuickFix,
            diagnostics: [diagnostic],
            edit: editOf([ignoreFileEdit(outcome.file, f.ruleId)]),
            command: opts.afterIgnore?.(f.ruleId),
          });
        }
      }
      add(`${f.ruleId}:docs`, {
        title: `Show documentation for ${f.ruleId}`,
        kind: CodeActionKind.QuickFix,
        diagnostics: [diagnostic],
        command: { title: `Show documentation for ${f.ruleId}`, command: COMMANDS.showRuleDocs, arguments: [f.ruleId] },
      });
    }
  }
  return actions;
}

/** "Create a forward-fix migration…": the client has the server write the next migration of the set with the fix. */
function forwardFixAction(doc: TextDocument, f: Finding, fix: Fix, diagnostic: Diagnostic, frozen: Frozen): CodeAction {
  const ff = forwardFixOf(doc.getText(), fsPathOf(doc.uri) ?? doc.uri, f, fix, frozen);
  const params: ForwardFixParams = { uri: doc.uri, description: ff.description, body: ff.body };
  return { title: ff.title, kind: CodeActionKind.QuickFix, diagnostics: [diagnostic], command: { title: ff.title, command: COMMANDS.createForwardFix, arguments: [params] } };
}

/**
 * The finding a diagnostic stands for: the one with its key (same rule, range and rank), still at
 * the diagnostic's range. A diagnostic without a key (another client's) matches by rule and range.
 */
function findingsFor(doc: TextDocument, outcome: LintOutcome, diagnostic: Diagnostic, keys: () => string[]): Finding[] {
  const here = (f: Finding) => f.ruleId === diagnostic.code && sameRange(rangeOf(doc, f.start, f.end), diagnostic.range);
  const key = (diagnostic.data as DiagnosticData | undefined)?.key;
  if (typeof key !== 'string') return outcome.findings.filter(here);
  const f = outcome.findings[keys().indexOf(key)];
  return f && here(f) ? [f] : [];
}

function workspaceEdit(doc: TextDocument, edits: Edit[], opts: ActionOptions): WorkspaceEdit {
  const textEdits: TextEdit[] = edits.map((e) => ({ range: rangeOf(doc, e.start, e.end), newText: e.newText }));
  if (opts.documentChanges) return { documentChanges: [TextDocumentEdit.create({ uri: doc.uri, version: doc.version }, textEdits)] };
  return { changes: { [doc.uri]: textEdits } };
}
