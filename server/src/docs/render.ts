/**
 * Markdown for one rule's documentation. The hover, the `migrationLens/ruleDocs` request,
 * the README generator and the CLI all render docs through here, so they never disagree.
 */
import type { Rule } from '../rules/types';
import { UNSUPPRESSIBLE_RULE_IDS } from '../rules/suppressions';

/** How a run-time rule's findings are found (rule.runTime). */
const RUN_TIME = { proof: 'run-time proof (PGlite)', apply: 'found applying the set (PGlite)' } as const;

interface RenderOptions {
  /** Start with a markdown heading of this level (`### rule-id`) instead of a bold title line. */
  headingLevel?: number;
}

export function renderRuleDocs(rule: Rule, opts: RenderOptions = {}): string {
  const { docs } = rule;
  const title = opts.headingLevel ? `${'#'.repeat(opts.headingLevel)} ${rule.id}` : `**${rule.id}**`;
  const parts = [
    title,
    `*${rule.category}* · default severity: *${rule.defaultSeverity}*${rule.runTime ? ` · ${RUN_TIME[rule.runTime]}` : ''}`,
    docs.summary,
    `**Why:** ${docs.why}`,
    `**Instead:** ${docs.instead}`,
  ];
  if (docs.lock) parts.push(`**Lock taken on an existing table:** \`${docs.lock}\``);
  if (rule.destructive) parts.push('**Dangerous change:** a migration with this finding is a dangerous migration; the team\'s header declares it (`Type: Dangerous migration`) with a `DANGEROUS CHANGE REVIEW`.');
  if (rule.runTime && !UNSUPPRESSIBLE_RULE_IDS.has(rule.id)) parts.push(`**Silence it:** \`-- lens-ignore ${rule.id} -- reason\` on the line above the statement, or \`-- lens-ignore-file ${rule.id}\` anywhere in the file.`);
  parts.push(`**Bad:**\n\n${sqlFence(docs.bad)}`, `**Good:**\n\n${sqlFence(docs.good)}`);
  return parts.join('\n\n') + '\n';
}

/** A fenced SQL block whose fence is longer than any backtick run inside the code. */
function sqlFence(sql: string): string {
  const longest = Math.max(2, ...(sql.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longest + 1);
  return `${fence}sql\n${sql.trimEnd()}\n${fence}`;
}
