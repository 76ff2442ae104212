import { activeHeader } from '../header/active';
import { declaresDangerous, hasDangerousReview } from '../header/parse';
import { DANGEROUS_REVIEW } from '../header/template';
import { defineRule, type Fix } from './types';

export default defineRule({
  id: 'dangerous-migration-undeclared',
  category: 'header',
  defaultSeverity: 'error',
  docs: {
    summary: 'A destructive migration must declare `Type: Dangerous migration` and carry a DANGEROUS CHANGE REVIEW section.',
    why: 'Drops, large rewrites and constraint tightening are dangerous: they need a backup, row counts, an approver and verification queries before they run. Declaring it in the file makes the review impossible to skip. Once declared and reviewed, the destructive findings themselves drop to information.',
    instead: 'Add `-- Type: Dangerous migration` to the header and a `-- DANGEROUS CHANGE REVIEW` section with the checklist evidence.',
    bad: `-- Migration: 202604211430_drop_legacy
ALTER TABLE users DROP COLUMN legacy_flag;`,
    good: `-- Migration: 202604211430_drop_legacy
-- Type: Dangerous migration
-- DANGEROUS CHANGE REVIEW
-- Backup/snapshot: 2026-04-21 14:00 by ana
ALTER TABLE users DROP COLUMN legacy_flag;`,
  },
  checkFindings(ctx, findings) {
    const active = activeHeader(ctx);
    if (!active) return [];
    const destructive = findings.filter((x) => ctx.isDestructive(x.ruleId));
    const declared = declaresDangerous(active.header);
    const reviewed = hasDangerousReview(ctx.file);
    if (!destructive.length || (declared && reviewed)) return [];
    const missing = [!declared && '`Type: Dangerous migration` in the header', !reviewed && 'a DANGEROUS CHANGE REVIEW section'].filter(Boolean).join(' and ');
    const ids = [...new Set(destructive.map((d) => d.ruleId))].join(', ');
    const fixes: Fix[] = [];
    const header = active.header;
    if (header) {
      const edits = [];
      if (!declared) edits.push({ start: header.insertAt, end: header.insertAt, newText: '-- Type: Dangerous migration\n' });
      if (!reviewed) {
        const after = ctx.file.statements[0]?.start ?? ctx.file.text.length;
        const lineStart = ctx.file.text.lastIndexOf('\n', after - 1) + 1;
        edits.push({ start: lineStart, end: lineStart, newText: `${DANGEROUS_REVIEW.join('\n')}\n` });
      }
      fixes.push({ title: 'Declare the dangerous migration and add the review section', edits });
    }
    return destructive.map((d) => ({ start: d.start, end: d.end, message: `Destructive change (${d.ruleId}) needs ${missing}. Destructive rules here: ${ids}.`, fixes }));
  },
});
