/**
 * Markdown for one rule's documentation. The hover, the `migrationLens/ruleDocs` request,
 * the README generator and the CLI all render docs through here, so they never disagree.
 */
import type { Rule } from '../rules/types';
import { PROOF_CATEGORIES, PROOF_DOCS, type ProofRuleId } from '../preview/prove/types';

export interface RenderOptions {
  /** Start with a markdown heading of this level (`### rule-id`) instead of a bold title line. */
  headingLevel?: number;
}

export function renderRuleDocs(rule: Rule, opts: RenderOptions = {}): string {
  const { docs } = rule;
  const title = opts.headingLevel ? `${'#'.repeat(opts.headingLevel)} ${rule.id}` : `**${rule.id}**`;
  const parts = [
    title,
    `*${rule.category}* · default severity: *${rule.defaultSeverity}*`,
    docs.summary,
    `**Why:** ${docs.why}`,
    `**Instead:** ${docs.instead}`,
  ];
  if (docs.lock) parts.push(`**Lock taken on an existing table:** \`${docs.lock}\``);
  parts.push(`**Bad:**\n\n${sqlFence(docs.bad)}`, `**Good:**\n\n${sqlFence(docs.good)}`);
  return parts.join('\n\n') + '\n';
}

/** The documentation page of a run-time proof (`proof-lock`, …): what it observes and how to silence it. */
export function renderProofDocs(id: ProofRuleId): string {
  const docs = PROOF_DOCS[id];
  return [
    `**${id}**`,
    `*${PROOF_CATEGORIES[id]}* · run-time proof`,
    docs.summary,
    `**How:** ${docs.why}`,
    `**Silence it:** \`-- lens-ignore ${id} -- reason\` on the line above the statement, or \`-- lens-ignore-file ${id}\` anywhere in the file.`,
  ].join('\n\n') + '\n';
}

/** A fenced SQL block whose fence is longer than any backtick run inside the code. */
function sqlFence(sql: string): string {
  const longest = Math.max(2, ...(sql.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longest + 1);
  return `${fence}sql\n${sql.trimEnd()}\n${fence}`;
}
