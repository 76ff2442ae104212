import type { ParsedFile } from '../parse/parser';
import { MAX_IDS_PER_COMMENT, type Suppression, type SuppressionIndex } from './suppressions';
import { defineRule, type Report, type Rule } from './types';

const rule = defineRule({
  id: 'unused-ignore',
  category: 'suppression',
  defaultSeverity: 'info',
  docs: {
    summary: 'This lens-ignore comment suppresses nothing.',
    why: 'A suppression that no longer matches a finding (the statement was fixed, or the rule id is misspelt) hides nothing today but will silently hide a real problem later.',
    instead: 'Remove the comment, or correct the rule id.',
    bad: '-- lens-ignore create-table-without-if-not-exists\nCREATE TABLE IF NOT EXISTS users (id bigint);',
    good: 'CREATE TABLE IF NOT EXISTS users (id bigint);',
  },
});
export default rule;

/**
 * One report per unused id of a lens-ignore comment; squawk comments may be meant for squawk, so they are left alone.
 * Ids of set-level rules (layout: `checkSet`) are used by set linting, which one file's lint cannot see:
 * `lens-ignore-file` with such an id (or with none) is never reported, and `lens-ignore` with one is, because set
 * findings are silenced per file only (see layout/lint-set.ts). Ids of the run-time rules (`proof-…`, `apply-…`: metadata `runTime`) are used
 * by the preview, which no lint sees either: they are never reported as unused.
 * `registry`: every rule (the run-time ones are found there, whatever rules this lint runs).
 */
export function unusedIgnoreReports(file: ParsedFile, index: SuppressionIndex, activeRules: Rule[], registry: readonly Rule[]): Report[] {
  const runTime = new Set(registry.filter((r) => r.runTime).map((r) => r.id));
  const known = new Set<string>([...activeRules.map((r) => r.id), ...runTime]);
  const setLevel = new Set(activeRules.filter((r) => r.checkSet).map((r) => r.id));
  const out: Report[] = [];
  for (const s of index.suppressions) {
    if (s.ignoredIds) {
      out.push({ start: s.comment.start, end: s.comment.end, message: `This comment names more than ${MAX_IDS_PER_COMMENT} rules: the other ${s.ignoredIds} are not read (split it, or ignore the rules in the configuration).`, fixes: [] });
    }
    if (s.source !== 'lens') continue;
    const usedBySets = (id: string) => s.scope === 'file' && (id === '*' ? setLevel.size > 0 : setLevel.has(id));
    const unused = (s.ids.length === 0 ? (s.used.size ? [] : ['*']) : s.ids.filter((id) => !s.used.has(id))).filter((id) => !usedBySets(id) && !runTime.has(id));
    for (const id of unused) {
      const label = id === '*' ? 'lens-ignore' : `lens-ignore ${id}`;
      const message =
        id !== '*' && !known.has(id)
          ? `Unknown rule id "${id}" in ${label}.`
          : setLevel.has(id)
            ? `${label}: ${id} is checked across the migration set and only \`-- lens-ignore-file ${id}\` silences it.`
            : s.scope === 'statement' && !s.target
              ? `${label}: no statement follows this comment.`
              : `${label} suppresses nothing here.`;
      const remaining = s.ids.filter((x) => x !== id);
      out.push({ start: s.comment.start, end: s.comment.end, message, fixes: [removalFix(file, s, id === '*' ? [] : remaining)] });
    }
  }
  return out;
}

function removalFix(file: ParsedFile, s: Suppression, remaining: string[]) {
  const { start, end } = s.comment;
  if (remaining.length > 0) {
    const directive = `${s.source}-ignore${s.scope === 'file' ? '-file' : ''}`;
    const reason = /\s--\s*(.*)$/.exec(s.comment.body)?.[1];
    return { title: 'Remove the unused rule id', edits: [{ start, end, newText: `-- ${directive} ${remaining.join(', ')}${reason ? ` -- ${reason}` : ''}` }] };
  }
  // Delete the whole line when the comment stands alone on it.
  const lineStart = file.text.lastIndexOf('\n', start - 1) + 1;
  const nl = file.text.indexOf('\n', end);
  const lineEnd = nl < 0 ? file.text.length : nl + 1;
  const alone = file.text.slice(lineStart, start).trim() === '' && file.text.slice(end, nl < 0 ? file.text.length : nl).trim() === '';
  return { title: 'Remove the unused suppression', edits: [alone ? { start: lineStart, end: lineEnd, newText: '' } : { start, end, newText: '' }] };
}
