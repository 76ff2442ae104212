/**
 * The team's destructive-migration checklist for one pending migration, with what the live
 * database says filled in: estimated row counts and sizes of the tables it touches, the
 * statements that remove or change data, and the pre-flight probes' verdicts. Markdown, for a
 * pull request description.
 */
import type { PendingMigration } from './report';
import { formatSize } from './size';

export function preflightChecklist(m: PendingMigration, database: string, now = new Date()): string {
  const lines: string[] = [`### Pre-flight checklist: ${m.migration}`, '', `Database: \`${database}\`, read ${now.toISOString().slice(0, 16).replace('T', ' ')} UTC. Row counts are the planner's estimates (pg_class.reltuples).`, ''];
  lines.push('- [ ] Backup/snapshot confirmed (timestamp + owner recorded in PR).');
  lines.push('- [ ] Pre-migration row counts captured for affected tables:');
  if (m.tables.length) for (const t of m.tables) lines.push(`  - \`${t.name}\`: ${formatSize(t)}`);
  else lines.push('  - (no table of this migration exists in the database yet)');
  lines.push('- [ ] Expected data impact documented (what will be removed/changed):');
  const impact = m.findings.filter((f) => f.category === 'safety');
  if (impact.length) for (const f of impact) lines.push(`  - line ${f.line}: ${f.message} (\`${f.ruleId}\`)`);
  else lines.push('  - (no lock, rewrite or data-loss finding)');
  lines.push('- [ ] Explicit approver sign-off recorded in PR (backend owner or designated reviewer).');
  lines.push('- [ ] Post-migration verification queries prepared and run.');
  if (m.probes?.length) {
    lines.push('', 'Pre-flight probes (read-only, on today\'s rows):');
    for (const p of m.probes) lines.push(`- ${p.outcome === 'fail' ? '✗' : p.outcome === 'pass' ? '✓' : '?'} line ${lineOf(m, p.start)}: ${p.message}`);
  }
  return lines.join('\n') + '\n';
}

function lineOf(m: PendingMigration, offset: number): number {
  return m.text.slice(0, offset).split('\n').length;
}
