/** Hover over a finding's range: the documentation of the rules that fired there. */
import { MarkupKind, type Hover, type Position } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { renderRuleDocs } from '../docs/render';
import { RULES_BY_ID } from '../rules/index';
import type { LintOutcome } from './lint';
import { rangeOf } from './positions';

export function hoverAt(doc: TextDocument, outcome: LintOutcome, position: Position): Hover | null {
  const offset = doc.offsetAt(position);
  const hits = outcome.findings.filter((f) => (f.start === f.end ? offset === f.start : f.start <= offset && offset < f.end));
  const ruleIds = [...new Set(hits.map((f) => f.ruleId))].filter((id) => RULES_BY_ID.has(id));
  if (ruleIds.length === 0) return null;
  const first = hits.find((f) => f.ruleId === ruleIds[0])!;
  return {
    contents: { kind: MarkupKind.Markdown, value: ruleIds.map((id) => renderRuleDocs(RULES_BY_ID.get(id)!)).join('\n---\n\n') },
    range: rangeOf(doc, first.start, first.end),
  };
}
