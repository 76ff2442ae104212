/** Findings, rule failures and configuration problems as LSP diagnostics. */
import { DiagnosticSeverity, DiagnosticTag, type Diagnostic } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { pathToFileURL } from 'node:url';
import { SOURCES } from '../../../shared/protocol';
import type { Finding } from '../engine';
import type { Severity } from '../rules/types';
import type { LintOutcome, RuleFailure } from './lint';
import { rangeOf } from './positions';

export const SOURCE = SOURCES.lint;

export const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

/** What code actions and hover find again on a diagnostic the client sends back. */
export interface DiagnosticData {
  ruleId: string;
  /** The finding's key among the file's findings (see findingKeys): code actions look its fixes up by it. */
  key?: string;
}

/**
 * A stable key for each finding of a list: rule id, range, and its rank among findings of the
 * same rule on the same range (as vscode-eslint keys its fixes). Two findings of one rule on one
 * statement keep their own fixes even when their ranges coincide.
 */
export function findingKeys(findings: readonly Finding[]): string[] {
  const seen = new Map<string, number>();
  return findings.map((f) => {
    const base = `${f.ruleId}@${f.start}-${f.end}`;
    const rank = seen.get(base) ?? 0;
    seen.set(base, rank + 1);
    return `${base}#${rank}`;
  });
}

export function diagnosticsOf(doc: TextDocument, outcome: LintOutcome): Diagnostic[] {
  return [...findingDiagnostics(doc, outcome.findings), ...outcome.failures.map((f) => failureDiagnostic(doc, f))];
}

/** Diagnostics of a list of findings, each keyed within that list. */
export function findingDiagnostics(doc: TextDocument, findings: readonly Finding[]): Diagnostic[] {
  const keys = findingKeys(findings);
  return findings.map((f, i) => findingDiagnostic(doc, f, keys[i]));
}

function findingDiagnostic(doc: TextDocument, f: Finding, key: string): Diagnostic {
  const data: DiagnosticData = { ruleId: f.ruleId, key };
  const d: Diagnostic = { range: rangeOf(doc, f.start, f.end), severity: SEVERITY[f.severity], code: f.ruleId, source: SOURCE, message: f.message, data };
  // The squiggle covers the statement's head; the whole statement is one click away.
  if (f.fullStatement) d.relatedInformation = [{ location: { uri: doc.uri, range: rangeOf(doc, f.fullStatement.start, f.fullStatement.end) }, message: 'The whole statement' }];
  // Earlier statements that explain it (maybe in earlier migrations).
  if (f.related?.length) d.relatedInformation = [...(d.relatedInformation ?? []), ...f.related.map((r) => ({ location: { uri: r.path ? pathToFileURL(r.path).toString() : doc.uri, range: r.range }, message: r.message }))];
  if (f.ruleId === 'unused-ignore') d.tags = [DiagnosticTag.Unnecessary];
  return d;
}

function failureDiagnostic(doc: TextDocument, f: RuleFailure): Diagnostic {
  const what = f.ruleId === 'engine' ? 'Migration Lens failed to lint this file' : `Rule ${f.ruleId} failed on this statement (the other rules still ran)`;
  const data: DiagnosticData = { ruleId: f.ruleId };
  return {
    range: rangeOf(doc, f.start, f.end),
    severity: DiagnosticSeverity.Warning,
    code: f.ruleId,
    source: SOURCE,
    message: `${what}: ${f.message}. Details are in the Migration Lens output.`,
    data,
  };
}

/**
 * Problems of `.migration-lens.json`, placed on the line config.ts names or on the key the
 * message quotes; the file path prefix is dropped since the diagnostic sits in the file.
 */
export function configDiagnostics(doc: TextDocument, problems: string[]): Diagnostic[] {
  const text = doc.getText();
  return problems.map((problem) => {
    const m = /^.*?\.migration-lens\.json(?::(\d+))?: ([\s\S]*)$/.exec(problem);
    const message = m ? m[2] : problem;
    const line = m?.[1] ? Number(m[1]) - 1 : undefined;
    let range = line !== undefined ? rangeOf(doc, doc.offsetAt({ line, character: 0 }), doc.offsetAt({ line, character: 2 ** 31 - 1 })) : undefined;
    if (!range) {
      const key = /^(?:rules|categories)\.([\w-]+)/.exec(message)?.[1] ?? /"([^"]+)"/.exec(message)?.[1];
      const at = key ? text.indexOf(`"${key}"`) : -1;
      range = at >= 0 ? rangeOf(doc, at, at + key!.length + 2) : rangeOf(doc, 0, 0);
    }
    return { range, severity: DiagnosticSeverity.Warning, source: SOURCE, message };
  });
}
