import { activeHeader } from '../header/active';
import { field, isPlaceholder } from '../header/parse';
import { requiredFields, templateLineFor } from '../header/template';
import { defineRule, type Report } from './types';

export default defineRule({
  id: 'header-field-missing',
  category: 'header',
  defaultSeverity: 'error',
  docs: {
    summary: 'A required header field is missing or still a placeholder.',
    why: 'Each field of the header answers a reviewer\'s question (why, what it touches, how risky, how to recover). A missing field, or one left as `<placeholder>`, means the question was skipped.',
    instead: 'Fill in the field. The quick fix inserts the missing line from the template.',
    bad: `-- ============================================================
-- StudyBoost — Add index
-- Migration: 202604211430_add_index
-- Date: 2026-04-21 14:30
-- PURPOSE: <why this migration exists>
-- ============================================================
SELECT 1;`,
    good: `-- ============================================================
-- StudyBoost — Add index
-- Migration: 202604211430_add_index
-- Date: 2026-04-21 14:30
-- PURPOSE: Speed up the dashboard query.
-- IMPACT: New index on sessions(user_id).
-- DATA RISK: none (index only).
-- ROLLBACK STRATEGY: drop the index in a follow-up migration.
-- Safe to re-run: uses IF NOT EXISTS guards
-- ============================================================
SELECT 1;`,
  },
  checkFile(ctx) {
    const active = activeHeader(ctx);
    const header = active?.header;
    if (!active || !header?.fields.length) return [];
    const out: Report[] = [];
    for (const key of requiredFields(active.cfg)) {
      const f = field(header, key);
      if (!f) {
        const at = header.insertAt;
        out.push({
          start: header.lines[0].start,
          end: header.lines[0].end,
          message: `Header field "${key}" is missing.`,
          fixes: [{ title: `Add the "${key}" field`, edits: [{ start: at, end: at, newText: `${templateLineFor(active.cfg, key)}\n` }] }],
        });
      } else if (isPlaceholder(f.value)) {
        out.push({ start: f.line.start, end: f.line.end, message: `Header field "${key}" is still a placeholder: fill it in.` });
      }
    }
    return out;
  },
});
