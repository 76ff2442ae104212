/**
 * Hover over a finding's range: short, one block per finding: its message, one line of why, the
 * lock its statement takes (for the rules about locks), and a link that opens the rule's full
 * documentation (the `migrationLens.showRuleDocs` command). The lock trace keeps its own section
 * (server.ts puts it above).
 */
import { MarkupKind, type Hover, type Position } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { COMMANDS } from '../../../shared/protocol';
import type { Finding } from '../engine';
import type { ParsedFile } from '../parse/parser';
import { describeLock, lockOf, lockRank, type RelationLock } from '../rules/locks';
import { RULES_BY_ID } from '../rules/index';
import type { LockMode } from '../rules/types';
import type { LintOutcome } from './lint';
import { rangeOf } from './positions';

export function hoverAt(doc: TextDocument, outcome: LintOutcome, position: Position): Hover | null {
  const offset = doc.offsetAt(position);
  const hits = outcome.findings.filter((f) => RULES_BY_ID.has(f.ruleId) && (f.start === f.end ? offset === f.start : f.start <= offset && offset < f.end));
  if (hits.length === 0) return null;
  const seen = new Set<string>();
  const blocks: string[] = [];
  for (const f of hits) {
    const key = `${f.ruleId}\0${f.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    blocks.push(findingHover(f, outcome.file));
  }
  return { contents: { kind: MarkupKind.Markdown, value: blocks.join('\n\n---\n\n') }, range: rangeOf(doc, hits[0].start, hits[0].end) };
}

/** One finding: message, why in one line, its statement's lock, the link to the full docs. */
export function findingHover(f: Finding, file: ParsedFile | undefined): string {
  const rule = RULES_BY_ID.get(f.ruleId)!;
  const lines = [`**${f.ruleId}** · ${f.severity === 'info' ? 'information' : f.severity}: ${f.message}`, '', `*Why:* ${firstSentence(rule.docs.why)}`];
  const lock = rule.docs.lock ? strongestLock(f, file) : undefined;
  if (lock) lines.push('', `*Lock:* \`${lock.mode}\` on ${describeLock(lock)} (${effectOf(lock.mode)})`);
  lines.push('', `[Full documentation of ${f.ruleId}](${docsLink(f.ruleId)})`);
  return lines.join('\n');
}

/** A command link the client runs (its markdown trusts this one command). */
export function docsLink(ruleId: string): string {
  return `command:${COMMANDS.showRuleDocs}?${encodeURIComponent(JSON.stringify([ruleId]))}`;
}

/** The first sentence of a markdown paragraph, on one line. */
function firstSentence(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  const m = /^(.+?[.!?])(?=\s+[A-Z`(*]|$)/.exec(flat);
  const sentence = m ? m[1] : flat;
  return sentence.length > 240 ? `${sentence.slice(0, 239)}…` : sentence;
}

/** The strongest lock the finding's statement takes (the statement as parsed: static, not the trace). */
function strongestLock(f: Finding, file: ParsedFile | undefined): RelationLock | undefined {
  const at = f.statement?.start ?? f.start;
  const stmt = file?.executed.find((s) => s.start <= at && at < Math.max(s.end, s.start + 1) && (!f.statement || s.start === f.statement.start)) ?? file?.statements.find((s) => s.start <= at && at <= s.end);
  if (!stmt) return undefined;
  let best: RelationLock | undefined;
  for (const l of lockOf(stmt)) if (!best || lockRank(l.mode) > lockRank(best.mode)) best = l;
  return best;
}

function effectOf(mode: LockMode): string {
  if (mode === 'ACCESS EXCLUSIVE') return 'blocks reads and writes';
  return lockRank(mode) >= lockRank('SHARE') ? 'blocks writes' : 'reads and writes go on';
}
